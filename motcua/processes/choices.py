from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role

# The roles a step of an internal process is done by: the counter, a specialist, a leader.
STEP_ROLES = [(r.value, r.label) for r in (Role.COUNTER_OFFICER, Role.SPECIALIST, Role.LEADER)]


class TeamKind(models.TextChoices):
    """Which team does a step, when no routing rule of the step fits the dossier."""

    COMPETENT = "competent", _("The competent agency itself")
    DEPARTMENT = "department", _("The competent agency's department of a given kind")
    RECEIVING = "receiving", _("The unit that received the dossier")
    FIXED = "fixed", _("A fixed agency")


class Condition(models.TextChoices):
    """What a routing rule looks at in the dossier."""

    SECTOR = "sector", _("Sector code")
    COMMUNE = "commune", _("Applicant's commune code")
    ANSWER = "answer", _("Form answer")
