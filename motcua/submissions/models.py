"""Drafts (hồ sơ đang soạn) and the idempotency records of submissions.

A draft belongs to the citizen whose dossier it will be, even when a volunteer fills it with
them; it is pinned to the procedure version it was started on (architecture.md, "Procedure
versions"). Submitting turns it into a dossier once: the draft keeps a link to it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion, RequiredDocument
from motcua.documents.models import StoredFile
from motcua.dossiers.models import Dossier

from .consent_states import ConsentState


class Draft(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="drafts",
        verbose_name=_("applicant"),
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("procedure version"),
    )
    competent_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("competent agency"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    # The procedure's case (trường hợp) whose papers apply, when it lists papers by case.
    case_group = models.CharField(_("case"), max_length=300, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # Pages the applicant has saved at least once: the task list shows "in progress" from them.
    visited = models.JSONField(default=list, blank=True)
    helped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="helped_drafts",
        verbose_name=_("helped by"),
    )
    dossier = models.OneToOneField(
        Dossier, on_delete=models.SET_NULL, null=True, blank=True, related_name="draft"
    )
    # The consent under which the volunteer submitted it: the counter receives the dossier
    # only once that consent is confirmed (security review D5).
    consent = models.ForeignKey(
        "Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drafts",
        verbose_name=_("consent"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["owner", "-updated_at"], name="draft_owner")]

    def __str__(self) -> str:
        return f"{self.procedure_version.procedure_id}: {self.id}"

    @property
    def submitted(self) -> bool:
        return self.dossier_id is not None


class DraftPaper(models.Model):
    """A paper attached to a draft's slot: an upload, or a paper reused from the repository."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="papers")
    required_document = models.ForeignKey(
        RequiredDocument, on_delete=models.CASCADE, related_name="+"
    )
    stored_file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    reused = models.BooleanField(_("reused from the repository"), default=False)
    repository_ref = models.CharField(max_length=80, blank=True)
    from_national = models.BooleanField(default=False)
    title = models.CharField(_("title"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("draft paper")
        verbose_name_plural = _("draft papers")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class IdempotencyRecord(models.Model):
    """The first answer to an API request with an Idempotency-Key, replayed for 24 hours.

    The row is inserted in the same transaction as the dossier: a concurrent request with the
    same key waits on the unique index, then reads the committed answer (PostgreSQL), or is
    serialised by SQLite's IMMEDIATE transactions.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class Consent(models.Model):
    """A citizen's consent that a volunteer fills and submits dossiers with them.

    Given by a one-time code sent to the citizen's phone (read out to the volunteer sitting
    beside them), or by a signed consent form scanned at a help desk. It lasts until `ends_at`
    or until the citizen ends it; each dossier is handed off at its submission. Its `state`
    follows consent_states.TRANSITIONS and changes only through assistance.change_state().
    """

    class Method(models.TextChoices):
        CODE = "code", _("One-time code sent to the citizen")
        SCAN = "scan", _("Signed consent form, scanned")
        OFFLINE = "offline", _("Code captured offline, checked at sync")

    class State(models.TextChoices):
        PENDING = ConsentState.PENDING.value, _("Awaiting confirmation")
        ACTIVE = ConsentState.ACTIVE.value, _("Confirmed")
        ENDED = ConsentState.ENDED.value, _("Ended")
        REFUSED = ConsentState.REFUSED.value, _("Refused")

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents_given",
        verbose_name=_("citizen"),
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents_received",
        verbose_name=_("volunteer"),
    )
    method = models.CharField(_("how consent was given"), max_length=8, choices=Method.choices)
    scan = models.ForeignKey(
        StoredFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed form"),
    )
    granted_at = models.DateTimeField(_("given at"))
    ends_at = models.DateTimeField(_("ends at"))
    ended_at = models.DateTimeField(_("ended early at"), null=True, blank=True)
    # PENDING by default: a consent nobody confirmed shows nothing of the citizen (D5).
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    # Who settled it and when: the citizen by their code, or the officer who confirmed or
    # refused the scan. Null while nobody has checked it.
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed or refused by"),
    )
    checked_at = models.DateTimeField(_("confirmed or refused at"), null=True, blank=True)
    # The phone or email the volunteer typed: shown instead of the citizen's name while the
    # consent is not confirmed.
    contact = models.CharField(_("phone or email typed"), max_length=254, blank=True)
    # The code challenge (salted hash) of an offline consent, checked when the dossier syncs.
    challenge = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("assistance consent")
        verbose_name_plural = _("assistance consents")
        indexes = [models.Index(fields=["volunteer", "ends_at"], name="consent_volunteer")]

    def __str__(self) -> str:
        return f"{self.volunteer_id} → {self.citizen_id} ({self.method})"
