"""Result pages, at the site root (config/urls.py includes this module before the portal and
the back office, so every path is written in full)."""

from django.urls import path

from . import public_views, views

app_name = "results"

urlpatterns = [
    path("mot-cua/ho-so/<str:ref>/ket-qua/", views.result_page, name="officer"),
    path("mot-cua/ho-so/<str:ref>/ket-qua/tai-len/", views.upload_result, name="upload"),
    path("mot-cua/ho-so/<str:ref>/ket-qua/tao/", views.generate_result, name="generate"),
    path(
        "mot-cua/ho-so/<str:ref>/ket-qua/<str:which>.pdf", views.officer_file, name="officer-file"
    ),
    path("ho-so-cua-toi/<str:ref>/ket-qua.pdf", views.my_result_file, name="my-file"),
    path("kiem-tra-ket-qua/", public_views.verify_upload, name="verify"),
    path("kiem-tra-ket-qua/<str:code>/", public_views.verify_code, name="verify-code"),
    path("pki/<slug:slug>.crl", public_views.crl, name="crl"),
    path("pki/<slug:slug>.crt", public_views.ca_certificate, name="ca-certificate"),
]
