"""Lawful dossier histories: generated actions run through lifecycle.check and advance. Pure.

Each dossier's story is a list of `Record`s, the actions that `check` allowed with the snapshot
`advance` returned. The rows the generator writes are read off these records, so the stored
dossier is the replay of its stored history by construction. An action that the guards refuse
or the transition table does not allow is skipped, as an officer's screen would refuse it.

The rates below make a province-year that looks like the national portal's figures: about one
dossier in ten needs a supplement, a few are refused, withdrawn or late, and most finish early.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from motcua.deadlines.calendar import WorkingCalendar

from .. import lifecycle
from ..lifecycle import Action, Limit, Snapshot
from ..transitions import TABLE, Event, State
from .clock import DAY, VN, WorkClock

E = Event
ONLINE, IN_PERSON, POST = 2, 1, 3


@dataclass(frozen=True)
class Rates:
    intake_supplement: float = 0.10  # online dossiers asked to complete the file before receipt
    intake_abandoned: float = 0.12  # ... of which the applicant never completes
    refuse_at_intake: float = 0.03
    early_withdrawal: float = 0.01  # withdrawn before receipt
    withdrawal: float = 0.015  # withdrawn during appraisal, then stopped
    officer_stop: float = 0.004
    supplement: float = 0.09  # appraisal supplement requests
    second_supplement: float = 0.25  # ... of which a second one, with a reason
    supplement_abandoned: float = 0.06
    consult: float = 0.06
    obligation: float = 0.45  # of procedures with a financial obligation (land)
    return_to_step: float = 0.03
    refuse: float = 0.03
    late: float = 0.07
    extend_late: float = 0.45  # of the dossiers heading for lateness
    extend_anyway: float = 0.01
    returned: float = 0.94  # results the applicant comes for, or receives online


RATES = Rates()

REASONS = {
    E.REQUEST_INTAKE_SUPPLEMENT: [
        "Thiếu bản sao giấy tờ tùy thân của người yêu cầu.",
        "Tờ khai chưa có chữ ký của người yêu cầu.",
        "Ảnh chụp giấy tờ không rõ, đề nghị tải lại bản rõ nét.",
    ],
    E.REFUSE_AT_INTAKE: [
        "Thủ tục không thuộc thẩm quyền giải quyết của cơ quan.",
        "Hồ sơ đã được nộp và đang giải quyết theo mã hồ sơ khác.",
    ],
    E.REQUEST_SUPPLEMENT: [
        "Đề nghị bổ sung giấy tờ chứng minh nơi cư trú.",
        "Thông tin trên tờ khai không khớp với Cơ sở dữ liệu về dân cư.",
        "Cần bổ sung văn bản ủy quyền có chứng thực.",
    ],
    E.REFUSE: [
        "Không đủ điều kiện theo quy định của pháp luật.",
        "Kết quả xác minh không phù hợp với nội dung yêu cầu.",
    ],
    E.STOP: [
        "Công dân có đơn xin rút hồ sơ.",
        "Cơ quan có thẩm quyền yêu cầu tạm dừng để xác minh.",
    ],
    E.EXTEND: [
        "Cần thêm thời gian xác minh với cơ quan liên quan.",
        "Hệ thống cơ sở dữ liệu chuyên ngành gián đoạn, chưa tra cứu được.",
    ],
    E.RETURN_TO_STEP: [
        "Dự thảo kết quả cần chỉnh sửa thông tin.",
        "Đề nghị kiểm tra lại thành phần hồ sơ.",
    ],
}
SECOND_SUPPLEMENT = "Lần hai: giấy tờ đã bổ sung chưa được chứng thực theo quy định."
WITHDRAWN = "Công dân có đơn xin rút hồ sơ."


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    roles: frozenset[str]


@dataclass(frozen=True)
class Spec:
    """What a dossier is before its history: who, where, which procedure, when it starts."""

    limit: Limit
    obligation: bool
    channel: int
    start: dt.datetime
    applicant: Actor
    receiving_id: int
    handling_id: int  # the agency or division the counter forwards to
    competent_id: int
    counter: Actor
    specialist: Actor
    leader: Actor
    consulted: tuple[int, Actor] | None = None


@dataclass
class Record:
    action: Action
    before: Snapshot
    after: Snapshot


@dataclass
class Story:
    """One dossier's history being played: `act` runs the guards and the lifecycle."""

    rng: random.Random
    clock: WorkClock
    cal: WorkingCalendar
    rules: lifecycle.Rules
    horizon: dt.datetime
    spec: Spec
    snap: Snapshot = field(default_factory=Snapshot)
    records: list[Record] = field(default_factory=list)
    over: bool = False  # the horizon was reached: the dossier stays as it is at year end

    @property
    def last(self) -> dt.datetime:
        return self.records[-1].action.at

    def act(
        self, event: Event, at: dt.datetime, actor: Actor, note: str = "", **data: object
    ) -> bool:
        """Apply `event` if the table and the guards allow it; return whether it happened."""
        if self.over or at > self.horizon:
            self.over = True
            return False
        if (self.snap.state, event) not in TABLE:
            return False
        action = Action(event, at, actor.user_id, actor.roles, note, data)
        if lifecycle.check(self.snap, action, self.cal, self.rules):
            return False
        before = self.snap
        self.snap = lifecycle.advance(before, action, self.spec.limit, self.cal, self.rules)
        self.records.append(Record(action, before, self.snap))
        return True

    # Moments: officers in office hours on the working-minute line, applicants at any hour.
    def work(self, after: dt.datetime, low: float, high: float) -> dt.datetime:
        """Return a moment `low`..`high` working days after `after`, in office hours."""
        gap = max(1, int(self.rng.uniform(low, high) * DAY))
        return self.jitter(self.clock.moment(self.clock.index(after) + gap))

    def citizen(self, after: dt.datetime, low_days: float, high_days: float) -> dt.datetime:
        """Return a moment some days after `after`, moved out of the small hours."""
        t = after + dt.timedelta(days=self.rng.uniform(low_days, high_days))
        if t.hour < 6:
            t = t.replace(hour=self.rng.randint(6, 22))
        return max(t, after + dt.timedelta(minutes=3))

    def jitter(self, t: dt.datetime) -> dt.datetime:
        """`t` with random seconds: the clock counts whole minutes."""
        return t.replace(second=self.rng.randrange(60))

    def note(self, event: Event) -> str:
        return self.rng.choice(REASONS[event])


def play(story: Story, rates: Rates = RATES) -> None:
    """Play a whole history, from submission or receipt until it ends or the year does."""
    spec = story.spec
    if spec.start > story.horizon:
        return
    if spec.channel == ONLINE:
        if not _intake(story, rates):
            return
    else:
        story.act(
            E.RECEIVE_AT_COUNTER, spec.start, spec.counter, receiving_unit_id=spec.receiving_id
        )
    if story.snap.state is State.RECEIVED:
        _appraise(story, rates)


def _intake(s: Story, rates: Rates) -> bool:
    """Submission and the counter's check of an online dossier; True if it was received."""
    spec, rng = s.spec, s.rng
    s.act(E.SUBMIT_ONLINE, spec.start, spec.applicant)
    if rng.random() < rates.intake_supplement:
        s.act(
            E.REQUEST_INTAKE_SUPPLEMENT,
            s.work(s.last, 0.02, 1.2),
            spec.counter,
            s.note(E.REQUEST_INTAKE_SUPPLEMENT),
        )
        if rng.random() < rates.intake_abandoned:
            return False
        s.act(E.PROVIDE_SUPPLEMENT, s.citizen(s.last, 0.1, 6), spec.applicant)
    if rng.random() < rates.early_withdrawal:
        return _withdraw(s, s.citizen(s.last, 0.05, 1), spec.counter)
    if rng.random() < rates.refuse_at_intake:
        s.act(
            E.REFUSE_AT_INTAKE, s.work(s.last, 0.02, 1.2), spec.counter, s.note(E.REFUSE_AT_INTAKE)
        )
        return False
    return s.act(
        E.RECEIVE, s.work(s.last, 0.02, 1.5), spec.counter, receiving_unit_id=spec.receiving_id
    )


def _withdraw(s: Story, at: dt.datetime, stopper: Actor) -> bool:
    """The applicant withdraws; an officer stops the dossier. Returns False (it ended)."""
    if s.act(E.REQUEST_WITHDRAWAL, at, s.spec.applicant):
        s.act(E.STOP, s.work(s.last, 0.05, 2), stopper, WITHDRAWN)
    return False


def _appraise(s: Story, rates: Rates) -> None:
    spec, rng = s.spec, s.rng
    s.act(
        E.FORWARD,
        s.work(s.last, 0.01, 0.6),
        spec.counter,
        agency_id=spec.handling_id,
        assignee_id=spec.specialist.user_id,
    )
    if rng.random() < rates.withdrawal:
        _withdraw(s, s.citizen(s.last, 0.5, 4), spec.leader)
        return
    if rng.random() < rates.supplement and not _supplements(s, rates):
        return
    if rng.random() < rates.officer_stop:
        s.act(E.STOP, s.work(s.last, 0.5, 4), spec.leader, s.note(E.STOP))
        return
    _decide(s, rates)


def _supplements(s: Story, rates: Rates) -> bool:
    """The first request (within the window), maybe a second one; False if it never ends."""
    spec, rng = s.spec, s.rng
    supplier = spec.applicant if spec.channel == ONLINE else spec.counter
    for count in (1, 2):
        if count == 2 and rng.random() >= rates.second_supplement:
            return True
        note = s.note(E.REQUEST_SUPPLEMENT) if count == 1 else SECOND_SUPPLEMENT
        low, high = (0.05, 1.8) if count == 1 else (0.5, 4)
        if not s.act(E.REQUEST_SUPPLEMENT, s.work(s.last, low, high), spec.specialist, note):
            return True
        if rng.random() < rates.supplement_abandoned:
            return False
        at = s.citizen(s.last, 0.5, 12) if supplier is spec.applicant else s.work(s.last, 0.5, 8)
        s.act(E.PROVIDE_SUPPLEMENT, at, supplier)
    return True


def _decide(s: Story, rates: Rates) -> None:
    """Appraisal to decision: maybe an extension, consultations, the leader's approval."""
    rng = s.rng
    late = rng.random() < rates.late
    # Most extended dossiers then meet their new date; some are late even so.
    if rng.random() < (rates.extend_late if late else rates.extend_anyway) and _extend(s):
        late = late and rng.random() < 0.4
    refuse = rng.random() < rates.refuse
    finish = _finish_index(s, late)
    middle = _middle_events(s, rates, refuse)
    now = s.clock.index(s.last)
    if finish - now <= len(middle):
        finish = now + len(middle) + 1 + rng.randrange(60)
    slots = sorted(rng.sample(range(now + 1, finish), len(middle)))
    for slot, (event, actor, data, note) in zip(slots, middle, strict=True):
        at = s.jitter(s.clock.moment(slot))
        if event is E.CONSULT:  # the consulted agency has a few working days to answer
            day = s.cal.add_working_days(local_day(at), rng.randint(3, 7))
            data = {**data, "due_at": s.clock.closing(day)}
        s.act(event, at, actor, note, **data)
    at = s.jitter(s.clock.moment(finish))
    if refuse:
        s.act(E.REFUSE, at, s.spec.leader, s.note(E.REFUSE))
    else:
        s.act(E.DECIDE, at, s.spec.leader)
    if s.snap.state is State.DECIDED and rng.random() < rates.returned:
        s.act(E.RETURN_RESULT, s.work(s.last, 0.05, 6), s.spec.counter)


def _extend(s: Story) -> bool:
    """The leader's apology and new date, at least a working day before the due date."""
    due = s.snap.due_at
    if due is None:
        return False
    latest = s.clock.index(s.clock.closing(s.cal.previous_working_day(due.date()))) - 1
    now = s.clock.index(s.last)
    if latest <= now:
        return False
    at = s.jitter(s.clock.moment(s.rng.randint(now + 1, latest)))
    new_due = s.clock.closing(s.cal.add_working_days(due.date(), s.rng.randint(2, 10)))
    return s.act(E.EXTEND, at, s.spec.leader, s.note(E.EXTEND), new_due_at=new_due)


def _finish_index(s: Story, late: bool) -> int:
    """When the decision comes, on the working-minute line: mostly early, some late."""
    rng, now = s.rng, s.clock.index(s.last)
    due = s.snap.due_at
    if due is None:
        return now + int(rng.uniform(0.3, 15) * DAY)
    end = s.clock.index(due)
    if late:
        return max(end, now) + rng.randint(30, 8 * DAY)
    span = end - now
    if span <= 2:
        return now + 1 + rng.randrange(30)  # too little time left: it ends a little late
    return now + max(1, min(span - 1, int(span * rng.betavariate(2.2, 1.8))))


Planned = tuple[Event, Actor, dict[str, object], str]


def _middle_events(s: Story, rates: Rates, refuse: bool) -> list[Planned]:
    """The handling between forward and decision, in the order they happen."""
    spec, rng = s.spec, s.rng
    events: list[Planned] = []
    if spec.consulted and rng.random() < rates.consult:
        agency, officer = spec.consulted
        events += [
            (E.CONSULT, spec.specialist, {"agency_id": agency}, ""),
            (E.ANSWER_CONSULTATION, officer, {"agency_id": agency}, ""),
        ]
    if spec.obligation and rng.random() < rates.obligation:
        payer = spec.applicant if spec.channel == ONLINE else spec.counter
        events += [
            (E.REQUEST_OBLIGATION, spec.specialist, {}, ""),
            (E.PAY_OBLIGATION, payer, {}, ""),
        ]
    to_leader: Planned = (
        E.FORWARD,
        spec.specialist,
        {"agency_id": spec.competent_id, "assignee_id": spec.leader.user_id},
        "",
    )
    events.append(to_leader)
    if rng.random() < rates.return_to_step:
        back: dict[str, object] = {
            "agency_id": spec.handling_id,
            "assignee_id": spec.specialist.user_id,
        }
        events += [(E.RETURN_TO_STEP, spec.leader, back, s.note(E.RETURN_TO_STEP)), to_leader]
    if not refuse or rng.random() < 0.5:
        events.append((E.APPROVE, spec.leader, {}, ""))
    return events


def local_day(t: dt.datetime) -> dt.date:
    return t.astimezone(VN).date()
