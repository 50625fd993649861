"""Sending and reading a dossier's messages; the portal and the API both go through here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.dossiers.models import Dossier
from motcua.lib.ratelimit import allow

from .access import Access, officer_agency, officer_label
from .choices import Side
from .models import MAX_LENGTH, Message
from .notify import notify_applicant

if TYPE_CHECKING:
    from motcua.accounts.models import User

# (messages, seconds) one person may send, all dossiers together: enough for a real exchange,
# too few to flood an officer's queue or the applicant's phone.
DEFAULT_MESSAGE_RATE = (20, 3600)

EMPTY = gettext_lazy("Write your message before sending it.")
TOO_LONG = gettext_lazy(
    "A message can have at most %(limit)d characters; yours has %(count)d. Please shorten it."
)


class Refused(Exception):
    """The message may not be sent now; the text says why, for the person."""


def clean_body(text: str) -> str:
    """The message as it will be stored: trimmed, with one kind of line break.

    Raises ValidationError (code "required" or "max_length") with a message for the person.
    """
    body = text.replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError(EMPTY, code="required")
    if len(body) > MAX_LENGTH:
        raise ValidationError(
            TOO_LONG, code="max_length", params={"limit": MAX_LENGTH, "count": len(body)}
        )
    return body


def thread(dossier: Dossier) -> QuerySet[Message]:
    """The dossier's messages, oldest first, with what their labels need."""
    return (
        Message.objects.filter(dossier=dossier)
        .select_related("author", "agency", "dossier")
        .order_by("created_at", "id")
    )


def send_message(
    dossier: Dossier, author: User, access: Access, text: str, *, site_url: str
) -> Message:
    """Store a message from `author` and, from an officer, tell the applicant.

    Raises ValidationError for an empty or over-long text, Refused when the author may not
    send (read-only scope) or sent too many messages lately. `site_url` opens the link in the
    applicant's notification.
    """
    body = clean_body(text)
    if not access.may_send:
        raise Refused(_("You may read the messages of this dossier but not send one."))
    limit, window = getattr(settings, "MESSAGE_RATE", DEFAULT_MESSAGE_RATE)
    if not allow("message", str(author.pk), limit, window):
        raise Refused(
            _("You have sent many messages in a short time. Please wait a while and try again.")
        )
    agency = officer_agency(author, dossier) if access.side == Side.OFFICER else None
    with transaction.atomic():
        message = Message.objects.create(
            dossier=dossier, author=author, side=access.side, agency=agency, body=body
        )
        if access.side == Side.OFFICER:
            notify_applicant(message, site_url)
    return message


def mark_read(dossier: Dossier, access: Access) -> list[int]:
    """Mark the other side's unread messages read, if the reader takes part; return their ids.

    A read-only reader (a supervisor) does not take part: reading does not mark anything.
    """
    if not access.may_send:
        return []
    unread = Message.objects.filter(dossier=dossier, read_at__isnull=True).exclude(side=access.side)
    ids = list(unread.values_list("pk", flat=True))
    if ids:
        # An update, not save(): a message stays immutable; only its read time is set, once.
        Message.objects.filter(pk__in=ids, read_at__isnull=True).update(read_at=timezone.now())
    return ids


def site_url(request: HttpRequest) -> str:
    """Where the portal is, for links in notifications: setting SITE_URL, else this request's
    scheme and host."""
    configured = getattr(settings, "SITE_URL", "")
    return str(configured).rstrip("/") if configured else request.build_absolute_uri("/")[:-1]


def speaker(message: Message, viewer: User, access: Access) -> str:
    """Who wrote `message`, as `viewer` should read it: the applicant never sees an officer's
    personal name, only their agency."""
    if message.author_id == viewer.pk:
        return _("You")
    agency = message.agency.name if message.agency else ""
    if message.side == Side.OFFICER:
        if access.side == Side.APPLICANT:
            return officer_label(message.agency)
        return _("%(name)s (%(agency)s)") % {"name": message.author.full_name, "agency": agency}
    if message.author_id == message.dossier.applicant_id:
        return message.dossier.applicant_name or message.author.full_name
    return _("%(name)s, helping the applicant") % {"name": message.author.full_name}
