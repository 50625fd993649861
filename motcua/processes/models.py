"""The internal process of a procedure (quy trình nội bộ): its steps in order, who does each,
how long each may take, and the rules that choose the team from the dossier.

A procedure version without a process is handled as before: officers choose every team and
due time themselves. With one, the back office suggests them (suggest.py); the officer may
change the suggestion, and `Dossier.apply()` stays the only write path of the dossier.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.choices import AgencyKind
from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion

from .budgets import BudgetCheck, check_budgets
from .choices import STEP_ROLES, Condition, TeamKind


class Process(models.Model):
    """The internal process of one procedure version (at most one)."""

    procedure_version = models.OneToOneField(
        ProcedureVersion,
        on_delete=models.CASCADE,
        related_name="process",
        verbose_name=_("procedure version"),
    )
    approved_by = models.CharField(
        _("approving decision"),
        max_length=200,
        blank=True,
        help_text=_("The decision that approved this internal process, e.g. its number and date."),
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("internal process")
        verbose_name_plural = _("internal processes")
        ordering = ["procedure_version__procedure__code", "-procedure_version__number"]

    def __str__(self) -> str:
        return str(self.procedure_version)

    def budget_check(self) -> BudgetCheck:
        """How the sequential steps' budgets compare with the version's legal limit."""
        version = self.procedure_version
        budgets = [s.budget for s in self.steps.all() if not s.parallel]
        return check_budgets(budgets, version.time_limit, version.time_limit_unit)


class ProcessStep(models.Model):
    """One step of a process: who does it, in which team, with how much time."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="steps", verbose_name=_("internal process")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("done by"), max_length=20, choices=STEP_ROLES)
    team = models.CharField(
        _("team"), max_length=12, choices=TeamKind.choices, default=TeamKind.COMPETENT
    )
    department_kind = models.CharField(
        _("kind of department"),
        max_length=20,
        choices=AgencyKind.choices,
        blank=True,
        help_text=_("For “the competent agency's department of a given kind”."),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fixed agency"),
        help_text=_("For “a fixed agency”."),
    )
    budget = models.DecimalField(
        _("time budget"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "In the unit of the procedure's time limit: working days, or working hours "
            "when the limit is in hours or within the day. Halves are allowed (0.5)."
        ),
    )
    parallel = models.BooleanField(
        _("parallel (inter-agency)"),
        default=False,
        help_text=_(
            "An inter-agency (liên thông) step runs as a consultation with its own "
            "deadline, alongside the other steps; its budget is not added to theirs."
        ),
    )

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["process_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "position"], name="process_step_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    def clean(self) -> None:
        if self.team == TeamKind.FIXED and self.agency_id is None:
            raise ValidationError({"agency": _("Choose the agency that does this step.")})
        if self.team == TeamKind.DEPARTMENT and not self.department_kind:
            raise ValidationError(
                {"department_kind": _("Choose the kind of department that does this step.")}
            )


class RoutingRule(models.Model):
    """A condition on the dossier that sends a step to a given agency; the first that fits
    wins, else the step's own team does it."""

    step = models.ForeignKey(
        ProcessStep,
        on_delete=models.CASCADE,
        related_name="routing_rules",
        verbose_name=_("process step"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    condition = models.CharField(_("condition"), max_length=10, choices=Condition.choices)
    answer_key = models.CharField(
        _("answer key"),
        max_length=100,
        blank=True,
        help_text=_("For a form answer: the field's key, e.g. loai_cho_o."),
    )
    value = models.CharField(
        _("value"),
        max_length=500,
        help_text=_("The code or answer that fits; several may be separated by commas."),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["step_id", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_condition_display()} = {self.value} → {self.agency}"

    def clean(self) -> None:
        if self.condition == Condition.ANSWER and not self.answer_key.strip():
            raise ValidationError({"answer_key": _("Give the key of the form answer.")})
