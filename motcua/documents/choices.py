from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperKind(models.TextChoices):
    """What a paper in the citizen's repository is."""

    RESULT = "result", _("Result of an earlier procedure")
    VERIFIED = "verified", _("Verified paper")
