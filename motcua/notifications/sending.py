"""Sending a notification through the notification outbox (ADR 0011, ADR 0008).

``send()`` renders the message and writes its row in the caller's transaction, if any: a
rolled-back change sends nothing, a committed one cannot lose its message. Right after the
commit the same process tries to deliver the row at once; whatever that attempt does not
finish, the worker retries with the same idempotency key.
"""

from __future__ import annotations

import logging
import re
import uuid
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.template import Context, Engine, TemplateDoesNotExist
from django.utils import translation

from motcua.outbox.delivery import default_worker_id, deliver_batch

from . import channels
from .delivery_reports import report_delivery
from .models import Channel, Language, Notification, NotificationPreference

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier

logger = logging.getLogger(__name__)

# Template names are code, never user input; the pattern keeps a name from reaching outside
# templates/notifications/.
TEMPLATE_NAME = re.compile(r"[a-z][a-z0-9_]*")


def send(
    *,
    channel: str,
    to: str,
    template: str,
    context: dict[str, Any],
    user: AbstractBaseUser | None = None,
    language: str | None = None,
    key: str | None = None,
    dossier: Dossier | None = None,
    kind: str = "",
) -> Notification:
    """Queue the message ``template`` for ``to`` on ``channel``, in ``language``: by default
    the language ``user`` chose for their messages (NotificationPreference), else Vietnamese.

    ``to`` is a phone number (sms), an email address (email) or the user's id (in_app).
    Callers reacting to an event pass a ``key`` derived from the event's key: a second call
    with the same key returns the first row instead of sending twice. Without a key the
    message gets a random one. A message about a ``dossier`` names it, so that its failure
    becomes a task of the officers who see the dossier (tasks.py); ``kind`` is the kind of
    dossier message (kinds.py). Raises ValueError for an unknown channel, language or template.
    """
    check_recipient(channel, to)
    language = language or chosen_language(user)
    subject, body = render(template, context, language)
    key = key or uuid.uuid4().hex
    notification, created = Notification.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "channel": channel,
            "recipient": to,
            "user": user,
            "template": template,
            "language": language,
            "subject": subject,
            "body": body,
            "dossier": dossier,
            "kind": kind,
        },
    )
    if created and settings.OUTBOX_DELIVER_AFTER_COMMIT:
        # Outside a transaction on_commit runs at once; inside one, only if it commits.
        transaction.on_commit(partial(deliver_now, notification.pk))
    return notification


def chosen_language(user: AbstractBaseUser | None) -> str:
    """The language ``user`` chose on the preferences page; Vietnamese without a choice."""
    if user is None or user.pk is None:
        return Language.VI
    chosen = (
        NotificationPreference.objects.filter(user_id=user.pk)
        .values_list("language", flat=True)
        .first()
    )
    return chosen or Language.VI


def check_recipient(channel: str, to: str) -> None:
    if channel not in Channel.values:
        raise ValueError(f"Unknown notification channel {channel!r}")
    if not to.strip():
        raise ValueError("A notification needs a recipient")
    if channel == Channel.IN_APP and not to.isdigit():
        raise ValueError(f"An in-app recipient is a user id, not {to!r}")


def render(template: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    """The subject (first line) and body (the rest) of ``notifications/<template>.<lang>.txt``.

    Rendered under ``translation.override(language)``, so that dates and lazy translations in
    the context come out in the message's language, and without HTML escaping: the text is
    plain, and "&" in a procedure's name must stay "&".
    """
    if language not in Language.values:
        raise ValueError(f"Unknown notification language {language!r}")
    if not TEMPLATE_NAME.fullmatch(template):
        raise ValueError(f"Invalid notification template name {template!r}")
    try:
        compiled = Engine.get_default().get_template(f"notifications/{template}.{language}.txt")
    except TemplateDoesNotExist as exc:
        raise ValueError(f"Unknown notification template {template!r} in {language!r}") from exc
    with translation.override(language):
        text = compiled.render(Context(context, autoescape=False))
    subject, _newline, body = text.strip().partition("\n")
    return subject.strip(), body.strip()


def deliver_now(pk: int) -> None:
    """Try to deliver one notification in this process, right after the commit.

    Best effort: an error is logged and swallowed, because the caller's change has committed
    and the worker retries every row that was not delivered.
    """
    try:
        deliver_batch(Notification, deliver_notification, default_worker_id("inline"), pks=[pk])
    except Exception:
        logger.exception(
            "Delivering notification %s after commit failed; the worker will retry it", pk
        )


def deliver_notification(notification: Notification) -> None:
    """The outbox handler of Notification: hand the stored text to its channel."""
    key = notification.idempotency_key
    if notification.channel == Channel.SMS:
        channels.send_sms(notification.recipient, notification.body, key)
    elif notification.channel == Channel.EMAIL:
        channels.send_email(notification.recipient, notification.subject, notification.body, key)
    elif notification.channel == Channel.IN_APP:
        user_id = notification.user_id or int(notification.recipient)
        channels.send_in_app(
            user_id, notification.subject, notification.body, key, notification.dossier_id
        )
        # The inbox is where an in-app message goes: once there, it is delivered.
        report_delivery(key, delivered=True)
    else:
        raise ValueError(f"Unknown notification channel {notification.channel!r}")
