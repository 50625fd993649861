"""What each event does to a dossier, and who may take it when. Pure: no database imports.

`advance` folds one recorded event into a `Snapshot` (state, clock, due date, steps); the
history replayed through it gives the dossier back (Dossier.apply stores what it returns).
`check` holds the guards: plain functions that return a reason in Vietnamese, or None.

Rules, one sentence each (architecture.md "Calendar and deadlines"; ADR 0009):
- Receipt sets received_at to the actual time and the due date from the procedure's limit,
  with the clock moved into working hours and the 15:00 rule (deadlines.rules).
- The first supplement request during appraisal must come within `supplement_window` working
  days of receipt; when the complete file arrives the due date restarts from zero (Decree
  61/2018 Art. 19.4). Further requests need a reason, do not restart it, and mark the dossier
  late for Decision 766.
- The apology and extension letter goes out at least `extension_notice` working days before
  the due date, and only `max_extensions` times (Decree 61/2018 Art. 19.9: once).
- Refusals and stops state their reasons (forms 03 and 05).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from motcua.deadlines.calendar import WorkingCalendar
from motcua.deadlines.rules import compute_deadline

from .transitions import Event, State, next_state

E = Event


@dataclass(frozen=True)
class Rules:
    """The legal parameters, kept in settings so that they can follow Decree 118/2025."""

    supplement_window: int = 3
    extension_notice: int = 1
    max_extensions: int = 1
    same_day_cutoff: dt.time = dt.time(15, 0)


@dataclass(frozen=True)
class Limit:
    """The legal time limit of the dossier's procedure version."""

    value: int | None
    unit: str

    @property
    def known(self) -> bool:
        return bool(self.unit) and (self.value is not None or self.unit == "same_day")


@dataclass(frozen=True)
class Step:
    """Who holds the dossier (an agency, and maybe a person), since and until when."""

    number: int
    kind: str  # "handling" or "consultation"
    agency_id: int
    assignee_id: int | None
    started_at: dt.datetime
    due_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    result: str = ""


@dataclass(frozen=True)
class Snapshot:
    state: State | None = None
    outcome: str = ""
    received_at: dt.datetime | None = None
    clock_starts_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None
    supplements: int = 0
    restarted: bool = False
    late_by_supplement: bool = False
    extensions: int = 0
    steps: tuple[Step, ...] = ()
    # Requests for papers before receipt: asked once, with the complete list (Decree 61/2018
    # Art. 15.2.b). Read from the history when it matters, so not part of the stored state.
    intake_supplements: int = field(default=0, compare=False)

    def open_steps(self, kind: str | None = None) -> list[Step]:
        return [s for s in self.steps if s.ended_at is None and kind in (None, s.kind)]


@dataclass(frozen=True)
class Action:
    """One event as the history records it."""

    event: Event
    at: dt.datetime
    actor_id: int | None = None
    roles: frozenset[str] = frozenset()
    note: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)


class Refused(Exception):
    """A guard refused the event; the message says why, in Vietnamese."""


# Who may take each event, as roles of the actor towards this dossier.
APPLICANT, VOLUNTEER, COUNTER = "applicant", "volunteer", "counter"
SPECIALIST, LEADER, SYSTEM = "specialist", "leader", "system"
OFFICERS = frozenset({COUNTER, SPECIALIST, LEADER})
EVENT_ROLES: dict[Event, frozenset[str]] = {
    E.SUBMIT_ONLINE: frozenset({APPLICANT, VOLUNTEER}),
    E.RECEIVE_AT_COUNTER: frozenset({COUNTER}),
    E.RECEIVE: frozenset({COUNTER}),
    E.REQUEST_INTAKE_SUPPLEMENT: frozenset({COUNTER}),
    E.REFUSE_AT_INTAKE: frozenset({COUNTER}),
    E.FORWARD: OFFICERS,
    E.RETURN_TO_STEP: frozenset({SPECIALIST, LEADER}),
    E.REQUEST_SUPPLEMENT: frozenset({SPECIALIST, LEADER}),
    E.PROVIDE_SUPPLEMENT: frozenset({APPLICANT, VOLUNTEER, COUNTER}),
    E.REQUEST_OBLIGATION: frozenset({SPECIALIST, LEADER}),
    E.PAY_OBLIGATION: frozenset({APPLICANT, COUNTER, SYSTEM}),
    E.CONSULT: frozenset({SPECIALIST, LEADER}),
    E.ANSWER_CONSULTATION: frozenset({SPECIALIST, LEADER}),
    E.APPROVE: frozenset({LEADER}),
    E.EXTEND: frozenset({LEADER}),
    E.REQUEST_WITHDRAWAL: frozenset({APPLICANT}),
    E.STOP: frozenset({COUNTER, LEADER}),
    E.REFUSE: frozenset({LEADER}),
    E.DECIDE: frozenset({LEADER}),
    E.RETURN_RESULT: frozenset({COUNTER}),
}
NEEDS_REASON = {
    E.REFUSE_AT_INTAKE: "Phải nêu lý do từ chối tiếp nhận hồ sơ (Mẫu 03).",
    E.REQUEST_INTAKE_SUPPLEMENT: "Phải nêu đầy đủ các giấy tờ cần bổ sung, một lần (Mẫu 02).",
    E.REFUSE: "Phải nêu lý do từ chối giải quyết hồ sơ.",
    E.STOP: "Phải nêu lý do dừng giải quyết hồ sơ (Mẫu 05).",
    E.EXTEND: "Phải nêu lý do chậm trễ trong văn bản xin lỗi và gia hạn (Mẫu 04).",
    E.RETURN_TO_STEP: "Phải nêu lý do trả lại bước trước.",
}
NEEDS_AGENCY = {E.FORWARD, E.RETURN_TO_STEP, E.CONSULT, E.ANSWER_CONSULTATION}


def check(snap: Snapshot, action: Action, cal: WorkingCalendar, rules: Rules) -> str | None:
    """Return why `action` may not happen to a dossier in `snap`, or None if it may."""
    if not action.roles & EVENT_ROLES[action.event]:
        return "Bạn không có quyền thực hiện thao tác này đối với hồ sơ."
    if action.event in NEEDS_REASON and not action.note.strip():
        return NEEDS_REASON[action.event]
    if action.event in NEEDS_AGENCY and not action.data.get("agency_id"):
        return "Phải chọn cơ quan, đơn vị nhận hồ sơ."
    guard = _GUARDS.get(action.event)
    return guard(snap, action, cal, rules) if guard else None


def _supplement_guard(snap: Snapshot, a: Action, cal: WorkingCalendar, rules: Rules) -> str | None:
    if snap.supplements == 0:
        assert snap.received_at is not None
        used = cal.working_days_between(snap.received_at.date(), a.at.date())
        if used > rules.supplement_window:
            return (
                f"Đã quá {rules.supplement_window} ngày làm việc kể từ ngày tiếp nhận: yêu cầu "
                "bổ sung lần đầu phải gửi trong thời hạn này (Nghị định 61/2018/NĐ-CP, "
                "Điều 19 khoản 4)."
            )
        return None
    if not a.note.strip():
        return "Yêu cầu bổ sung từ lần thứ hai phải nêu rõ lý do; hồ sơ sẽ bị tính là trễ hạn."
    return None


def _extension_guard(snap: Snapshot, a: Action, cal: WorkingCalendar, rules: Rules) -> str | None:
    if snap.extensions >= rules.max_extensions:
        return "Hồ sơ chỉ được gia hạn một lần (Nghị định 61/2018/NĐ-CP, Điều 19 khoản 9)."
    if snap.due_at is None:
        return "Hồ sơ chưa có hạn trả kết quả nên không thể gia hạn."
    if cal.working_days_between(a.at.date(), snap.due_at.date()) < rules.extension_notice:
        return (
            f"Đã quá muộn để gia hạn: văn bản xin lỗi phải gửi chậm nhất "
            f"{rules.extension_notice} ngày làm việc trước hạn trả kết quả "
            f"{snap.due_at:%d/%m/%Y}."
        )
    new_due = a.data.get("new_due_at")
    if not isinstance(new_due, dt.datetime) or new_due <= snap.due_at:
        return "Ngày hẹn trả kết quả mới phải sau ngày hẹn hiện tại."
    return None


def _intake_supplement_guard(
    snap: Snapshot, a: Action, cal: WorkingCalendar, rules: Rules
) -> str | None:
    if snap.intake_supplements >= 1:
        return (
            "Chỉ được yêu cầu bổ sung, hoàn thiện hồ sơ một lần khi tiếp nhận, với đầy đủ "
            "các giấy tờ cần bổ sung (Nghị định 61/2018/NĐ-CP, Điều 15 khoản 2 điểm b)."
        )
    return None


def _consult_guard(snap: Snapshot, a: Action, cal: WorkingCalendar, rules: Rules) -> str | None:
    if not isinstance(a.data.get("due_at"), dt.datetime):
        return "Phải ghi thời hạn trả lời của cơ quan được hỏi ý kiến."
    return None


def _answer_guard(snap: Snapshot, a: Action, cal: WorkingCalendar, rules: Rules) -> str | None:
    if not any(s.agency_id == a.data["agency_id"] for s in snap.open_steps("consultation")):
        return "Cơ quan này không có yêu cầu xin ý kiến đang chờ trả lời."
    return None


_Guard = Callable[[Snapshot, Action, WorkingCalendar, Rules], str | None]
_GUARDS: dict[Event, _Guard] = {
    E.REQUEST_INTAKE_SUPPLEMENT: _intake_supplement_guard,
    E.REQUEST_SUPPLEMENT: _supplement_guard,
    E.EXTEND: _extension_guard,
    E.CONSULT: _consult_guard,
    E.ANSWER_CONSULTATION: _answer_guard,
}


def advance(
    snap: Snapshot, action: Action, limit: Limit, cal: WorkingCalendar, rules: Rules
) -> Snapshot:
    """Return the snapshot after `action` (guards are `check`'s business, not this one's)."""
    state = next_state(snap.state, action.event)
    snap = replace(snap, state=state)
    effect = _EFFECTS.get(action.event)
    return effect(snap, action, limit, cal, rules) if effect else snap


def replay(actions: Iterable[Action], limit: Limit, cal: WorkingCalendar, rules: Rules) -> Snapshot:
    """Return the snapshot the recorded actions lead to, from nothing."""
    snap = Snapshot()
    for action in actions:
        snap = advance(snap, action, limit, cal, rules)
    return snap


def _start_clock(
    snap: Snapshot, at: dt.datetime, limit: Limit, cal: WorkingCalendar, rules: Rules
) -> Snapshot:
    if not limit.known:
        return replace(snap, clock_starts_at=None, due_at=None)
    deadline = compute_deadline(at, limit.value, limit.unit, cal, rules.same_day_cutoff)
    return replace(snap, clock_starts_at=deadline.clock_starts_at, due_at=deadline.due_at)


def _close(
    steps: Iterable[Step],
    at: dt.datetime,
    result: str,
    kind: str | None = "handling",
    agency_id: int | None = None,
) -> tuple[Step, ...]:
    return tuple(
        replace(s, ended_at=at, result=result)
        if s.ended_at is None and kind in (None, s.kind) and agency_id in (None, s.agency_id)
        else s
        for s in steps
    )


def _open(
    snap: Snapshot, a: Action, kind: str, agency_id: int, due_at: dt.datetime | None = None
) -> Snapshot:
    step = Step(len(snap.steps) + 1, kind, agency_id, a.data.get("assignee_id"), a.at, due_at)
    return replace(snap, steps=(*snap.steps, step))


def _receive(
    snap: Snapshot, a: Action, limit: Limit, cal: WorkingCalendar, rules: Rules
) -> Snapshot:
    snap = _start_clock(replace(snap, received_at=a.at), a.at, limit, cal, rules)
    agency = a.data.get("receiving_unit_id")
    return _open(snap, a, "handling", agency) if agency else snap


def _hand_over(result: str) -> Callable[..., Snapshot]:
    def effect(snap: Snapshot, a: Action, *_args: object) -> Snapshot:
        snap = replace(snap, steps=_close(snap.steps, a.at, result))
        return _open(snap, a, "handling", a.data["agency_id"], a.data.get("step_due_at"))

    return effect


def _request_supplement(snap: Snapshot, a: Action, *_args: object) -> Snapshot:
    count = snap.supplements + 1
    return replace(snap, supplements=count, late_by_supplement=snap.late_by_supplement or count > 1)


def _provide_supplement(
    snap: Snapshot, a: Action, limit: Limit, cal: WorkingCalendar, rules: Rules
) -> Snapshot:
    # Only the answer to the first appraisal-stage request restarts the time limit.
    if snap.state is State.PROCESSING and snap.supplements == 1 and not snap.restarted:
        return replace(_start_clock(snap, a.at, limit, cal, rules), restarted=True)
    return snap


def _consult(snap: Snapshot, a: Action, *_args: object) -> Snapshot:
    return _open(snap, a, "consultation", a.data["agency_id"], a.data["due_at"])


def _answer(snap: Snapshot, a: Action, *_args: object) -> Snapshot:
    steps = _close(snap.steps, a.at, "answered", "consultation", a.data["agency_id"])
    return replace(snap, steps=steps)


def _extend(snap: Snapshot, a: Action, *_args: object) -> Snapshot:
    return replace(snap, due_at=a.data["new_due_at"], extensions=snap.extensions + 1)


def _finish(outcome: str) -> Callable[..., Snapshot]:
    def effect(snap: Snapshot, a: Action, *_args: object) -> Snapshot:
        return replace(
            snap,
            outcome=outcome,
            finished_at=a.at,
            steps=_close(snap.steps, a.at, "done", kind=None),
        )

    return effect


def _return_result(snap: Snapshot, a: Action, *_args: object) -> Snapshot:
    return replace(snap, returned_at=a.at)


def _request_intake_supplement(snap: Snapshot, a: Action, *_args: object) -> Snapshot:
    return replace(snap, intake_supplements=snap.intake_supplements + 1)


_EFFECTS: dict[Event, Callable[..., Snapshot]] = {
    E.RECEIVE_AT_COUNTER: _receive,
    E.RECEIVE: _receive,
    E.FORWARD: _hand_over("done"),
    E.RETURN_TO_STEP: _hand_over("returned"),
    E.REQUEST_INTAKE_SUPPLEMENT: _request_intake_supplement,
    E.REQUEST_SUPPLEMENT: _request_supplement,
    E.PROVIDE_SUPPLEMENT: _provide_supplement,
    E.CONSULT: _consult,
    E.ANSWER_CONSULTATION: _answer,
    E.EXTEND: _extend,
    E.DECIDE: _finish("granted"),
    E.REFUSE: _finish("refused"),
    E.STOP: _finish(""),
    E.REFUSE_AT_INTAKE: _finish(""),
    E.RETURN_RESULT: _return_result,
}
