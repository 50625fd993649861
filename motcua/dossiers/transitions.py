"""The dossier lifecycle as one table (domain.md §2.1–2.2; ADR 0009). Pure: no database imports.

A state is a named step of the lifecycle; each maps to a national status code 1–10
(TrangThaiHoSo). Steps inside handling ("approved") share code 4 rather than multiply the
national states. A refusal after appraisal is a result: the dossier goes to 9 with outcome
"refused". The intake supplement request is code 5 like the appraisal one, but returns the
dossier to 1 when the applicant supplies the papers.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    SUBMITTED = "submitted"  # 1 Mới đăng ký
    INTAKE_SUPPLEMENT = "intake-supplement"  # 5 Yêu cầu bổ sung (before receipt)
    NOT_RECEIVED = "not-received"  # 3 Không được tiếp nhận
    RECEIVED = "received"  # 2 Được tiếp nhận
    PROCESSING = "processing"  # 4 Đang xử lý
    APPROVED = "approved"  # 4 (a leader approved the draft result)
    SUPPLEMENT = "supplement"  # 5 Yêu cầu bổ sung (during appraisal)
    OBLIGATION = "obligation"  # 6 Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWAL_REQUESTED = "withdrawal"  # 7 Công dân yêu cầu rút hồ sơ
    STOPPED = "stopped"  # 8 Dừng xử lý
    DECIDED = "decided"  # 9 Đã xử lý xong
    RETURNED = "returned"  # 10 Đã trả kết quả


class Event(StrEnum):
    SUBMIT_ONLINE = "submit_online"
    RECEIVE_AT_COUNTER = "receive_at_counter"
    RECEIVE = "receive"
    REQUEST_INTAKE_SUPPLEMENT = "request_intake_supplement"
    REFUSE_AT_INTAKE = "refuse_at_intake"
    FORWARD = "forward"
    RETURN_TO_STEP = "return_to_step"
    REQUEST_SUPPLEMENT = "request_supplement"
    PROVIDE_SUPPLEMENT = "provide_supplement"
    REQUEST_OBLIGATION = "request_obligation"
    PAY_OBLIGATION = "pay_obligation"
    CONSULT = "consult"
    ANSWER_CONSULTATION = "answer_consultation"
    APPROVE = "approve"
    EXTEND = "extend"
    REQUEST_WITHDRAWAL = "request_withdrawal"
    STOP = "stop"
    REFUSE = "refuse"
    DECIDE = "decide"
    RETURN_RESULT = "return_result"


NATIONAL_STATUS: dict[State, int] = {
    State.SUBMITTED: 1,
    State.RECEIVED: 2,
    State.NOT_RECEIVED: 3,
    State.PROCESSING: 4,
    State.APPROVED: 4,
    State.INTAKE_SUPPLEMENT: 5,
    State.SUPPLEMENT: 5,
    State.OBLIGATION: 6,
    State.WITHDRAWAL_REQUESTED: 7,
    State.STOPPED: 8,
    State.DECIDED: 9,
    State.RETURNED: 10,
}

S, E = State, Event
# (state before, event) -> state after. None is the state before a dossier exists.
TABLE: dict[tuple[State | None, Event], State] = {
    (None, E.SUBMIT_ONLINE): S.SUBMITTED,
    (None, E.RECEIVE_AT_COUNTER): S.RECEIVED,
    (S.SUBMITTED, E.RECEIVE): S.RECEIVED,
    (S.SUBMITTED, E.REQUEST_INTAKE_SUPPLEMENT): S.INTAKE_SUPPLEMENT,
    (S.SUBMITTED, E.REFUSE_AT_INTAKE): S.NOT_RECEIVED,
    (S.INTAKE_SUPPLEMENT, E.PROVIDE_SUPPLEMENT): S.SUBMITTED,
    (S.RECEIVED, E.FORWARD): S.PROCESSING,
    (S.PROCESSING, E.FORWARD): S.PROCESSING,
    (S.PROCESSING, E.RETURN_TO_STEP): S.PROCESSING,
    (S.PROCESSING, E.REQUEST_SUPPLEMENT): S.SUPPLEMENT,
    (S.SUPPLEMENT, E.PROVIDE_SUPPLEMENT): S.PROCESSING,
    (S.PROCESSING, E.REQUEST_OBLIGATION): S.OBLIGATION,
    (S.OBLIGATION, E.PAY_OBLIGATION): S.PROCESSING,
    (S.PROCESSING, E.CONSULT): S.PROCESSING,
    (S.PROCESSING, E.ANSWER_CONSULTATION): S.PROCESSING,
    (S.PROCESSING, E.APPROVE): S.APPROVED,
    (S.APPROVED, E.RETURN_TO_STEP): S.PROCESSING,
    (S.PROCESSING, E.EXTEND): S.PROCESSING,
    (S.APPROVED, E.EXTEND): S.APPROVED,
    (S.PROCESSING, E.REFUSE): S.DECIDED,
    (S.APPROVED, E.REFUSE): S.DECIDED,
    (S.APPROVED, E.DECIDE): S.DECIDED,
    (S.PROCESSING, E.STOP): S.STOPPED,
    (S.DECIDED, E.RETURN_RESULT): S.RETURNED,
    **{
        (s, E.REQUEST_WITHDRAWAL): S.WITHDRAWAL_REQUESTED
        for s in (
            S.SUBMITTED,
            S.INTAKE_SUPPLEMENT,
            S.RECEIVED,
            S.PROCESSING,
            S.APPROVED,
            S.SUPPLEMENT,
            S.OBLIGATION,
        )
    },
    (S.WITHDRAWAL_REQUESTED, E.STOP): S.STOPPED,
}
FINAL = frozenset({S.NOT_RECEIVED, S.STOPPED, S.RETURNED})


class InvalidTransition(Exception):
    """The event is not allowed in the dossier's current state."""

    def __init__(self, state: State | None, event: Event) -> None:
        self.state, self.event = state, event
        shown = f"«{state}»" if state else "chưa có hồ sơ"
        super().__init__(f"Không thể thực hiện «{event}» khi hồ sơ đang ở trạng thái {shown}.")


def next_state(state: State | None, event: Event) -> State:
    """Return the state after `event`, or raise InvalidTransition."""
    try:
        return TABLE[(state, event)]
    except KeyError:
        raise InvalidTransition(state, event) from None


def allowed_events(state: State | None) -> list[Event]:
    """Return the events the table allows from `state`, in the order of Event."""
    return [e for e in Event if (state, e) in TABLE]
