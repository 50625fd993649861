"""The states of a payment and what moves it between them. Pure: no database imports.

- created: written, nobody sent to a gateway yet (a counter payment passes through it in the
  same transaction);
- pending: the payer was sent to the gateway; only the gateway's IPN or the timeout ends it;
- paid: the gateway (IPN) or the counter officer confirmed the money;
- failed: the gateway said the payment did not go through (cancelled, refused card…);
- expired: nothing came back within the gateway's timeout (15 minutes for VNPay);
- refunded: the money went back to the payer.

An IPN that confirms a payment after it expired still marks it paid: the money was taken, and
the reconciliation report is where a double payment shows up.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    CREATED = "created"
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"
    REFUNDED = "refunded"


class Event(StrEnum):
    SEND = "send"  # the payer is sent to the gateway
    CONFIRM = "confirm"  # the money was taken (IPN 00, or the counter)
    FAIL = "fail"  # the gateway answered with a failure
    EXPIRE = "expire"  # the gateway's timeout passed
    REFUND = "refund"


S, E = State, Event
TABLE: dict[tuple[State, Event], State] = {
    (S.CREATED, E.SEND): S.PENDING,
    (S.CREATED, E.CONFIRM): S.PAID,
    (S.PENDING, E.CONFIRM): S.PAID,
    (S.EXPIRED, E.CONFIRM): S.PAID,
    (S.PENDING, E.FAIL): S.FAILED,
    (S.EXPIRED, E.FAIL): S.EXPIRED,
    (S.CREATED, E.EXPIRE): S.EXPIRED,
    (S.PENDING, E.EXPIRE): S.EXPIRED,
    (S.PAID, E.REFUND): S.REFUNDED,
}
# States the gateway's answer no longer changes: a repeated IPN answers "already confirmed".
SETTLED = frozenset({S.PAID, S.FAILED, S.REFUNDED})
OPEN = frozenset({S.CREATED, S.PENDING})


class InvalidChange(Exception):
    """The event does not apply to a payment in that state."""

    def __init__(self, state: State, event: Event) -> None:
        self.state, self.event = state, event
        super().__init__(f"Không thể «{event}» một khoản thanh toán đang ở trạng thái «{state}».")


def next_state(state: State, event: Event) -> State:
    """Return the state after `event`, or raise InvalidChange."""
    try:
        return TABLE[(state, event)]
    except KeyError:
        raise InvalidChange(state, event) from None
