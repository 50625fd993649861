"""The lifecycle as a table and its guards, without a database (ADR 0009)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from motcua.deadlines.tests.calendars import CIVIL_SERVICE as CAL
from motcua.dossiers import lifecycle
from motcua.dossiers.lifecycle import Action, Limit, Rules, Snapshot, advance, check, replay
from motcua.dossiers.transitions import (
    NATIONAL_STATUS,
    TABLE,
    Event,
    InvalidTransition,
    State,
    allowed_events,
    next_state,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
RULES = Rules()
SEVEN_DAYS = Limit(7, "working_days")
E, S = Event, State
OFFICER_ROLES = frozenset({"counter", "specialist", "leader"})


def status(snap: Snapshot) -> int:
    assert snap.state is not None
    return NATIONAL_STATUS[snap.state]


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN)


def act(
    event: Event, when: str, note: str = "", roles: frozenset[str] = OFFICER_ROLES, **data: object
) -> Action:
    return Action(event, at(when), 1, roles, note, data)


def received(when: str = "2026-03-02 09:00", limit: Limit = SEVEN_DAYS) -> Snapshot:
    snap = advance(
        Snapshot(), act(E.RECEIVE_AT_COUNTER, when, receiving_unit_id=10), limit, CAL, RULES
    )
    return advance(snap, act(E.FORWARD, when, agency_id=20), limit, CAL, RULES)


# --- the table -------------------------------------------------------------------------------

EVERY_PAIR = [(s, e) for s in [None, *State] for e in Event]


@pytest.mark.parametrize(("state", "event"), EVERY_PAIR)
def test_every_state_and_event_is_either_in_the_table_or_refused(state, event):
    if (state, event) in TABLE:
        assert next_state(state, event) in State
    else:
        with pytest.raises(InvalidTransition, match="Không thể thực hiện"):
            next_state(state, event)


def test_every_state_has_a_national_status_code_from_1_to_10():
    assert set(NATIONAL_STATUS) == set(State)
    assert set(NATIONAL_STATUS.values()) == set(range(1, 11))


def test_a_dossier_is_born_online_in_1_and_at_the_counter_in_2():
    assert NATIONAL_STATUS[next_state(None, E.SUBMIT_ONLINE)] == 1
    assert NATIONAL_STATUS[next_state(None, E.RECEIVE_AT_COUNTER)] == 2
    assert allowed_events(None) == [E.SUBMIT_ONLINE, E.RECEIVE_AT_COUNTER]


def test_final_states_allow_nothing():
    for state in (S.NOT_RECEIVED, S.STOPPED, S.RETURNED):
        assert allowed_events(state) == []


def test_a_refusal_after_appraisal_is_a_result_in_9():
    snap = advance(
        received(), act(E.REFUSE, "2026-03-03 10:00", "Không đủ điều kiện"), SEVEN_DAYS, CAL, RULES
    )
    assert status(snap) == 9
    assert snap.outcome == "refused"


# --- who may act ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "roles", "allowed"),
    [
        (E.RECEIVE, {"counter"}, True),
        (E.RECEIVE, {"specialist"}, False),
        (E.APPROVE, {"leader"}, True),
        (E.APPROVE, {"specialist"}, False),
        (E.REQUEST_WITHDRAWAL, {"applicant"}, True),
        (E.REQUEST_WITHDRAWAL, {"volunteer"}, False),
        (E.SUBMIT_ONLINE, {"volunteer"}, True),
        (E.DECIDE, {"counter"}, False),
    ],
)
def test_only_the_right_roles_may_take_an_event(event, roles, allowed):
    action = Action(event, at("2026-03-02 09:00"), 1, frozenset(roles), "lý do", {"agency_id": 5})
    reason = check(Snapshot(), action, CAL, RULES)
    if allowed:
        assert reason is None
    else:
        assert reason == "Bạn không có quyền thực hiện thao tác này đối với hồ sơ."


@pytest.mark.parametrize(
    "event", [E.REFUSE_AT_INTAKE, E.REFUSE, E.STOP, E.EXTEND, E.REQUEST_INTAKE_SUPPLEMENT]
)
def test_refusals_stops_and_extensions_need_a_reason(event):
    reason = check(received(), act(event, "2026-03-03 09:00"), CAL, RULES)
    assert reason is not None
    assert reason.startswith("Phải nêu")


# --- the clock -----------------------------------------------------------------------------


def test_receipt_on_friday_13_february_2026_counts_across_tet():
    snap = received("2026-02-13 09:00", Limit(3, "working_days"))
    assert snap.clock_starts_at == at("2026-02-13 09:00")
    assert snap.due_at == at("2026-02-25 17:00")


def test_a_counter_receipt_on_saturday_starts_the_clock_on_monday_at_0730():
    snap = received("2026-03-07 10:00", Limit(3, "working_days"))
    assert snap.received_at == at("2026-03-07 10:00")
    assert snap.clock_starts_at == at("2026-03-09 07:30")
    assert snap.due_at == at("2026-03-12 17:00")


def test_a_same_day_procedure_received_at_1530_is_due_next_working_day():
    snap = received("2026-03-10 15:30", Limit(None, "same_day"))
    assert snap.due_at == at("2026-03-11 17:00")


def test_an_unknown_limit_gives_no_due_date():
    assert received(limit=Limit(None, "")).due_at is None


# --- supplements ---------------------------------------------------------------------------


def test_the_first_supplement_within_3_working_days_restarts_the_limit():
    snap = received("2026-03-02 09:00")  # due Wed 11/3
    request = act(E.REQUEST_SUPPLEMENT, "2026-03-05 10:00")
    assert check(snap, request, CAL, RULES) is None
    snap = advance(snap, request, SEVEN_DAYS, CAL, RULES)
    assert status(snap) == 5

    snap = advance(snap, act(E.PROVIDE_SUPPLEMENT, "2026-03-16 14:00"), SEVEN_DAYS, CAL, RULES)

    assert snap.state is S.PROCESSING
    assert snap.restarted
    assert snap.due_at == at("2026-03-25 17:00")  # 7 working days from Mon 16/3
    assert not snap.late_by_supplement


def test_a_first_supplement_after_3_working_days_is_refused():
    reason = check(
        received("2026-03-02 09:00"), act(E.REQUEST_SUPPLEMENT, "2026-03-06 09:00"), CAL, RULES
    )
    assert reason is not None
    assert "3 ngày làm việc" in reason


def _after_first_supplement() -> Snapshot:
    snap = received("2026-03-02 09:00")
    snap = advance(snap, act(E.REQUEST_SUPPLEMENT, "2026-03-03 09:00"), SEVEN_DAYS, CAL, RULES)
    return advance(snap, act(E.PROVIDE_SUPPLEMENT, "2026-03-04 09:00"), SEVEN_DAYS, CAL, RULES)


def test_a_second_supplement_needs_a_reason():
    reason = check(
        _after_first_supplement(), act(E.REQUEST_SUPPLEMENT, "2026-03-10 09:00"), CAL, RULES
    )
    assert reason is not None
    assert "lý do" in reason


def test_a_second_supplement_with_a_reason_marks_the_dossier_late_and_keeps_the_due_date():
    snap = _after_first_supplement()
    due = snap.due_at
    request = act(E.REQUEST_SUPPLEMENT, "2026-03-10 09:00", "Giấy tờ nộp bổ sung bị mờ")
    assert check(snap, request, CAL, RULES) is None
    snap = advance(snap, request, SEVEN_DAYS, CAL, RULES)
    snap = advance(snap, act(E.PROVIDE_SUPPLEMENT, "2026-03-12 09:00"), SEVEN_DAYS, CAL, RULES)

    assert snap.late_by_supplement
    assert snap.due_at == due


# --- extensions ----------------------------------------------------------------------------


def test_an_extension_a_working_day_before_the_due_date_moves_it():
    snap = received("2026-03-02 09:00")  # due Wed 11/3 17:00
    extend = act(E.EXTEND, "2026-03-10 16:00", "Chờ xác minh", new_due_at=at("2026-03-16 17:00"))
    assert check(snap, extend, CAL, RULES) is None
    assert advance(snap, extend, SEVEN_DAYS, CAL, RULES).due_at == at("2026-03-16 17:00")


def test_an_extension_on_the_due_day_is_too_late():
    extend = act(E.EXTEND, "2026-03-11 08:00", "Chờ xác minh", new_due_at=at("2026-03-16 17:00"))
    reason = check(received("2026-03-02 09:00"), extend, CAL, RULES)
    assert reason is not None
    assert "quá muộn" in reason


def test_a_second_extension_is_refused():
    snap = received("2026-03-02 09:00")
    snap = advance(
        snap,
        act(E.EXTEND, "2026-03-09 09:00", "Chờ", new_due_at=at("2026-03-20 17:00")),
        SEVEN_DAYS,
        CAL,
        RULES,
    )
    again = act(E.EXTEND, "2026-03-12 09:00", "Chờ", new_due_at=at("2026-03-27 17:00"))
    assert check(snap, again, CAL, RULES) == (
        "Hồ sơ chỉ được gia hạn một lần (Nghị định 61/2018/NĐ-CP, Điều 19 khoản 9)."
    )


# --- steps ---------------------------------------------------------------------------------


def test_consultations_run_in_parallel_with_their_own_deadline():
    snap = received()
    snap = advance(
        snap,
        act(E.CONSULT, "2026-03-03 09:00", agency_id=30, due_at=at("2026-03-06 17:00")),
        SEVEN_DAYS,
        CAL,
        RULES,
    )
    assert [(s.kind, s.agency_id) for s in snap.open_steps()] == [
        ("handling", 20),
        ("consultation", 30),
    ]
    answer = act(E.ANSWER_CONSULTATION, "2026-03-04 09:00", agency_id=30)
    snap = advance(snap, answer, SEVEN_DAYS, CAL, RULES)
    assert [s.kind for s in snap.open_steps()] == ["handling"]
    assert check(snap, answer, CAL, RULES) == (
        "Cơ quan này không có yêu cầu xin ý kiến đang chờ trả lời."
    )


def test_replaying_the_actions_gives_the_same_snapshot():
    actions = [
        act(E.RECEIVE_AT_COUNTER, "2026-02-13 09:00", receiving_unit_id=10),
        act(E.FORWARD, "2026-02-13 10:00", agency_id=20, assignee_id=7),
        act(E.REQUEST_SUPPLEMENT, "2026-02-23 09:00"),
        act(E.PROVIDE_SUPPLEMENT, "2026-02-26 15:00"),
        act(E.APPROVE, "2026-03-02 09:00"),
        act(E.DECIDE, "2026-03-02 10:00"),
        act(E.RETURN_RESULT, "2026-03-03 08:00"),
    ]
    snap = Snapshot()
    for action in actions:
        assert check(snap, action, CAL, RULES) is None, action.event
        snap = advance(snap, action, SEVEN_DAYS, CAL, RULES)
    assert replay(actions, SEVEN_DAYS, CAL, RULES) == snap
    assert status(snap) == 10
    assert snap.finished_at == at("2026-03-02 10:00")
    assert lifecycle.Snapshot().state is None


def test_papers_are_asked_for_once_before_receipt():
    roles = frozenset({"counter", "applicant"})
    snap = advance(
        Snapshot(), act(E.SUBMIT_ONLINE, "2026-03-02 09:00", roles=roles), SEVEN_DAYS, CAL, RULES
    )
    ask = act(
        E.REQUEST_INTAKE_SUPPLEMENT, "2026-03-02 10:00", "Bản sao hợp đồng thuê nhà", roles=roles
    )
    assert check(snap, ask, CAL, RULES) is None
    snap = advance(snap, ask, SEVEN_DAYS, CAL, RULES)
    snap = advance(
        snap, act(E.PROVIDE_SUPPLEMENT, "2026-03-03 08:00", roles=roles), SEVEN_DAYS, CAL, RULES
    )
    again = act(E.REQUEST_INTAKE_SUPPLEMENT, "2026-03-03 09:00", "Thêm giấy tờ", roles=roles)
    assert "một lần" in (check(snap, again, CAL, RULES) or "")
