"""A message that failed for good becomes a task for the officers of its dossier, instead of
silence (ADR 0015): they send it again, or record how they reached the applicant otherwise.

The tasks of an officer are the open failures of the dossiers they act on
(``Dossier.objects.visible_to(user, ACT)``): another agency's failures stay out of the list,
and ``find_failure`` does not find them (the views answer 404).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import ACT
from motcua.outbox.delivery import retry

from .models import OPEN_FAILURE, Notification
from .sending import deliver_now

NOTE_MAX = 2000


class AlreadyHandled(Exception):
    """Another officer sent the message again or resolved it first."""


def failures_for(user: Any) -> QuerySet[Notification]:
    """Open failures of the dossiers ``user`` acts on, the oldest failure first."""
    dossiers = Dossier.objects.visible_to(user, ACT).values("pk")
    return (
        Notification.objects.filter(OPEN_FAILURE, dossier__in=dossiers)
        .select_related("dossier", "user")
        .order_by("dead_at", "pk")
    )


def find_failure(user: Any, pk: int) -> Notification:
    """One open failure ``user`` may deal with; Notification.DoesNotExist otherwise."""
    return failures_for(user).get(pk=pk)


def send_again(notification: Notification) -> None:
    """Put the message back in the queue with a fresh count of attempts, and try it at once
    after the commit (the officer may have fixed nothing: then it fails again, and returns
    to the list after its retries)."""
    with transaction.atomic():
        if not retry(Notification.objects.filter(OPEN_FAILURE, pk=notification.pk)):
            raise AlreadyHandled
        transaction.on_commit(partial(deliver_now, notification.pk))


def resolve(notification: Notification, by: Any, note: str) -> None:
    """Record that an officer reached the applicant another way (a phone call, a letter)."""
    done = Notification.objects.filter(OPEN_FAILURE, pk=notification.pk).update(
        resolved_at=timezone.now(), resolved_by=by, resolution_note=note.strip()[:NOTE_MAX]
    )
    if not done:
        raise AlreadyHandled
