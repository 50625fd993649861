"""Failed notifications and the officer's inbox in the back office, included in its URLs
(namespace "backoffice")."""

from django.urls import path

from . import inbox_views
from . import officer_views as views

urlpatterns = [
    path("thong-bao-loi/", views.failure_list, name="notification-failures"),
    path("thong-bao-loi/<int:pk>/", views.failure_page, name="notification-failure"),
    path("thong-bao-loi/<int:pk>/gui-lai/", views.failure_retry, name="notification-failure-retry"),
    path(
        "thong-bao-loi/<int:pk>/da-lien-he/",
        views.failure_resolve,
        name="notification-failure-resolve",
    ),
    path("hop-thu/", inbox_views.officer_inbox, name="inbox"),
    path("hop-thu/da-doc/", inbox_views.officer_read_all, name="inbox-read-all"),
    path("hop-thu/<int:pk>/", inbox_views.officer_message, name="inbox-message"),
]
