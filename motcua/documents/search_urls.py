"""The officers' search inside papers, /mot-cua/tim-giay-to/, in the back office's namespace
(motcua/backoffice/urls.py includes it)."""

from django.urls import path

from . import search_views

urlpatterns = [
    path("tim-giay-to/", search_views.paper_search, name="paper-search"),
]
