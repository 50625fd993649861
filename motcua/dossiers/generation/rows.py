"""The rows of a batch of drafts, column for column what Dossier.apply() would have stored.

workflow._store, _history and facts.record_fact are the models: each recorded action gives one
Transition and one Fact (the snapshot after it), the final snapshot gives the dossier's state
and clock and its Step rows. Writes that apply() does not make but the reports count (an
online payment, the e-result link, a rating) each add a Fact too, as architecture.md
"Reports" asks of every change to a Decision 766 input.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from .. import workflow
from ..deadlines import HELD_BY_AGENCY
from ..lifecycle import Snapshot
from ..models import Dossier, Fact, Fee, Paper, Step, Transition
from ..transitions import NATIONAL_STATUS, Event
from .plan import Draft
from .story import local_day
from .writer import Ids, Row, Table, columns_of

DOSSIER = Table(
    Dossier,
    columns_of(
        Dossier,
        (
            "id",
            "reference",
            "code",
            "state",
            "status",
            "outcome",
            "procedure_version_id",
            "online_level",
            "result_is_document",
            "applicant_id",
            "applicant_kind",
            "applicant_name",
            "applicant_id_number",
            "organisation_name",
            "organisation_tax_code",
            "applicant_address",
            "applicant_commune_id",
            "helped_by_id",
            "help_desk_id",
            "help_ends_at",
            "receiving_unit_id",
            "competent_agency_id",
            "channel",
            "submitted_at",
            "received_at",
            "clock_starts_at",
            "due_at",
            "finished_at",
            "returned_at",
            "supplement_count",
            "restarted",
            "late_by_supplement",
            "extension_count",
            "due_soon_flagged_at",
            "overdue_flagged_at",
            "answers",
            "e_result_code",
            "e_result_url",
            "vneid_verified",
            "sync_state",
            "rating",
            "rating_reason",
            "rated_at",
            "created_at",
            "updated_at",
        ),
    ),
)
TRANSITION = Table(
    Transition,
    columns_of(
        Transition,
        (
            "id",
            "dossier_id",
            "event",
            "from_state",
            "to_state",
            "from_status",
            "to_status",
            "by_id",
            "roles",
            "at",
            "note",
            "data",
        ),
    ),
)
STEP = Table(
    Step,
    columns_of(
        Step,
        (
            "id",
            "dossier_id",
            "number",
            "kind",
            "agency_id",
            "assignee_id",
            "started_at",
            "due_at",
            "ended_at",
            "result",
        ),
    ),
)
PAPER = Table(
    Paper,
    columns_of(
        Paper,
        (
            "id",
            "dossier_id",
            "required_document_id",
            "name",
            "file",
            "digitized",
            "reused",
            "from_national_repository",
            "original_returned",
            "created_at",
        ),
    ),
)
FEE = Table(
    Fee,
    columns_of(
        Fee,
        (
            "id",
            "dossier_id",
            "name",
            "kind",
            "amount",
            "state",
            "payment_channel",
            "paid_online",
            "paid_at",
        ),
    ),
)
FACT = Table(
    Fact,
    columns_of(
        Fact,
        (
            "id",
            "dossier_id",
            "event",
            "at",
            "receipt_day",
            "channel",
            "procedure_version_id",
            "competent_agency_id",
            "receiving_unit_id",
            "commune_id",
            "commune_scheme",
            "status",
            "due_at",
            "finished_at",
            "flags",
        ),
    ),
)
TABLES = (DOSSIER, TRANSITION, STEP, PAPER, FEE, FACT)

_ROLES: dict[frozenset[str], str] = {}


@dataclass
class BatchRows:
    rows: dict[Table, list[Row]] = field(default_factory=lambda: {t: [] for t in TABLES})

    def count(self, table: Table) -> int:
        return len(self.rows[table])


def batch_rows(drafts: list[Draft], ids: Ids, world_communes: list[Any]) -> BatchRows:
    """Return every row of `drafts`, with ids reserved from `ids`."""
    out = BatchRows()
    next_id = {t: ids.take(t, _needed(t, drafts)) for t in TABLES}
    for draft in drafts:
        dossier_id = next_id[DOSSIER]
        next_id[DOSSIER] += 1
        commune = world_communes[draft.citizen.commune] if draft.citizen.commune >= 0 else None
        out.rows[DOSSIER].append(_dossier(draft, dossier_id, commune))
        for row in _transitions(draft, dossier_id):
            out.rows[TRANSITION].append((next_id[TRANSITION], *row))
            next_id[TRANSITION] += 1
        for table, rows in (
            (STEP, _steps(draft)),
            (PAPER, _papers(draft)),
            (FEE, _fees(draft)),
            (FACT, _facts(draft, commune)),
        ):
            for row in rows:
                out.rows[table].append((next_id[table], dossier_id, *row))
                next_id[table] += 1
    return out


def _needed(table: Table, drafts: list[Draft]) -> int:
    if table is DOSSIER:
        return len(drafts)
    if table is TRANSITION:
        return sum(len(d.records) for d in drafts)
    if table is STEP:
        return sum(len(d.snap.steps) for d in drafts)
    if table is PAPER:
        return sum(len(d.papers) for d in drafts)
    if table is FEE:
        return sum(len(d.fees) for d in drafts)
    return sum(len(d.records) + len(_extra_facts(d)) for d in drafts)


def _dossier(d: Draft, dossier_id: int, commune: Any) -> Row:
    snap, spec, citizen = d.snap, d.spec, d.citizen
    assert snap.state is not None
    organisation, tax_code = d.organisation or ("", "")
    rating, reason, rated_at = d.rating or ("", "", None)
    submitted = d.created_at if d.records[0].action.event is Event.SUBMIT_ONLINE else None
    return (
        dossier_id,
        d.reference,
        d.code,
        snap.state.value,
        NATIONAL_STATUS[snap.state],
        snap.outcome,
        d.version.id,
        d.version.online_level,
        d.version.result_is_document,
        citizen.user_id,
        "organisation" if d.organisation else "person",
        citizen.full_name,
        citizen.id_number,
        organisation,
        tax_code,
        citizen.address,
        commune.id if commune else None,
        None,
        None,
        None,
        spec.receiving_id,
        spec.competent_id,
        spec.channel,
        submitted,
        snap.received_at,
        snap.clock_starts_at,
        snap.due_at,
        snap.finished_at,
        snap.returned_at,
        snap.supplements,
        snap.restarted,
        snap.late_by_supplement,
        snap.extensions,
        None,
        _overdue_flag(d),
        "{}",
        f"KQ.{d.code}" if d.e_result else "",
        f"/ket-qua/{d.reference}/" if d.e_result else "",
        citizen.vneid and spec.channel == 2,
        None,
        rating,
        reason,
        rated_at,
        d.created_at,
        _last_write(d),
    )


def _last_write(d: Draft) -> dt.datetime:
    moments = [d.records[-1].action.at] + [at for _e, at, _f in _extra_facts(d)]
    return max(moments)


def _transitions(d: Draft, dossier_id: int) -> list[Row]:
    rows: list[Row] = []
    for r in d.records:
        a, after = r.action, r.after
        assert after.state is not None
        roles = _ROLES.get(a.roles)
        if roles is None:
            roles = _ROLES[a.roles] = json.dumps(sorted(a.roles))
        before = r.before.state
        rows.append(
            (
                dossier_id,
                a.event.value,
                before.value if before else "",
                after.state.value,
                NATIONAL_STATUS[before] if before else None,
                NATIONAL_STATUS[after.state],
                a.actor_id,
                roles,
                a.at,
                a.note,
                _data(a.data),
            )
        )
    return rows


def _data(data: Any) -> str:
    # workflow._jsonable: datetimes as ISO text, which recorded_actions() parses back.
    if not data:
        return "{}"
    return json.dumps(
        {k: v.isoformat() if isinstance(v, dt.datetime) else v for k, v in data.items()}
    )


def _steps(d: Draft) -> list[Row]:
    return [
        (s.number, s.kind, s.agency_id, s.assignee_id, s.started_at, s.due_at, s.ended_at, s.result)
        for s in d.snap.steps
    ]


def _papers(d: Draft) -> list[Row]:
    year = d.created_at.year
    return [
        (
            p.document_id,
            p.name,
            f"dossiers/{year}/{d.reference}/{i:02d}.pdf" if p.digitized else "",
            p.digitized,
            p.reused,
            p.national,
            False,
            d.created_at,
        )
        for i, p in enumerate(d.papers, 1)
    ]


def _fees(d: Draft) -> list[Row]:
    return [
        (
            f.name,
            f.kind,
            f.amount,
            f.state,
            f.payment_channel,
            f.payment_channel is not None,
            f.paid_at,
        )
        for f in d.fees
    ]


def _facts(d: Draft, commune: Any) -> list[Row]:
    spec = d.spec
    scheme = commune.scheme if commune else ""
    commune_id = commune.id if commune else None
    facts = [
        (
            r.action.event.value,
            r.action.at,
            r.after,
            _json(workflow._changed_flags(r.before, r.after)),
        )
        for r in d.records
    ]
    facts += [
        (event, at, _snapshot_at(d, at), _json(flags)) for event, at, flags in _extra_facts(d)
    ]
    return [
        (
            event,
            at,
            local_day(snap.received_at) if snap.received_at else None,
            spec.channel,
            d.version.id,
            spec.competent_id,
            spec.receiving_id,
            commune_id,
            scheme,
            NATIONAL_STATUS[snap.state] if snap.state else 0,
            snap.due_at,
            snap.finished_at,
            flags,
        )
        for event, at, snap, flags in facts
    ]


def _json(flags: dict[str, Any]) -> str:
    return json.dumps(flags) if flags else "{}"


def _overdue_flag(d: Draft) -> dt.datetime | None:
    """When the deadline job noticed the dossier overdue, had it run every few minutes.

    Set only when the last due date passed while the agency held the dossier and before the
    generated year ended, so the job has nothing left to announce for the past.
    """
    due = d.snap.due_at
    if due is None:
        return None
    noticed = due + dt.timedelta(minutes=5)
    if noticed > d.horizon or _snapshot_at(d, noticed).state not in HELD_BY_AGENCY:
        return None
    return noticed


def _extra_facts(d: Draft) -> list[tuple[str, dt.datetime, dict[str, Any]]]:
    """The Decision 766 inputs written outside apply(): online payment, e-result, rating."""
    found: list[tuple[str, dt.datetime, dict[str, Any]]] = []
    paid = next((f for f in d.fees if f.payment_channel is not None), None)
    if paid is not None and paid.paid_at is not None:
        found.append(("payment", paid.paid_at, {"payment_channel": paid.payment_channel}))
    if d.e_result and d.snap.finished_at is not None:
        found.append(("e_result", d.snap.finished_at, {"e_result": True}))
    if d.rating is not None:
        found.append(("rating", d.rating[2], {"rating": d.rating[0]}))
    return found


def _snapshot_at(d: Draft, at: dt.datetime) -> Snapshot:
    """The dossier as it stood at `at`: after the last recorded action not later than it."""
    current = d.records[0].after
    for r in d.records:
        if r.action.at > at:
            break
        current = r.after
    return current
