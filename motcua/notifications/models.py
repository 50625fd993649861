"""Notifications: one outbox row per message to one recipient on one channel (ADR 0011).

The text is rendered when the message is sent (``sending.send``) and stored on the row, so
that every delivery attempt, including a retry after a template changed, sends the same words.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.outbox.models import STATE_FILTERS, OutboxMessage, State


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("email")
    IN_APP = "in_app", _("in-app message")


class Language(models.TextChoices):
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")


class Notification(OutboxMessage):
    """A message on its way to one recipient; ``delivered_at`` is when it was sent."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(
        _("recipient"), max_length=254,
        help_text=_("A phone number, an email address, or a user id for in-app messages."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="notifications", verbose_name=_("user"),
    )
    template = models.CharField(_("template"), max_length=100)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices,
                                default=Language.VI)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))

    class Meta(OutboxMessage.Meta):
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        # The outbox's claim index, renamed: its pattern "<app>_<model>_claim" gives
        # "notifications_notification_claim", two characters over Django's 30 (models.E034).
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["available_at"], condition=STATE_FILTERS[State.PENDING],
                         name="notifications_claim"),
        ]

    @property
    def sent_at(self) -> datetime | None:
        """When the message left: the outbox's delivery time."""
        return self.delivered_at


class InAppMessage(models.Model):
    """A message in a user's inbox on the portal: what the in-app channel delivers."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="in_app_messages", verbose_name=_("user"))
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
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
        ]

    def __str__(self) -> str:
        return self.subject or self.body[:50]
