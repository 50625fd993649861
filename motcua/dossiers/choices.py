from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.IntegerChoices):
    """How the dossier came in (national field KenhThucHien)."""

    IN_PERSON = 1, _("In person")
    ONLINE = 2, _("Online")
    POST = 3, _("By post")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class PaymentChannel(models.IntegerChoices):
    """Where an online payment was made (national field DuocThanhToanTrucTuyen)."""

    NATIONAL_PORTAL = 1, _("National public service portal")
    PROVINCIAL_GATEWAY = 2, _("Provincial payment gateway")


class FeeState(models.TextChoices):
    DUE = "due", _("Due")
    PAID = "paid", _("Paid")
    EXEMPT = "exempt", _("Exempt")
    REFUNDED = "refunded", _("Refunded")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class Rating(models.TextChoices):
    VERY_SATISFIED = "very-satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    NOT_SATISFIED = "not-satisfied", _("Not satisfied")


class StepKind(models.TextChoices):
    HANDLING = "handling", _("Handling")
    CONSULTATION = "consultation", _("Consultation")


class StepResult(models.TextChoices):
    DONE = "done", _("Done")
    RETURNED = "returned", _("Returned to an earlier step")
    ANSWERED = "answered", _("Answered")


# The national status codes (TrangThaiHoSo) in the words an applicant reads (domain.md §2.1).
STATUS_LABELS = {
    1: _("Submitted online, waiting to be received"),
    2: _("Received"),
    3: _("Not received"),
    4: _("Being processed"),
    5: _("Waiting for supplementary papers"),
    6: _("Waiting for payment of the financial obligation"),
    7: _("Withdrawal requested"),
    8: _("Processing stopped"),
    9: _("Decided, result ready"),
    10: _("Result returned"),
}
