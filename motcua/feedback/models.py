"""Petitions (phản ánh, kiến nghị) of citizens and how agencies handled them.

A petition changes only through workflow.py, which keeps its deadlines (deadlines.py), whether
each was met, and an immutable timeline. The dossier's own rating lives on the Dossier
(rating.py writes it). Decision 766 group 5 reads both (reports.kpi_rows.PetitionRow).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier

from . import deadlines
from .choices import EVENT_LABELS, STATE_LABELS, ContactBy, Reaction, Topic
from .queries import PetitionQuerySet
from .transitions import OFFICER_EVENTS, Event, State

STATE_CHOICES = [(s.value, STATE_LABELS[s.value]) for s in State]
EVENT_CHOICES = [(e.value, EVENT_LABELS[e.value]) for e in Event]


class Petition(models.Model):
    """A citizen's petition about a dossier, a procedure, or in general, and its handling.

    `agency` is the agency that must handle it: the dossier's competent agency, or the first
    implementing agency of the procedure; null means the provincial office handles it.
    """

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    petitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="petitions",
        verbose_name=_("petitioner"),
    )
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
        verbose_name=_("dossier"),
    )
    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("procedure"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handling agency"),
    )
    follows = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follows up on"),
    )
    topic = models.CharField(_("about"), max_length=8, choices=Topic.choices, default=Topic.RULES)
    subject = models.CharField(_("petition subject"), max_length=200)
    content = models.TextField(_("content"))
    contact_by = models.CharField(
        _("contact"), max_length=8, choices=ContactBy.choices, default=ContactBy.IN_APP
    )
    state = models.CharField(_("state"), max_length=24, choices=STATE_CHOICES)

    received_at = models.DateTimeField(_("received at"))
    # Receipt, or the moment the information asked for arrived: the clocks run from there.
    clock_starts_at = models.DateTimeField(_("clock starts at"))
    refuse_due_at = models.DateTimeField(_("refuse by"))
    more_info_due_at = models.DateTimeField(_("ask for more information by"))
    answer_due_at = models.DateTimeField(_("answer by"), db_index=True)
    publish_due_at = models.DateTimeField(_("publish by"), null=True, blank=True)

    refused_at = models.DateTimeField(_("refused at"), null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    more_info_requested_at = models.DateTimeField(
        _("more information asked at"), null=True, blank=True
    )
    more_info_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    question = models.TextField(_("information asked for"), blank=True)
    information_at = models.DateTimeField(_("information added at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the public list shows instead of `content`: the officer may leave out personal
    # details the citizen wrote. Empty means the content as written.
    public_content = models.TextField(_("content as published"), blank=True)

    # Whether each deadline was met; null while the step has not been taken. A second request
    # for information keeps False once one was late.
    refused_on_time = models.BooleanField(null=True, blank=True)
    more_info_on_time = models.BooleanField(null=True, blank=True)
    answered_on_time = models.BooleanField(null=True, blank=True)
    published_on_time = models.BooleanField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        indexes = [
            # An agency's queue: its open petitions by answer deadline.
            models.Index(fields=["agency", "state", "answer_due_at"], name="petition_queue"),
            models.Index(fields=["petitioner", "-received_at"], name="petition_petitioner"),
            # The public list of published answers, newest first.
            models.Index(fields=["state", "-published_at"], name="petition_published"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.state, self.state))

    @property
    def shown_content(self) -> str:
        """The content as the public list shows it."""
        return self.public_content or self.content

    def reaction_counts(self) -> tuple[int, int]:
        """Return (likes, dislikes) of the answer (from prefetched reactions when there are)."""
        values = [r.value for r in self.reactions.all()]
        return values.count(Reaction.LIKE), values.count(Reaction.DISLIKE)

    @property
    def unsatisfied(self) -> bool:
        """More dislikes than likes (Decision 766 indicator 5.2)."""
        likes, dislikes = self.reaction_counts()
        return dislikes > likes

    @property
    def re_complained(self) -> bool:
        """The citizen complained again about the answer (indicator 5.2)."""
        return self.follow_ups.exists()

    @property
    def about_staff(self) -> bool:
        """About officers' conduct rather than the rules (indicator 5.4)."""
        return self.topic == Topic.STAFF

    def report_window(self) -> tuple[dt.datetime, dt.datetime | None]:
        """Return (due_at, handled_at) of reports.kpi_rows.PetitionRow (deadlines.py)."""
        steps = self.entries.filter(event__in=OFFICER_EVENTS).order_by("id")
        done = [deadlines.Step(e.due_at, e.at) for e in steps if e.due_at is not None]
        owed = {State.SUBMITTED: self.answer_due_at, State.ANSWERED: self.publish_due_at}.get(
            State(self.state)
        )
        return deadlines.report_window(done, owed, self.received_at)


class PetitionEntry(models.Model):
    """One step in a petition's life, shown on its timeline: immutable, like dossier history.

    For the agency's steps `due_at` is the deadline the step had and `on_time` whether it was
    met.
    """

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="entries")
    event = models.CharField(max_length=20, choices=EVENT_CHOICES)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    text = models.TextField(blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    on_time = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = _("petition timeline entry")
        verbose_name_plural = _("petition timeline")
        ordering = ["petition_id", "id"]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.event}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Petition timeline entries are never changed")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Petition timeline entries are never deleted")

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.event, self.event))


class PetitionReaction(models.Model):
    """A like or dislike of a petition's answer, once per person."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.CharField(_("reaction"), max_length=8, choices=Reaction.choices)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("reaction to an answer")
        verbose_name_plural = _("reactions to answers")
        constraints = [
            models.UniqueConstraint(fields=["petition", "user"], name="petition_reaction_once")
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.value}"
