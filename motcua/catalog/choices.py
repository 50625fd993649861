from django.db import models
from django.utils.translation import gettext_lazy as _


class OnlineLevel(models.TextChoices):
    """Decree 42/2022/NĐ-CP Art. 11.1: full online (toàn trình) or partial (một phần)."""

    FULL = "full", _("Full online")
    PARTIAL = "partial", _("Partly online")
    NONE = "none", _("Not online")


class ProcedureLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")
    PROVINCE_AND_COMMUNE = "province-commune", _("Province and commune")
    CENTRAL = "central", _("Central")


class LimitUnit(models.TextChoices):
    """The unit of a legal time limit (national field DonViTinh)."""

    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")
    CALENDAR_DAYS = "calendar_days", _("days")
    MONTHS = "months", _("months")
    SAME_DAY = "same_day", _("within the day")


class ResultType(models.TextChoices):
    DOCUMENT = "document", _("A document")
    NONE = "none", _("No document")


class PaperForm(models.TextChoices):
    ORIGINAL = "original", _("Original")
    COPY = "copy", _("Copy")
    CERTIFIED_COPY = "certified-copy", _("Certified copy")
    ORIGINAL_TO_SHOW = "show", _("Original to show")


class FeeKind(models.TextChoices):
    """Lệ phí is a charge set by law for a state service; phí pays for the service's cost."""

    CHARGE = "le-phi", _("Charge (lệ phí)")
    FEE = "phi", _("Fee (phí)")


class FeeChannel(models.TextChoices):
    ANY = "any", _("Any channel")
    ONLINE = "online", _("Online")
    IN_PERSON = "in-person", _("In person or by post")


class FeeBasis(models.TextChoices):
    FIXED = "fixed", _("Fixed amount per case")
    PER_PAGE = "per-page", _("Per page, with tiers")
    # e.g. 8,000 đ per copy of a civil-status extract (Circular 281/2016/TT-BTC): a fixed
    # amount would undercharge a request for several copies.
    PER_COPY = "per-copy", _("Per copy")
    PER_PERSON = "per-person", _("Per person")
    SET_LOCALLY = "local", _("Set by the provincial People's Council")
