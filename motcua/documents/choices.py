from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperKind(models.TextChoices):
    """What a paper in the citizen's repository is."""

    RESULT = "result", _("Result of an earlier procedure")
    VERIFIED = "verified", _("Verified paper")


class TextState(models.TextChoices):
    """Where reading a stored file's text stands (ADR 0016)."""

    PENDING = "pending", _("Waiting to be read")
    DONE = "done", _("Text read")
    UNAVAILABLE = "unavailable", _("OCR not installed")
    FAILED = "failed", _("Reading failed")


class TextSource(models.TextChoices):
    """Where a stored file's text came from."""

    LAYER = "layer", _("The PDF's own text")
    OCR = "ocr", _("Optical character recognition")
