"""The states of a citizen's consent to a volunteer's help, and the lawful changes. Pure.

One table for every way consent is given (security review D5):
- a code sent to the citizen's phone and typed back by the volunteer: ACTIVE at once;
- a signed form scanned at a help desk: PENDING until an officer of the receiving unit
  confirms the scan (ACTIVE) or finds it invalid (REFUSED);
- a code sent before an offline visit: PENDING until the dossier syncs, when the code the
  volunteer captured is checked (ACTIVE if it matches, REFUSED if not).

While PENDING the volunteer may prepare and submit dossiers but sees nothing of the citizen's
profile or repository, and the counter cannot receive what was submitted. Expiry is read from
`ends_at`, not stored: a consent past its end is ENDED whatever its stored state
(`effective_state`). An officer may still judge the scan of a consent the citizen ended before
it was checked, so that the dossiers submitted under it can be received or refused.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class ConsentState(StrEnum):
    PENDING = "pending"  # scan awaiting an officer, or offline code awaiting the sync
    ACTIVE = "active"  # the citizen's code matched, or an officer confirmed the scan
    ENDED = "ended"  # ended by the citizen (or, read from ends_at, expired)
    REFUSED = "refused"  # the scan was invalid, or the offline code did not match


class ConsentEvent(StrEnum):
    CODE_CONFIRMED = "code_confirmed"
    SCAN_RECORDED = "scan_recorded"
    SCAN_CONFIRMED = "scan_confirmed"
    SCAN_REFUSED = "scan_refused"
    OFFLINE_CODE_SENT = "offline_code_sent"
    OFFLINE_CODE_MATCHED = "offline_code_matched"
    OFFLINE_CODE_MISMATCHED = "offline_code_mismatched"
    ENDED = "ended"


S, E = ConsentState, ConsentEvent

# (state before, event) → state after; None before is "no consent yet".
TRANSITIONS: dict[tuple[ConsentState | None, ConsentEvent], ConsentState] = {
    (None, E.CODE_CONFIRMED): S.ACTIVE,
    (None, E.SCAN_RECORDED): S.PENDING,
    (None, E.OFFLINE_CODE_SENT): S.PENDING,
    (S.PENDING, E.SCAN_CONFIRMED): S.ACTIVE,
    (S.PENDING, E.SCAN_REFUSED): S.REFUSED,
    (S.PENDING, E.OFFLINE_CODE_MATCHED): S.ACTIVE,
    (S.PENDING, E.OFFLINE_CODE_MISMATCHED): S.REFUSED,
    (S.PENDING, E.ENDED): S.ENDED,
    (S.ACTIVE, E.ENDED): S.ENDED,
    # Ended by the citizen before the scan was checked: the officer's decision still settles
    # the dossiers submitted meanwhile, and the help stays ended either way.
    (S.ENDED, E.SCAN_CONFIRMED): S.ENDED,
    (S.ENDED, E.SCAN_REFUSED): S.REFUSED,
}

# The states in which the volunteer may open and submit the citizen's drafts.
HELPING = frozenset({S.PENDING, S.ACTIVE})
# The events that settle a consent (who and when are recorded): confirming or refusing it.
CONFIRMING = frozenset({E.CODE_CONFIRMED, E.SCAN_CONFIRMED, E.OFFLINE_CODE_MATCHED})
SETTLING = CONFIRMING | {E.SCAN_REFUSED, E.OFFLINE_CODE_MISMATCHED}


class InvalidConsentChange(Exception):
    def __init__(self, state: ConsentState | None, event: ConsentEvent) -> None:
        super().__init__(f"{event.value} is not allowed from {state.value if state else 'none'}")
        self.state, self.event = state, event


def next_state(state: ConsentState | str | None, event: ConsentEvent | str) -> ConsentState:
    """The state after `event`, or InvalidConsentChange."""
    before = ConsentState(state) if state else None
    after = TRANSITIONS.get((before, ConsentEvent(event)))
    if after is None:
        raise InvalidConsentChange(before, ConsentEvent(event))
    return after


def offline_code_checked(matched: bool) -> ConsentEvent:
    """The event of checking, at sync, a code the volunteer captured offline."""
    return E.OFFLINE_CODE_MATCHED if matched else E.OFFLINE_CODE_MISMATCHED


def effective_state(
    state: ConsentState | str, ends_at: dt.datetime, now: dt.datetime
) -> ConsentState:
    """The stored state, except that a consent in force past its end has ENDED."""
    stored = ConsentState(state)
    return S.ENDED if stored in HELPING and now >= ends_at else stored


def allows_receipt(state: ConsentState | str, checked: bool) -> bool:
    """Whether the counter may receive a dossier submitted under this consent: it was
    confirmed (ACTIVE, or ENDED after being confirmed); never while PENDING or REFUSED."""
    stored = ConsentState(state)
    return stored is S.ACTIVE or (stored is S.ENDED and checked)


def sees_profile(state: ConsentState | str) -> bool:
    """Only a confirmed consent shows the volunteer the citizen's profile and repository."""
    return ConsentState(state) is S.ACTIVE
