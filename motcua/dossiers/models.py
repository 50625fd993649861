"""The dossier (hồ sơ): one model for every channel, its history, steps, papers and fees.

Only `Dossier.apply()` (workflow.py) changes a dossier's state and clock; a test scans the code
for any other write. The bulk data generator (bench/generate.py) is the one named exception.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.choices import OnlineLevel
from motcua.catalog.models import ProcedureVersion, RequiredDocument
from motcua.units.models import AdministrativeUnit

from .choices import (
    STATE_LABELS,
    STATUS_LABELS,
    ApplicantKind,
    Channel,
    FeeState,
    Outcome,
    PaymentChannel,
    Rating,
    StepKind,
    StepResult,
)
from .queries import DossierQuerySet
from .transitions import Event, State

if TYPE_CHECKING:
    from motcua.accounts.models import User

STATE_CHOICES = [(s.value, STATE_LABELS[s.value]) for s in State]
STATUS_CHOICES = sorted(STATUS_LABELS.items())
EVENT_CHOICES = [(e.value, e.value) for e in Event]


class Dossier(models.Model):
    """An applicant's request under one procedure version, from submission to returned result.

    It has a submission `reference` from creation and an official `code` from receipt; both
    identify it in URLs, the API and the forms. It records what Decision 766 measures.
    """

    reference = models.CharField(_("submission reference"), max_length=16, unique=True)
    code = models.CharField(_("dossier code"), max_length=40, unique=True, null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=STATE_CHOICES)
    status = models.PositiveSmallIntegerField(
        _("national status"), choices=STATUS_CHOICES, db_index=True
    )
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices, blank=True)

    procedure_version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("procedure version"),
    )
    online_level = models.CharField(_("online level"), max_length=10, choices=OnlineLevel.choices)
    result_is_document = models.BooleanField(_("result is a document"), default=True)

    # Foreign keys led by a composite index below (dossier_applicant, dossier_counter,
    # dossier_queue) have no index of their own: every index is written on every transition.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("applicant"),
        db_index=False,
    )
    applicant_kind = models.CharField(
        _("applicant kind"),
        max_length=12,
        choices=ApplicantKind.choices,
        default=ApplicantKind.PERSON,
    )
    applicant_name = models.CharField(_("applicant name"), max_length=200)
    applicant_id_number = models.CharField(_("personal ID number"), max_length=12, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=300, blank=True)
    organisation_tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    applicant_address = models.CharField(_("address"), max_length=300, blank=True)
    # The unit carries its scheme (before or after 1/7/2025): reports honour succession.
    applicant_commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applicant's commune"),
    )
    helped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="helped_dossiers",
        verbose_name=_("helped by"),
    )
    help_desk = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("help desk"),
    )
    help_ends_at = models.DateTimeField(_("help ends at"), null=True, blank=True)

    receiving_unit = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving unit"),
        db_index=False,
    )
    competent_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("competent agency"),
        db_index=False,
    )
    channel = models.PositiveSmallIntegerField(_("channel"), choices=Channel.choices)

    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    clock_starts_at = models.DateTimeField(_("clock starts at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    restarted = models.BooleanField(_("time limit restarted"), default=False)
    late_by_supplement = models.BooleanField(_("late by a further supplement"), default=False)
    extension_count = models.PositiveSmallIntegerField(_("extensions"), default=0)
    # Set once by the deadline job (deadlines.py) and cleared when the due date moves.
    due_soon_flagged_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_flagged_at = models.DateTimeField(null=True, blank=True, editable=False)

    answers = models.JSONField(_("form answers"), default=dict, blank=True)
    e_result_code = models.CharField(_("e-result code"), max_length=80, blank=True)
    e_result_url = models.CharField(_("e-result link"), max_length=500, blank=True)
    vneid_verified = models.BooleanField(_("account verified with VNeID"), default=False)
    # Null, not "", means "no integration yet": Decision 766 reports it as not measured.
    sync_state = models.CharField(  # noqa: DJ001
        _("national portal sync"),
        max_length=20,
        null=True,
        blank=True,
    )
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices, blank=True)
    rating_reason = models.TextField(_("rating reason"), blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            # Queues and the deadline job: open dossiers of an agency by due date.
            models.Index(fields=["competent_agency", "status", "due_at"], name="dossier_queue"),
            models.Index(fields=["receiving_unit", "status"], name="dossier_counter"),
            models.Index(fields=["applicant", "-created_at"], name="dossier_applicant"),
            # "Due soon" and "overdue" read the few dossiers an agency holds, by due date, out of
            # a table of mostly finished ones; the states are deadlines.HELD_BY_AGENCY.
            models.Index(
                fields=["due_at"],
                name="dossier_held_due",
                condition=Q(state__in=["received", "processing", "approved"]),
            ),
        ]

    def __str__(self) -> str:
        return self.code or self.reference

    def apply(
        self,
        event: Event | str,
        *,
        by: User | None,
        note: str = "",
        at: dt.datetime | None = None,
        **data: Any,
    ) -> Dossier:
        """Apply a lifecycle event: the one write path of a dossier's state (workflow.py)."""
        from .workflow import apply

        return apply(self, event, by=by, note=note, at=at, **data)

    @classmethod
    def create(
        cls,
        event: Event | str,
        *,
        by: User | None,
        note: str = "",
        at: dt.datetime | None = None,
        **fields: Any,
    ) -> Dossier:
        """Create a dossier by applying `submit_online` or `receive_at_counter` from nothing."""
        from .workflow import create

        return create(event, by=by, note=note, at=at, **fields)


class CodeCounter(models.Model):
    """The last sequence number a receiving unit used on one day, for dossier codes."""

    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("dossier code counter")
        verbose_name_plural = _("dossier code counters")
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="counter_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.last}"


class Transition(models.Model):
    """One event in a dossier's life: immutable, the audit log and the source of reports."""

    # Indexed by transition_history (dossier, id).
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="transitions", db_index=False
    )
    event = models.CharField(max_length=32, choices=EVENT_CHOICES)
    from_state = models.CharField(max_length=20, choices=STATE_CHOICES, blank=True)
    to_state = models.CharField(max_length=20, choices=STATE_CHOICES)
    from_status = models.PositiveSmallIntegerField(null=True)
    to_status = models.PositiveSmallIntegerField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    roles = models.JSONField(default=list)
    at = models.DateTimeField()
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["dossier_id", "id"]
        indexes = [models.Index(fields=["dossier", "id"], name="transition_history")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.event} {self.from_state}→{self.to_state}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("History rows are never changed")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("History rows are never deleted")


class Step(models.Model):
    """Who holds the dossier: a team (agency or department) and maybe a person, with due times.

    Handling steps follow one another; consultation steps run in parallel with their own
    deadlines. The control sheet (Form 06) and `visible_to` read these rows.
    """

    # Indexed by the step_number constraint and the indexes below, which lead with them.
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="steps", db_index=False
    )
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=14, choices=StepKind.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="dossier_steps", db_index=False
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossier_steps",
        db_index=False,
    )
    started_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=10, choices=StepResult.choices, blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["dossier_id", "number"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="step_number")]
        indexes = [
            models.Index(fields=["agency", "ended_at"], name="step_open_by_agency"),
            # "My work" (assignee) and the team inbox (no assignee, by agency): a specialist
            # may have taken a hundred thousand steps over the years; queues read open ones.
            models.Index(
                fields=["assignee", "agency"],
                condition=Q(ended_at__isnull=True),
                name="step_open_by_assignee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} #{self.number} {self.kind}"


class Paper(models.Model):
    """A paper of the dossier (TaiLieuNop), with the flags Decision 766 counts."""

    # Indexed by paper_flags below, which leads with it.
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="papers", db_index=False
    )
    required_document = models.ForeignKey(
        RequiredDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=500)
    file = models.CharField(_("stored file"), max_length=300, blank=True)
    digitized = models.BooleanField(_("digitized"), default=False)  # DuocSoHoa
    reused = models.BooleanField(_("reused from the repository"), default=False)
    from_national_repository = models.BooleanField(default=False)  # DuocLayTuKhoDMQG
    original_returned = models.BooleanField(_("original returned"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        indexes = [
            # Digitization replaces a scan by its PDF in every paper that names it.
            models.Index(fields=["file"], name="paper_file"),
            # A dossier's papers, with the flags the report rebuild counts: on PostgreSQL the
            # rebuild reads this index alone, not the papers' rows with their extracted text.
            models.Index(
                fields=["dossier"],
                include=["digitized", "reused", "from_national_repository"],
                name="paper_flags",
            ),
        ]

    def __str__(self) -> str:
        return self.name[:80]


class Fee(models.Model):
    """A charge or fee of the dossier (DanhSachPhiLePhi) and how it was paid."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(max_length=8)
    amount = models.PositiveIntegerField(_("amount (đồng)"))
    state = models.CharField(max_length=10, choices=FeeState.choices, default=FeeState.DUE)
    payment_channel = models.PositiveSmallIntegerField(
        choices=PaymentChannel.choices, null=True, blank=True
    )  # DuocThanhToanTrucTuyen
    paid_online = models.BooleanField(default=False)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"


# The events whose facts the report figures read (supplement requests and their answers).
FIGURE_EVENTS = ("request_supplement", "provide_supplement")


class Fact(models.Model):
    """One change to a Decision 766 input, appended by record_fact() (docs/glossary.md)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="facts")
    event = models.CharField(max_length=32)
    at = models.DateTimeField()
    receipt_day = models.DateField(null=True)
    channel = models.PositiveSmallIntegerField()
    # Copies of the dossier row's keys, which it checks: a fact, appended on every transition,
    # carries no index or constraint of its own for them (the fold reads facts by id range
    # and by dossier).
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    competent_agency = models.ForeignKey(
        Agency, on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    receiving_unit = models.ForeignKey(
        Agency, on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    commune_scheme = models.CharField(max_length=12, blank=True)
    status = models.PositiveSmallIntegerField()
    due_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    flags = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("report fact")
        verbose_name_plural = _("report facts")
        indexes = [
            # The few facts the report rebuild reads (reports/folding.py, _facts_by_dossier):
            # a tenth of them, without a scan of every fact. The rebuild's condition must
            # imply this one for PostgreSQL to use it. It holds what the rebuild reads of
            # them, so it reads 60 MB of index instead of every page of the facts.
            models.Index(
                fields=["dossier"],
                name="fact_figures",
                include=["event", "at", "receipt_day", "flags"],
                condition=Q(event__in=FIGURE_EVENTS)
                | Q(flags__has_key="e_result")
                | Q(flags__has_key="payment_channel")
                | Q(flags__has_key="petition"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.event} {self.at:%Y-%m-%d %H:%M}"
