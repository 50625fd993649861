"""A person's inbox: the in-app messages delivered to them (ADR 0011, ADR 0015).

One module serves the applicant's pages (/tai-khoan/hop-thu/), the officer's
(/mot-cua/hop-thu/) and ``/api/v1/me/inbox``. A person sees their own messages only: another
person's message is not found (the pages and the API answer 404). Reading is recorded once:
the first time counts, a second reading keeps the first time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import InAppMessage

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier


def messages_for(user: Any) -> QuerySet[InAppMessage]:
    """``user``'s messages, newest first (the index notifications_inbox)."""
    return (
        InAppMessage.objects.filter(user_id=user.pk)
        .select_related("dossier")
        .order_by("-created_at", "-pk")
    )


def unread_count(user: Any) -> int:
    """How many of ``user``'s messages are unread (the partial index notifications_unread)."""
    return InAppMessage.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def find(user: Any, pk: int) -> InAppMessage:
    """One of ``user``'s messages; InAppMessage.DoesNotExist for anybody else's."""
    return messages_for(user).get(pk=pk)


def mark_read(message: InAppMessage) -> InAppMessage:
    """Record that the message was read, unless it already was; return it as stored.

    A conditional update, so two tabs opening the message at once keep the first time.
    """
    InAppMessage.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=timezone.now())
    message.refresh_from_db(fields=["read_at"])
    return message


def mark_all_read(user: Any) -> int:
    """Mark every unread message of ``user`` read; return how many were unread."""
    return InAppMessage.objects.filter(user_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def own_dossier(message: InAppMessage, user: Any) -> Dossier | None:
    """The dossier the message is about, when ``user`` applied for it: the inbox links to the
    applicant's dossier page only for the applicant (an officer's dossier page is elsewhere)."""
    dossier = message.dossier
    if dossier is not None and dossier.applicant_id == user.pk:
        return dossier
    return None
