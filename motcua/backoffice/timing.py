"""Early, on time or late: how a step or dossier stands against its due time (Form 06's
"trước hạn / đúng hạn / quá hạn"). Pure: no database."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLY, ON_TIME, LATE, RUNNING, NO_DEADLINE = "early", "on-time", "late", "running", "none"
LABELS = {
    EARLY: _("Early"),
    ON_TIME: _("On time"),
    LATE: _("Late"),
    RUNNING: _("In progress, not yet due"),
    NO_DEADLINE: _("No deadline"),
}


def standing(due_at: dt.datetime | None, ended_at: dt.datetime | None, now: dt.datetime) -> str:
    """Early when it ended on a day before the due day; on time when it ended by the due
    time; late after it, or when it is still open past it."""
    if due_at is None:
        return NO_DEADLINE
    if ended_at is None:
        return LATE if now > due_at else RUNNING
    if ended_at > due_at:
        return LATE
    if timezone.localtime(ended_at).date() < timezone.localtime(due_at).date():
        return EARLY
    return ON_TIME
