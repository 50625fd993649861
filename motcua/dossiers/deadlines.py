"""Deadline flags: the periodic job that notices dossiers due soon or overdue.

"Overdue" is not a status (domain.md §2.2): it is computed from due_at wherever it is shown.
This job only notices the moment a dossier becomes due soon (within `DUE_SOON_WORKING_DAYS`
working days, when the apology and extension letter can still go out) or overdue, flags it
once, and publishes `dossier.due_soon` / `dossier.overdue` for reminders and escalation.
Flagging is a conditional update, so two workers running the job at once flag a dossier once.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from motcua.deadlines.provider import get_calendar
from motcua.events.publish import publish

from .models import Dossier
from .transitions import State

# The agency holds the dossier in these states; while the applicant owes papers or money the
# clock is the applicant's.
HELD_BY_AGENCY = [State.RECEIVED, State.PROCESSING, State.APPROVED]


def flag_deadlines(now: dt.datetime | None = None) -> tuple[int, int]:
    """Flag and announce newly due-soon and newly overdue dossiers; return both counts."""
    now = now or timezone.now()
    open_ = Dossier.objects.filter(state__in=HELD_BY_AGENCY, due_at__isnull=False)
    overdue = _flag(
        open_.filter(due_at__lt=now, overdue_flagged_at__isnull=True),
        "overdue_flagged_at",
        "dossier.overdue",
        now,
    )
    horizon = due_soon_horizon(now)
    due_soon = _flag(
        open_.filter(due_at__gte=now, due_at__lte=horizon, due_soon_flagged_at__isnull=True),
        "due_soon_flagged_at",
        "dossier.due_soon",
        now,
    )
    return due_soon, overdue


def due_soon_horizon(now: dt.datetime) -> dt.datetime:
    """The end of the working day `DUE_SOON_WORKING_DAYS` working days from today."""
    cal = get_calendar()
    day = cal.add_working_days(timezone.localtime(now).date(), settings.DUE_SOON_WORKING_DAYS)
    return cal.closing(day, timezone.get_current_timezone())


def _flag(candidates: QuerySet[Dossier], field: str, event: str, now: dt.datetime) -> int:
    flagged = 0
    # A bounded batch per run: the next run, minutes later, takes the rest.
    for pk in candidates.values_list("pk", flat=True)[:5000]:
        with transaction.atomic():
            if not Dossier.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(
                **{field: now}
            ):
                continue  # another worker flagged it first
            dossier = Dossier.objects.only("reference", "code", "due_at").get(pk=pk)
            publish(
                event,
                f"dossier:{pk}",
                {
                    "dossier": pk,
                    "reference": dossier.reference,
                    "code": dossier.code,
                    "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
                },
            )
            flagged += 1
    return flagged
