"""The consent states and their lawful changes (security review D5). Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.submissions.consent_states import (
    TRANSITIONS,
    ConsentEvent,
    ConsentState,
    InvalidConsentChange,
    allows_receipt,
    effective_state,
    next_state,
    offline_code_checked,
    sees_profile,
)

S, E = ConsentState, ConsentEvent


@pytest.mark.parametrize(
    ("before", "event", "after"),
    [
        (None, E.CODE_CONFIRMED, S.ACTIVE),
        (None, E.SCAN_RECORDED, S.PENDING),
        (None, E.OFFLINE_CODE_SENT, S.PENDING),
        (S.PENDING, E.SCAN_CONFIRMED, S.ACTIVE),
        (S.PENDING, E.SCAN_REFUSED, S.REFUSED),
        (S.PENDING, E.OFFLINE_CODE_MATCHED, S.ACTIVE),
        (S.PENDING, E.OFFLINE_CODE_MISMATCHED, S.REFUSED),
        (S.PENDING, E.ENDED, S.ENDED),
        (S.ACTIVE, E.ENDED, S.ENDED),
        (S.ENDED, E.SCAN_CONFIRMED, S.ENDED),
        (S.ENDED, E.SCAN_REFUSED, S.REFUSED),
    ],
)
def test_d5_lawful_consent_changes(
    before: ConsentState | None, event: ConsentEvent, after: ConsentState
) -> None:
    assert next_state(before, event) is after


def test_d5_every_other_change_is_refused() -> None:
    for before in (None, *S):
        for event in E:
            if (before, event) not in TRANSITIONS:
                with pytest.raises(InvalidConsentChange):
                    next_state(before, event)


def test_d5_a_scan_cannot_activate_itself_nor_a_refused_consent_come_back() -> None:
    with pytest.raises(InvalidConsentChange):
        next_state(None, E.SCAN_CONFIRMED)
    with pytest.raises(InvalidConsentChange):
        next_state(S.PENDING, E.CODE_CONFIRMED)
    for event in E:
        with pytest.raises(InvalidConsentChange):
            next_state(S.REFUSED, event)


def test_d5_the_offline_check_at_sync_confirms_or_refuses() -> None:
    assert next_state(S.PENDING, offline_code_checked(True)) is S.ACTIVE
    assert next_state(S.PENDING, offline_code_checked(False)) is S.REFUSED
    with pytest.raises(InvalidConsentChange):
        next_state(S.ACTIVE, offline_code_checked(True))


def test_d5_only_a_confirmed_consent_shows_the_profile_and_lets_the_counter_receive() -> None:
    assert [s for s in S if sees_profile(s)] == [S.ACTIVE]
    assert allows_receipt(S.ACTIVE, checked=True)
    assert allows_receipt(S.ENDED, checked=True)
    assert not allows_receipt(S.ENDED, checked=False)  # ended before its scan was checked
    assert not allows_receipt(S.PENDING, checked=False)
    assert not allows_receipt(S.REFUSED, checked=True)


def test_d5_a_consent_past_its_end_has_ended() -> None:
    ends = dt.datetime(2026, 12, 1, 17, 0, tzinfo=dt.UTC)
    before, after = ends - dt.timedelta(minutes=1), ends + dt.timedelta(minutes=1)
    assert effective_state(S.PENDING, ends, before) is S.PENDING
    assert effective_state(S.PENDING, ends, after) is S.ENDED
    assert effective_state(S.ACTIVE, ends, after) is S.ENDED
    assert effective_state(S.REFUSED, ends, after) is S.REFUSED
