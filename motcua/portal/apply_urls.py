"""Apply online: drafts, their pages and papers, check answers and submit."""

from django.urls import path

from . import apply_papers, apply_views, assist_views

urlpatterns = [
    path("thu-tuc/<str:code>/nop-truc-tuyen/", apply_views.start, name="apply"),
    path("ho-so-nhap/<uuid:draft_id>/", apply_views.task_list, name="draft"),
    path("ho-so-nhap/<uuid:draft_id>/noi-nop/", apply_views.agency, name="draft-agency"),
    path(
        "ho-so-nhap/<uuid:draft_id>/trang/<int:number>/",
        apply_views.question_page,
        name="draft-page",
    ),
    path("ho-so-nhap/<uuid:draft_id>/giay-to/", apply_papers.papers, name="draft-papers"),
    path("ho-so-nhap/<uuid:draft_id>/kiem-tra/", apply_views.check, name="draft-check"),
    path("ho-so-nhap/<uuid:draft_id>/cap-nhat/", apply_views.update_version, name="draft-update"),
    path("ho-so-nhap/<uuid:draft_id>/xoa/", apply_views.delete, name="draft-delete"),
    path("ho-so-cua-toi/<str:ref>/to-khai/", apply_views.submitted_form, name="my-dossier-form"),
]

urlpatterns += [
    path("tro-giup/", assist_views.home, name="assist"),
    path("tro-giup/dong-y/", assist_views.consent, name="assist-consent"),
    path("tro-giup/dong-y/<int:consent_id>/nop/", assist_views.start_for, name="assist-start"),
    path(
        "ho-so-cua-toi/ho-tro/<int:consent_id>/ket-thuc/", assist_views.end_help, name="assist-end"
    ),
]
