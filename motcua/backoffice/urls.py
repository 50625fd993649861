"""The one-stop back office for staff, under /mot-cua/."""

from django.urls import include, path

from . import auth_views, petition_views, views

app_name = "backoffice"

urlpatterns = [
    path("dang-nhap/", auth_views.sign_in, name="login"),
    path("dang-nhap/ma-xac-thuc/", auth_views.second_factor, name="second-factor"),
    path("xac-thuc-hai-buoc/", auth_views.setup, name="setup"),
    path("dang-xuat/", auth_views.sign_out, name="logout"),
    path("", views.queue_page, name="queues"),
    path("hang-doi/<str:name>/", views.queue_page, name="queue"),
    path("ho-so/<str:ref>/", views.dossier_page, name="dossier"),
    path("ho-so/<str:ref>/ghi-chu/", views.add_note, name="note"),
    path("ho-so/<str:ref>/trao-doi/", views.send_message, name="message"),
    path("ho-so/<str:ref>/giay-to/<int:paper_id>/", views.paper_file, name="paper"),
    path("phan-anh/", petition_views.petition_list, name="petitions"),
    path("phan-anh/<str:ref>/", petition_views.petition_page, name="petition"),
    path("phan-anh/<str:ref>/<str:step>/", petition_views.petition_step, name="petition-step"),
    path("", include("motcua.notifications.officer_urls")),
    path("", include("motcua.documents.search_urls")),
    path("", include("motcua.backoffice.action_urls")),
]
