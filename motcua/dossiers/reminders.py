"""Deadlines at work in the back office: who is reminded of a dossier due soon or overdue, who
is told when it is late (escalation), and whether the apology and extension letter (Form 04)
can still go out.

The deadline job (dossiers.deadlines) flags a dossier once and publishes `dossier.due_soon` /
`dossier.overdue`; notifications.subscribers turns those events into messages to the people
named here. Decree 61/2018 Art. 19.9 lets the agency apologise and set a new date once, at
least `EXTENSION_NOTICE_WORKING_DAYS` working days before the due date: the dossier page
offers it while the lifecycle's own guard (lifecycle.check) still lets it through.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.models import Membership, User
from motcua.agencies.models import Agency
from motcua.deadlines.provider import get_calendar
from motcua.dossiers import lifecycle
from motcua.dossiers.deadlines import HELD_BY_AGENCY, due_soon_horizon
from motcua.dossiers.models import Dossier, Step
from motcua.dossiers.transitions import Event, InvalidTransition, State, next_state
from motcua.dossiers.workflow import rules, snapshot_of

# Who acts on a dossier nobody in particular holds, by its state: the counter until it is
# forwarded, the specialists while it is appraised, the leaders once the draft is approved.
ACTING_ROLES: dict[str, tuple[str, ...]] = {
    State.RECEIVED: (Role.COUNTER_OFFICER,),
    State.PROCESSING: (Role.SPECIALIST,),
    State.APPROVED: (Role.LEADER,),
}


def open_step(dossier: Dossier) -> Step | None:
    """The handling step that holds the dossier now (the latest one still open)."""
    return (
        dossier.steps.filter(kind="handling", ended_at__isnull=True)
        .select_related("agency", "assignee")
        .order_by("-number")
        .first()
    )


def _members(agencies: list[Agency], roles: tuple[str, ...]) -> list[User]:
    """Active users holding one of `roles` in one of `agencies` today, each once."""
    rows = (
        Membership.objects.in_force_on(timezone.localdate())
        .filter(agency__in=agencies, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    return list({m.user_id: m.user for m in rows}.values())


def holders(dossier: Dossier) -> list[User]:
    """Whoever holds the dossier: the assignee of its open handling step or, when the step has
    no assignee, the staff of the step's agency who act in the dossier's state (the leaders
    when a team has no specialist)."""
    step = open_step(dossier)
    if step is None:
        return []
    if step.assignee is not None and step.assignee.is_active:
        return [step.assignee]
    roles = ACTING_ROLES.get(dossier.state, (Role.SPECIALIST,))
    return _members([step.agency], roles) or _members([step.agency], (Role.LEADER,))


def escalation_leaders(dossier: Dossier) -> list[User]:
    """The leaders of the agency holding an overdue dossier and of the agencies above it."""
    step = open_step(dossier)
    agency = step.agency if step else dossier.competent_agency
    return _members([agency, *agency.ancestors()], (Role.LEADER,))


def is_held_by_agency(dossier: Dossier) -> bool:
    """Whether the clock is the agency's (not the applicant's, not stopped or finished)."""
    return dossier.state in HELD_BY_AGENCY


@dataclass(frozen=True)
class ExtensionOffer:
    """What the dossier page says about Form 04 for a dossier due soon or overdue."""

    possible: bool  # the lifecycle would let a leader extend now
    last_day: dt.date | None  # the last working day the letter can go out
    overdue: bool


def last_extension_day(due_at: dt.datetime) -> dt.date:
    """The last working day that is still `EXTENSION_NOTICE_WORKING_DAYS` working days before
    the due date (lifecycle._extension_guard's rule, told as a date)."""
    cal = get_calendar()
    due_day = timezone.localtime(due_at).date()
    day = cal.add_working_days(due_day, -settings.EXTENSION_NOTICE_WORKING_DAYS)
    return day if cal.is_working_day(day) else cal.previous_working_day(day)


def may_extend_now(dossier: Dossier, now: dt.datetime) -> bool:
    """Whether a leader could send the apology and extension letter now: the state allows it
    and the lifecycle's guard (timing, how many times) says nothing against it."""
    assert dossier.due_at is not None
    try:
        next_state(State(dossier.state), Event.EXTEND)
    except (InvalidTransition, ValueError):
        return False
    action = lifecycle.Action(
        Event.EXTEND,
        now,
        roles=frozenset({lifecycle.LEADER}),
        note="-",
        data={"new_due_at": dossier.due_at + dt.timedelta(days=1)},
    )
    return lifecycle.check(snapshot_of(dossier), action, get_calendar(), rules()) is None


def extension_offer(dossier: Dossier, now: dt.datetime | None = None) -> ExtensionOffer | None:
    """The Form 04 notice for a dossier due soon or overdue that may still be extended, or
    that may no longer be; None when there is nothing to say (not due soon, not the agency's
    to extend, or already extended as often as the law allows)."""
    now = now or timezone.now()
    if dossier.due_at is None or dossier.state not in (State.PROCESSING, State.APPROVED):
        return None
    if dossier.due_at > due_soon_horizon(now):
        return None
    if dossier.extension_count >= settings.MAX_EXTENSIONS:
        return None
    possible = may_extend_now(dossier, now)
    last_day = last_extension_day(dossier.due_at)
    if possible:
        # On a weekend before a Monday due date the guard still counts a working day between:
        # the letter may go out today, so do not name a Friday already past.
        last_day = max(last_day, timezone.localtime(now).date())
    return ExtensionOffer(possible=possible, last_day=last_day, overdue=now > dossier.due_at)
