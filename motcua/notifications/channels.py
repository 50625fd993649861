"""How a notification leaves: one small function per channel, each given the idempotency key.

Delivery is at least once (ADR 0008), so every channel passes the row's key on: an SMS gateway
de-duplicates on it, an email carries a Message-ID derived from it (mail clients collapse
copies with the same Message-ID), and the in-app inbox stores it under a unique constraint.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.utils.module_loading import import_string

from .delivery_reports import report_delivery
from .models import InAppMessage

DEFAULT_SMS_BACKEND = "motcua.notifications.channels.LoggingSmsBackend"
# How many messages LoggingSmsBackend keeps in memory: enough for a demo or a test.
KEEP_SENT = 100
# Phone numbers the SMS stand-in refuses, as a gateway refuses a number it cannot reach, so
# that the demo and the tests can show a failing message (setting SMS_STANDIN_FAILING_PREFIX).
# Only the stand-in knows this range: a real gateway is never given a special meaning for it.
STANDIN_FAILING_PREFIX = "0999999"
# Addresses in the ".invalid" top-level domain can never be delivered (RFC 2606, RFC 6761), so
# the email channel refuses them at once; the demo and the tests use them to show a failure.
UNDELIVERABLE_EMAIL_DOMAIN = ".invalid"


class Undeliverable(Exception):
    """The channel refused the message: the outbox counts a failed attempt and retries it."""


sms_logger = logging.getLogger("motcua.sms")


class SmsBackend(Protocol):
    """An SMS gateway. ``key`` is the same on every attempt at one message; a gateway that
    supports it should receive it as its de-duplication id."""

    def send(self, to: str, text: str, key: str) -> None: ...


@dataclass(frozen=True)
class SentSms:
    to: str
    text: str
    key: str


# What LoggingSmsBackend sent in this process, oldest first (the last KEEP_SENT messages).
sent: list[SentSms] = []


class LoggingSmsBackend:
    """Stands in for a real SMS gateway (development, demo, tests): it logs each message on
    "motcua.sms" and keeps it in ``sent``. Nothing reaches a phone. The log holds one-time
    codes in clear, so production must set SMS_BACKEND to a real gateway.

    It behaves as a gateway does: a number in the stand-in's failing range is refused
    (``Undeliverable``); any other is accepted, and its delivery report ("delivered") follows
    at once, as a real gateway's callback would a few seconds later.
    """

    def send(self, to: str, text: str, key: str) -> None:
        prefix = getattr(settings, "SMS_STANDIN_FAILING_PREFIX", STANDIN_FAILING_PREFIX)
        if prefix and to.startswith(prefix):
            raise Undeliverable(f"The SMS stand-in cannot reach {to} (failing test range)")
        sms_logger.info("SMS to %s (key %s): %s", to, key, text)
        sent.append(SentSms(to, text, key))
        del sent[:-KEEP_SENT]
        report_delivery(key, delivered=True)


def sms_backend() -> SmsBackend:
    """The configured gateway (setting SMS_BACKEND, a dotted path to a class)."""
    backend: type[SmsBackend] = import_string(getattr(settings, "SMS_BACKEND", DEFAULT_SMS_BACKEND))
    return backend()


def send_sms(to: str, text: str, key: str) -> None:
    sms_backend().send(to, text, key)


def send_email(to: str, subject: str, body: str, key: str) -> None:
    """Send through Django's mail backend (EMAIL_BACKEND); the sender is DEFAULT_FROM_EMAIL.

    EmailMessage rather than send_mail(), which takes no headers: the Message-ID must come
    from the key, so that a redelivered email is recognisably the same message.
    """
    if to.rstrip(".").lower().endswith(UNDELIVERABLE_EMAIL_DOMAIN):
        raise Undeliverable(f"{to} is in a domain that cannot receive mail")
    EmailMessage(subject, body, None, [to], headers={"Message-ID": message_id(key)}).send()


def message_id(key: str) -> str:
    # Keys may hold characters a Message-ID may not (":"), so the id carries a digest of it.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{digest}.notification@{DNS_NAME}>"


def send_in_app(
    user_id: int, subject: str, body: str, key: str, dossier_id: int | None = None
) -> InAppMessage:
    """Put the message in the user's inbox, once per key however often it is delivered; a
    message about a dossier keeps it, so the inbox links to it (inbox.own_dossier)."""
    message, _created = InAppMessage.objects.get_or_create(
        idempotency_key=key,
        defaults={"user_id": user_id, "subject": subject, "body": body, "dossier_id": dossier_id},
    )
    return message
