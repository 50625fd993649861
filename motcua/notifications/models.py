"""Notifications: one outbox row per message to one recipient on one channel (ADR 0011).

The text is rendered when the message is sent (``sending.send``) and stored on the row, so
that every delivery attempt, including a retry after a template changed, sends the same words.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.outbox.models import STATE_FILTERS, OutboxMessage, State

from .kinds import DeliveryState, Kind, delivery_state

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("email")
    IN_APP = "in_app", _("in-app message")


class Language(models.TextChoices):
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")


# What the applicant sees on the preferences page for each kind of message.
KIND_LABELS: dict[Kind, StrOrPromise] = {
    Kind.SUBMITTED: _("Dossier submitted online"),
    Kind.RECEIVED: _("Dossier received, with the date of the result"),
    Kind.SUPPLEMENT: _("Requests to supplement papers"),
    Kind.PAYMENT: _("Fees or charges to pay"),
    Kind.EXTENSION: _("Apology and new date for the result"),
    Kind.RESULT: _("Result ready"),
    Kind.RATING: _("Invitation to rate the service"),
}

# Failed messages about a dossier that no officer has dealt with yet: the officers' task list
# (tasks.py) and its count in the back office's navigation.
OPEN_FAILURE = Q(dead_at__isnull=False, resolved_at__isnull=True, dossier__isnull=False)


class Notification(OutboxMessage):
    """A message on its way to one recipient; ``delivered_at`` is when a channel took it (sent),
    ``confirmed_at`` when the provider reported that it arrived (delivered), and ``dead_at``
    when the last retry gave up (failed; ADR 0015)."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(
        _("recipient"),
        max_length=254,
        help_text=_("A phone number, an email address, or a user id for in-app messages."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("user"),
    )
    template = models.CharField(_("template"), max_length=100)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.VI
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dossier"),
        help_text=_("The dossier the message is about, if any."),
    )
    kind = models.CharField(
        _("kind of message"),
        max_length=20,
        choices=[(k.value, label) for k, label in KIND_LABELS.items()],
        blank=True,
    )
    confirmed_at = models.DateTimeField(
        _("delivery reported at"),
        null=True,
        blank=True,
        help_text=_("When the provider reported that the message reached the recipient."),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolution_note = models.TextField(_("how it was resolved"), blank=True)

    class Meta(OutboxMessage.Meta):
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes: ClassVar[list[models.Index]] = [
            # The outbox's claim index, renamed: its pattern "<app>_<model>_claim" gives
            # "notifications_notification_claim", two characters over Django's 30 (models.E034).
            models.Index(
                fields=["available_at"],
                condition=STATE_FILTERS[State.PENDING],
                name="notifications_claim",
            ),
            # The officers' task list and the navigation's count: a few open failures among
            # millions of delivered rows.
            models.Index(fields=["dossier"], condition=OPEN_FAILURE, name="notifications_failed"),
            # GET /api/v1/me/notifications: one person's messages, newest first.
            models.Index(fields=["user", "-created_at"], name="notifications_of_user"),
        ]

    @property
    def sent_at(self) -> datetime | None:
        """When the message left: the outbox's delivery time."""
        return self.delivered_at

    @property
    def delivery_state(self) -> DeliveryState:
        return delivery_state(
            sent_at=self.delivered_at, confirmed_at=self.confirmed_at, failed_at=self.dead_at
        )


class NotificationPreference(models.Model):
    """How a person wants to hear of their dossiers: the external channels per kind of message
    and the language. Without a row, the defaults of kinds.py apply."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.VI
    )
    # {"supplement": ["sms", "email"], "rating": []}: a kind left out follows the default.
    channels = models.JSONField(_("channels per kind of message"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class InAppMessage(models.Model):
    """A message in a user's inbox on the portal: what the in-app channel delivers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="in_app_messages",
        verbose_name=_("user"),
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    # The dossier the message is about (the notification's), so the inbox can link to it.
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dossier"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The notification's key: a redelivery (at least once) finds the message already there
    # instead of putting a second copy in the inbox.
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("in-app message")
        verbose_name_plural = _("in-app messages")
        ordering = ("-created_at", "-pk")
        indexes: ClassVar[list[models.Index]] = [
            # The inbox page lists one user's messages, newest first.
            models.Index(fields=["user", "-created_at"], name="notifications_inbox"),
            # The unread count in every page's header: a few unread among many read messages.
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notifications_unread"
            ),
        ]

    def __str__(self) -> str:
        return self.subject or self.body[:50]
