"""The applicant's notification pages (preferences, inbox), included in the portal's URLs
(namespace "portal")."""

from django.urls import path

from . import citizen_views, inbox_views

urlpatterns = [
    path("tai-khoan/thong-bao/", citizen_views.preferences_page, name="notification-preferences"),
    path("tai-khoan/hop-thu/", inbox_views.citizen_inbox, name="inbox"),
    path("tai-khoan/hop-thu/da-doc/", inbox_views.citizen_read_all, name="inbox-read-all"),
    path("tai-khoan/hop-thu/<int:pk>/", inbox_views.citizen_message, name="inbox-message"),
]
