from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "motcua.submissions"
    verbose_name = _("Drafts and submission")
