"""The officers' queues: what waits for me, for my team, what is due soon and what is late.

Every queue starts from Dossier.objects.visible_to(user, ACT), or READ for read-only roles, so
a queue never shows a row its reader may not open. "Overdue" is not a status (domain.md §2.2):
it is due_at against now, for dossiers the agency holds (deadlines.HELD_BY_AGENCY); "due soon"
uses the same horizon as the deadline job (DUE_SOON_WORKING_DAYS working days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from motcua.accounts.choices import Role
from motcua.dossiers.deadlines import HELD_BY_AGENCY, due_soon_horizon
from motcua.dossiers.models import Dossier, Step
from motcua.dossiers.transitions import State

from .access import ACTING_ROLES, memberships, queue_action
from .search import matching

MINE, TEAM, DUE_SOON, OVERDUE, INTAKE = "mine", "team", "due-soon", "overdue", "intake"
QUEUES = (MINE, TEAM, DUE_SOON, OVERDUE, INTAKE)


@dataclass(frozen=True)
class Filters:
    procedure: str = ""  # procedure code, e.g. 1.004222
    status: int | None = None
    q: str = ""  # dossier code, reference, applicant name or CCCD


def queue(
    user: Any, name: str, filters: Filters | None = None, now: dt.datetime | None = None
) -> QuerySet[Dossier]:
    """The dossiers of queue `name` for `user`, filtered, most urgent first."""
    now = now or timezone.now()
    base = Dossier.objects.visible_to(user, queue_action(user))
    qs: QuerySet[Dossier] = base.filter(_QUEUES[name](user, now))
    qs = _filtered(qs, filters or Filters())
    return qs.order_by(F("due_at").asc(nulls_last=True), "id")


def rows_of(ids: list[int]) -> list[Dossier]:
    """The dossiers `ids` (one page of a queue), with what a row shows, in that order.

    A queue's ids are read first, sorted on two narrow columns; only a page's rows are then
    read whole and joined with their procedure and agency. Sorting the joined rows (the
    procedure version's texts included) of a specialist's two thousand open dossiers took most
    of a page's time at a million dossiers."""
    found = Dossier.objects.select_related(
        "procedure_version__procedure", "competent_agency"
    ).in_bulk(ids)
    return [found[pk] for pk in ids]


def count_of(rows: QuerySet[Dossier]) -> int:
    """How many dossiers a queue holds, counted without sorting them."""
    return rows.order_by().count()


def _open_steps() -> QuerySet[Step]:
    return Step.objects.filter(ended_at__isnull=True).order_by()  # ids only: no sort needed


def _counter_units(user: Any) -> set[int]:
    return {m.agency_id for m in memberships(user) if m.role == Role.COUNTER_OFFICER}


# The queues below are read as ids first, each through an index (open steps by
# assignee or agency, dossiers by receiving unit and status), and only then joined with the
# scope: a scope OR-ed with a subquery would make PostgreSQL read the whole dossier table.


def _intake_ids(user: Any) -> list[int]:
    units = _counter_units(user)
    if not units:
        return []
    return list(
        Dossier.objects.filter(receiving_unit_id__in=units, status=1).values_list("id", flat=True)
    )


def _intake(user: Any, now: dt.datetime) -> Q:
    """Online dossiers at the officer's receiving unit waiting to be received (status 1)."""
    return Q(pk__in=_intake_ids(user))


def _mine(user: Any, now: dt.datetime) -> Q:
    assigned = _open_steps().filter(assignee_id=user.pk).values_list("dossier_id", flat=True)
    intake = _intake_ids(user)
    if not intake:
        # A semi-join through the open-steps index: a specialist's hundreds of ids are not
        # sent back and forth twice (count and page) nor compiled into SQL one by one.
        return Q(pk__in=assigned)
    return Q(pk__in=list(assigned) + intake)


def _team(user: Any, now: dt.datetime) -> Q:
    agencies = {m.agency_id for m in memberships(user) if m.role in ACTING_ROLES}
    if not agencies:
        return Q(pk__in=[])
    waiting = _open_steps().filter(agency_id__in=agencies, assignee__isnull=True)
    return Q(pk__in=list(waiting.values_list("dossier_id", flat=True)))


def _due_soon(user: Any, now: dt.datetime) -> Q:
    return Q(state__in=HELD_BY_AGENCY, due_at__gte=now, due_at__lte=due_soon_horizon(now))


def _overdue(user: Any, now: dt.datetime) -> Q:
    return Q(state__in=HELD_BY_AGENCY, due_at__lt=now)


_QUEUES = {MINE: _mine, TEAM: _team, DUE_SOON: _due_soon, OVERDUE: _overdue, INTAKE: _intake}


def _filtered(qs: QuerySet[Dossier], filters: Filters) -> QuerySet[Dossier]:
    if filters.procedure:
        qs = qs.filter(procedure_version__procedure__code=filters.procedure.strip())
    if filters.status is not None:
        qs = qs.filter(status=filters.status)
    if filters.q.strip():
        qs = qs.filter(matching(filters.q))
    return qs


def is_overdue(dossier: Dossier, now: dt.datetime) -> bool:
    return dossier.state in HELD_BY_AGENCY and dossier.due_at is not None and dossier.due_at < now


# Queue pages count at most this many rows: past it an officer narrows the queue with the
# filters, and counting a province's hundred thousand rows on every view costs more than the page.
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A paginator of a queue whose count stops at COUNT_CAP + 1 (shown as "more than
    1,000"). One query reads the first COUNT_CAP + 1 ids in order: their number is the count,
    and every page the count allows lies among them."""

    @cached_property
    def ids(self) -> list[int]:
        rows: QuerySet[Dossier] = self.object_list  # type: ignore[assignment]
        return list(rows.values_list("pk", flat=True)[: COUNT_CAP + 1])

    @cached_property
    def count(self) -> int:
        return len(self.ids)

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return Page(rows_of(self.ids[bottom : bottom + self.per_page]), number, self)

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def has_counter_role(user: Any) -> bool:
    return bool(_counter_units(user))


__all__ = [
    "QUEUES",
    "CappedPaginator",
    "Filters",
    "State",
    "count_of",
    "has_counter_role",
    "is_overdue",
    "queue",
    "rows_of",
]
