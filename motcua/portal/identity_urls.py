from django.urls import path

from . import identity_views

urlpatterns = [
    path("tai-khoan/", identity_views.profile_page, name="profile"),
    path("tai-khoan/to-chuc/", identity_views.organisation_list, name="organisations"),
    path("tai-khoan/to-chuc/khai-bao/", identity_views.organisation_add, name="organisation-add"),
    path(
        "tai-khoan/to-chuc/<int:pk>/ket-thuc/",
        identity_views.organisation_end,
        name="organisation-end",
    ),
]
