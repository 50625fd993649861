"""The officers' actions (action_views) and the counter intake (intake_views), under /mot-cua/."""

from django.urls import path

from . import action_views, consent_views, intake_views

urlpatterns: list = [
    path("ho-so/<str:ref>/xu-ly/", action_views.actions, name="actions"),
    path("ho-so/<str:ref>/xu-ly/<str:event>/", action_views.act, name="act"),
    path("hang-loat/", action_views.batch, name="batch"),
    path("tiep-nhan/", intake_views.find_applicant, name="intake"),
    path("tiep-nhan/cong-dan-moi/", intake_views.new_applicant, name="intake_new_applicant"),
    path("tiep-nhan/ho-so/", intake_views.intake_dossier, name="intake_dossier"),
    path("tiep-nhan/<str:ref>/bien-nhan/", intake_views.receipt, name="intake_receipt"),
    path("dong-y/", consent_views.consent_list, name="consents"),
    path("dong-y/<int:consent_id>/ban-quet/", consent_views.consent_scan, name="consent-scan"),
    path("dong-y/<int:consent_id>/", consent_views.consent_decide, name="consent-decide"),
]
