"""Pages of motcua.feedback: rating a dossier, and petitions (phản ánh, kiến nghị)."""

from django.urls import path

from . import feedback_views as views

urlpatterns = [
    path("ho-so-cua-toi/<str:ref>/danh-gia/", views.rate_dossier, name="my-dossier-rating"),
    path("phan-anh/", views.petition_list, name="petition-list"),
    path("phan-anh/gui/", views.petition_new, name="petition-new"),
    path("phan-anh/cong-khai/", views.published, name="petition-published"),
    path("phan-anh/<str:ref>/", views.petition_detail, name="petition-detail"),
    path("phan-anh/<str:ref>/bo-sung/", views.petition_information, name="petition-information"),
    path("phan-anh/<str:ref>/y-kien/", views.petition_reaction, name="petition-reaction"),
    path("phan-anh/<str:ref>/phan-anh-lai/", views.petition_follow_up, name="petition-follow-up"),
]
