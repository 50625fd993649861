"""Dossier.apply(): the one write path for a dossier's state (architecture.md, data flow 2).

Inside one transaction it locks the row, runs the guards, advances the lifecycle, stores the
new state, clock and steps, appends an immutable history row, records a fact for reports and
queues the domain event in the outbox. Subscribers (notifications, reports, integrations) run
after commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from motcua.accounts.cccd import CccdError, parse_cccd
from motcua.catalog.models import CATALOG_VERSION, ProcedureVersion
from motcua.deadlines.provider import get_calendar, same_day_cutoff
from motcua.events.publish import publish
from motcua.lib import versions

from . import lifecycle
from .codes import format_code, new_reference
from .facts import record_fact
from .lifecycle import Action, Limit, Refused, Snapshot
from .models import CodeCounter, Dossier, Step, Transition
from .roles import roles_towards
from .transitions import NATIONAL_STATUS, Event, State, next_state

if TYPE_CHECKING:
    from motcua.accounts.models import User

CREATING = {Event.SUBMIT_ONLINE, Event.RECEIVE_AT_COUNTER}

# Guards that apps above dossiers add to an event, so that dossiers need not import them
# (submissions: an assisted dossier is received only once its consent is confirmed, security
# review D5). Each returns why the event is refused, or None.
EXTRA_GUARDS: dict[Event, list[Callable[[Dossier], str | None]]] = {}


def rules() -> lifecycle.Rules:
    return lifecycle.Rules(
        supplement_window=settings.SUPPLEMENT_WINDOW_WORKING_DAYS,
        extension_notice=settings.EXTENSION_NOTICE_WORKING_DAYS,
        max_extensions=settings.MAX_EXTENSIONS,
        same_day_cutoff=same_day_cutoff(),
    )


def limit_of(dossier: Dossier) -> Limit:
    """The legal time limit of the dossier's version, kept per process until the catalog
    changes: apply() then locks the dossier row alone, without its version's long texts."""
    if "procedure_version" in dossier._state.fields_cache:
        version = dossier.procedure_version
        return Limit(version.time_limit, version.time_limit_unit)
    pk = dossier.procedure_version_id
    return versions.cached(
        (CATALOG_VERSION,),
        ("time-limit", pk),
        lambda: Limit(
            *ProcedureVersion.objects.values_list("time_limit", "time_limit_unit").get(pk=pk)
        ),
    )


def snapshot_of(dossier: Dossier, rows: list[Step] | None = None) -> Snapshot:
    """Return the lifecycle snapshot stored on a dossier and its steps (`rows`, the step rows
    in order, when the caller has read them already)."""
    if rows is None:
        rows = list(dossier.steps.order_by("number"))
    steps = tuple(
        lifecycle.Step(
            s.number,
            s.kind,
            s.agency_id,
            s.assignee_id,
            s.started_at,
            s.due_at,
            s.ended_at,
            s.result,
        )
        for s in rows
    )
    return Snapshot(
        state=State(dossier.state) if dossier.state else None,
        outcome=dossier.outcome,
        received_at=dossier.received_at,
        clock_starts_at=dossier.clock_starts_at,
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        returned_at=dossier.returned_at,
        supplements=dossier.supplement_count,
        restarted=dossier.restarted,
        late_by_supplement=dossier.late_by_supplement,
        extensions=dossier.extension_count,
        steps=steps,
        intake_supplements=_intake_supplements(dossier),
    )


def _intake_supplements(dossier: Dossier) -> int:
    """Earlier requests for papers before receipt; they matter only before receipt."""
    if dossier.state != State.SUBMITTED.value:
        return 0
    return dossier.transitions.filter(event=Event.REQUEST_INTAKE_SUPPLEMENT.value).count()


def apply(
    dossier: Dossier,
    event: Event | str,
    *,
    by: User | None,
    note: str = "",
    at: dt.datetime | None = None,
    **data: Any,
) -> Dossier:
    """Apply `event` to an existing dossier; raise Refused or InvalidTransition if it may not."""
    event = Event(event)
    if event in CREATING:
        raise Refused("Hồ sơ đã tồn tại.")
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        _apply_locked(locked, event, by, note, at or timezone.now(), data)
    _copy_stored(locked, dossier)
    return dossier


def _copy_stored(source: Dossier, target: Dossier) -> None:
    """Give the caller's instance what was stored, as refresh_from_db() would without reading
    the row again (one statement less on the busiest write path). apply() writes no foreign
    key (STORED), so the related rows the caller had read stay right."""
    for f in Dossier._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    target._state.fields_cache.update(source._state.fields_cache)
    target.__dict__.pop("_prefetched_objects_cache", None)


def create(
    event: Event | str,
    *,
    by: User | None,
    note: str = "",
    at: dt.datetime | None = None,
    **fields: Any,
) -> Dossier:
    """Create a dossier through `submit_online` (→ 1) or `receive_at_counter` (→ 2)."""
    event = Event(event)
    if event not in CREATING:
        raise Refused("Hồ sơ mới chỉ được tạo khi nộp trực tuyến hoặc tiếp nhận.")
    moment = at or timezone.now()
    data = fields.pop("data", {})
    if fields.get("applicant_id_number"):
        try:
            fields["applicant_id_number"] = parse_cccd(fields["applicant_id_number"]).number
        except CccdError as exc:
            raise Refused(exc.message) from exc
    with transaction.atomic():
        dossier = Dossier(**fields)
        dossier.state = ""
        dossier.online_level = dossier.procedure_version.online_level
        dossier.result_is_document = dossier.procedure_version.result_type == "document"
        _save_new(dossier, moment)
        _apply_locked(dossier, event, by, note, moment, data)
    return dossier


def _save_new(dossier: Dossier, moment: dt.datetime) -> None:
    """Give a new dossier a fresh submission reference (1 in 10^9 clash a day); _store()
    inserts it once its state is known."""
    day = timezone.localtime(moment).date()
    dossier.reference = new_reference(day)
    while Dossier.objects.filter(reference=dossier.reference).exists():
        dossier.reference = new_reference(day)
    dossier.status = 0


def _apply_locked(
    dossier: Dossier,
    event: Event,
    by: User | None,
    note: str,
    at: dt.datetime,
    data: dict[str, Any],
) -> None:
    # The step rows are read once, for the snapshot, the roles and _store().
    rows = list(dossier.steps.order_by("number")) if dossier.state else []
    read = {f: getattr(dossier, f) for f in STORED}
    before = snapshot_of(dossier, rows) if dossier.state else Snapshot()
    if event in (Event.RECEIVE, Event.RECEIVE_AT_COUNTER):
        data = {"receiving_unit_id": dossier.receiving_unit_id, **data}
    holding = {s.agency_id for s in rows if s.ended_at is None}
    action = Action(
        event, at, by.pk if by else None, roles_towards(dossier, by, holding), note, data
    )
    next_state(before.state, event)  # an event the state does not allow says so first
    cal, law = get_calendar(), rules()
    reason = lifecycle.check(before, action, cal, law) or next(
        (r for guard in EXTRA_GUARDS.get(event, ()) if (r := guard(dossier))), None
    )
    if reason:
        raise Refused(reason)
    after = lifecycle.advance(before, action, limit_of(dossier), cal, law)
    if event in (Event.RECEIVE, Event.RECEIVE_AT_COUNTER):
        dossier.code = _next_code(dossier, at)
    if event is Event.SUBMIT_ONLINE:
        dossier.submitted_at = at
    _store(dossier, after, rows, read)
    _history(dossier, before, after, action, by)
    record_fact(dossier, event.value, at, _changed_flags(before, after))
    publish(
        f"dossier.{event.value}",
        f"dossier:{dossier.pk}",
        {
            "dossier": dossier.pk,
            "reference": dossier.reference,
            "code": dossier.code,
            "status": dossier.status,
            "event": event.value,
        },
    )


# Snapshot fields that Decision 766 reads besides the columns every fact carries.
FLAG_FIELDS = ("outcome", "restarted", "late_by_supplement", "extensions", "supplements")


def _changed_flags(before: Snapshot, after: Snapshot) -> dict[str, Any]:
    return {f: getattr(after, f) for f in FLAG_FIELDS if getattr(before, f) != getattr(after, f)}


def _next_code(dossier: Dossier, at: dt.datetime) -> str:
    """Take the unit's next sequence for the receipt day, in this transaction (row lock)."""
    day = timezone.localtime(at).date()
    unit = dossier.receiving_unit
    CodeCounter.objects.get_or_create(unit=unit, day=day)
    # The UPDATE takes the row lock on PostgreSQL; SQLite's IMMEDIATE transactions serialise.
    CodeCounter.objects.filter(unit=unit, day=day).update(last=F("last") + 1)
    last = CodeCounter.objects.get(unit=unit, day=day).last
    return format_code(unit.code, day, last)


# The dossier columns apply() writes: the lifecycle's, the code at receipt and the submission
# time. An update writes those that changed, so that a column written elsewhere (a rating, the
# e-result link) is never overwritten with what this transaction read.
STORED = (
    "state",
    "status",
    "outcome",
    "received_at",
    "clock_starts_at",
    "finished_at",
    "returned_at",
    "supplement_count",
    "restarted",
    "late_by_supplement",
    "extension_count",
    "due_soon_flagged_at",
    "overdue_flagged_at",
    "due_at",
    "code",
    "submitted_at",
)
STEP_COLUMNS = ("kind", "agency_id", "assignee_id", "started_at", "due_at", "ended_at", "result")


def _store(dossier: Dossier, snap: Snapshot, rows: list[Step], read: dict[str, Any]) -> None:
    """Write the snapshot: the dossier's STORED columns that differ from what was `read`,
    and the steps that changed."""
    assert snap.state is not None
    dossier.state = snap.state.value
    dossier.status = NATIONAL_STATUS[snap.state]
    dossier.outcome = snap.outcome
    dossier.received_at, dossier.clock_starts_at = snap.received_at, snap.clock_starts_at
    dossier.finished_at = snap.finished_at
    dossier.returned_at = snap.returned_at
    dossier.supplement_count, dossier.restarted = snap.supplements, snap.restarted
    dossier.late_by_supplement = snap.late_by_supplement
    dossier.extension_count = snap.extensions
    if dossier.due_at != snap.due_at:
        # A new due date (receipt, restart, extension) deserves its own reminders.
        dossier.due_soon_flagged_at = dossier.overdue_flagged_at = None
    dossier.due_at = snap.due_at
    if dossier.pk is None:
        dossier.save()
    else:
        changed = [f for f in STORED if getattr(dossier, f) != read[f]]
        if changed:  # a hand-over changes the steps only: the row is left as it is
            dossier.save(update_fields=[*changed, "updated_at"])
    stored = {s.number: s for s in rows}
    for step in snap.steps:
        _store_step(stored.get(step.number) or Step(dossier=dossier, number=step.number), step)


def _store_step(row: Step, step: lifecycle.Step) -> None:
    values = {
        "kind": step.kind,
        "agency_id": step.agency_id,
        "assignee_id": step.assignee_id,
        "started_at": step.started_at,
        "due_at": step.due_at,
        "ended_at": step.ended_at,
        "result": step.result,
    }
    changed = [c for c in STEP_COLUMNS if getattr(row, c) != values[c]]
    for column in changed:
        setattr(row, column, values[column])
    if row.pk is None:
        row.save()
    elif changed:
        row.save(update_fields=[c.removesuffix("_id") for c in changed])


def _history(
    dossier: Dossier, before: Snapshot, after: Snapshot, action: Action, by: User | None
) -> None:
    Transition.objects.create(
        dossier=dossier,
        event=action.event.value,
        from_state=before.state.value if before.state else "",
        to_state=after.state.value if after.state else "",
        from_status=NATIONAL_STATUS[before.state] if before.state else None,
        to_status=NATIONAL_STATUS[after.state] if after.state else 0,
        by=by,
        roles=sorted(action.roles),
        at=action.at,
        note=action.note,
        data=_jsonable(action.data),
    )


def _jsonable(data: dict[str, Any] | Any) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.datetime) else v for k, v in dict(data).items()}


def recorded_actions(dossier: Dossier) -> list[Action]:
    """Return the dossier's history as lifecycle actions, for replay."""
    actions = []
    for row in dossier.transitions.order_by("id"):
        data = {
            k: dt.datetime.fromisoformat(v) if k in DATETIME_KEYS and v else v
            for k, v in row.data.items()
        }
        actions.append(
            Action(Event(row.event), row.at, row.by_id, frozenset(row.roles), row.note, data)
        )
    return actions


DATETIME_KEYS = {"new_due_at", "due_at", "step_due_at"}
