from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
    DUE = "due", pgettext_lazy("fee state", "Due")
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

# What each event means to the applicant, for the timeline of their dossier.
EVENT_LABELS = {
    "submit_online": _("You submitted the dossier online"),
    "receive_at_counter": _("The dossier was received at the counter"),
    "receive": _("The dossier was received"),
    "request_intake_supplement": _("Papers were asked for before receipt"),
    "refuse_at_intake": _("The dossier was not received"),
    "forward": _("The dossier was passed to the department that handles it"),
    "return_to_step": _("The dossier was sent back to an earlier step"),
    "request_supplement": _("Supplementary papers were asked for"),
    "provide_supplement": _("The supplementary papers were provided"),
    "request_obligation": _("Payment of a financial obligation was asked for"),
    "pay_obligation": _("The financial obligation was paid"),
    "consult": _("Another agency was consulted"),
    "answer_consultation": _("The consulted agency answered"),
    "approve": _("The draft result was approved"),
    "extend": _("The agency apologised and set a new due date"),
    "request_withdrawal": _("You asked to withdraw the dossier"),
    "stop": _("Handling was stopped"),
    "refuse": _("The request was refused"),
    "decide": _("The result is ready"),
    "return_result": _("The result was handed over"),
}


# The lifecycle's named states (transitions.State), for the admin and exports.
STATE_LABELS = {
    "submitted": _("Submitted online"),
    "intake-supplement": _("Supplement asked before receipt"),
    "not-received": _("Not received"),
    "received": _("Received"),
    "processing": _("Being processed"),
    "approved": _("Approved, waiting for the decision"),
    "supplement": _("Waiting for supplementary papers"),
    "obligation": _("Waiting for payment of the financial obligation"),
    "withdrawal": _("Withdrawal requested"),
    "stopped": _("Processing stopped"),
    "decided": _("Decided"),
    "returned": _("Result returned"),
}
