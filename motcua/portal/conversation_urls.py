from django.urls import path

from . import conversation_views

urlpatterns = [
    path(
        "ho-so-cua-toi/<str:ref>/trao-doi/",
        conversation_views.send_message,
        name="my-dossier-message",
    ),
    path(
        "ho-so-cua-toi/<str:ref>/giay-to/<int:paper_id>/",
        conversation_views.download_paper,
        name="my-dossier-paper",
    ),
]
