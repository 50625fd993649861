from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    """Who speaks in a dossier's conversation: the applicant's side (the applicant, or the
    volunteer helping them) or the officers handling the dossier."""

    APPLICANT = "applicant", _("applicant")
    OFFICER = "officer", _("officer")
