"""When an agency must act on a petition (phản ánh, kiến nghị): pure deadline rules.

Pure: the standard library and the pure calendar modules only. Rules, one sentence each
(Decision 766/QĐ-TTg group 5, "PAKN xử lý đúng hạn"; domain.md §3.2):

- Limits are in working days of the project calendar (deadlines/calendar.py): refuse within 2,
  ask for more information within 5, handle (answer) within 15, all counted from receipt, and
  publish the answer within 2 counted from the answer.
- Counting follows the dossiers' rule (architecture.md, calendar rules 2-3): the clock starts at
  the moment itself inside working hours, else at the next opening; the Nth working day after
  the clock-start day is the last one, and the deadline is its closing time (17:00 by default).
- The 15:00 cut-off of same-day dossiers (Decree 61/2018 Art. 18) does not apply to petitions.
- When the citizen adds the information asked for, the petition counts as received again: the
  three receipt clocks restart from that moment.
- A deadline is met when the action comes at or before it.
- For reports (reports.kpi_rows.PetitionRow), a petition is judged on the first step the agency
  took late; otherwise on the step it still owes, or else on its last step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from motcua.deadlines.calendar import WorkingCalendar
from motcua.deadlines.rules import LOCAL_TZ, clock_start


@dataclass(frozen=True)
class Limits:
    """The time limits of a petition, in working days."""

    refuse: int = 2
    more_info: int = 5
    answer: int = 15
    publish: int = 2


LIMITS = Limits()


@dataclass(frozen=True)
class Clocks:
    """The deadlines that run from a petition's receipt (or from the information added)."""

    starts_at: datetime
    refuse_due_at: datetime
    more_info_due_at: datetime
    answer_due_at: datetime


def due_after(moment: datetime, working_days: int, cal: WorkingCalendar) -> datetime:
    """Return the closing time of the `working_days`-th working day after the clock starts."""
    starts = clock_start(moment, cal)
    return cal.closing(cal.add_working_days(starts.date(), working_days), LOCAL_TZ)


def clocks_from(received_at: datetime, cal: WorkingCalendar, limits: Limits = LIMITS) -> Clocks:
    """Return the refuse, more-information and answer deadlines of a petition received then."""
    return Clocks(
        starts_at=clock_start(received_at, cal),
        refuse_due_at=due_after(received_at, limits.refuse, cal),
        more_info_due_at=due_after(received_at, limits.more_info, cal),
        answer_due_at=due_after(received_at, limits.answer, cal),
    )


def publish_due(answered_at: datetime, cal: WorkingCalendar, limits: Limits = LIMITS) -> datetime:
    """Return when an answer given at `answered_at` must be published."""
    return due_after(answered_at, limits.publish, cal)


def met(done_at: datetime, due_at: datetime) -> bool:
    """Return True when an action done at `done_at` met the deadline `due_at`."""
    return done_at <= due_at


@dataclass(frozen=True)
class Step:
    """One step the agency took (`done_at`) against its deadline (`due_at`)."""

    due_at: datetime
    done_at: datetime


def report_window(
    done: Sequence[Step], owed_due_at: datetime | None, received_at: datetime
) -> tuple[datetime, datetime | None]:
    """Return (due_at, handled_at) for reports.kpi_rows.PetitionRow.

    The first step done late decides (the petition was not handled on time); otherwise the
    step still owed, open (handled_at None); otherwise the last step done. A petition with no
    step and nothing owed (waiting for the citizen) is judged at its receipt.
    """
    for step in done:
        if not met(step.done_at, step.due_at):
            return step.due_at, step.done_at
    if owed_due_at is not None:
        return owed_due_at, None
    if done:
        return done[-1].due_at, done[-1].done_at
    return received_at, received_at
