from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """What a petition is about; Decision 766 indicator 5.4 counts the two apart."""

    RULES = "rules", _("Administrative rules and procedures")
    STAFF = "staff", _("The conduct of officers")


class ContactBy(models.TextChoices):
    """How the citizen wants to hear of the answer, besides their inbox on the portal."""

    IN_APP = "in_app", _("Only in my account on the portal")
    SMS = "sms", _("Also by SMS")
    EMAIL = "email", _("Also by email")


class Reaction(models.TextChoices):
    LIKE = "like", _("Satisfied with the answer")
    DISLIKE = "dislike", _("Not satisfied with the answer")


# The states of transitions.State in the words a citizen reads.
STATE_LABELS = {
    "submitted": _("Received, being handled"),
    "more-info-requested": _("More information asked for"),
    "refused": _("Refused, not taken up"),
    "answered": _("Answer given"),
    "published": _("Answered and published"),
}

# What each timeline entry means to the citizen.
EVENT_LABELS = {
    "submit": _("You sent the petition"),
    "refuse": _("The agency refused the petition"),
    "request_more": _("The agency asked for more information"),
    "add_information": _("You added information"),
    "answer": _("The agency answered"),
    "publish": _("The answer was published"),
}
