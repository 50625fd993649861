"""The one-stop back office for staff, under /mot-cua/ (filled in by its features)."""

from django.urls import include, path

app_name = "backoffice"

urlpatterns = [
    path("", include("motcua.backoffice.action_urls")),
]
