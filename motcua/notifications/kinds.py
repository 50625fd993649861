"""What the applicant is told about their dossier, on which channels, and where a message is on
its way (ADR 0015). Pure: no database imports.

Rules, one sentence each:

- Every dossier event the applicant must hear of has one kind of message, and each kind one
  template (``TEMPLATES``) written in Vietnamese and English.
- The in-app inbox always gets the message; SMS and email follow the applicant's choice per
  kind, among the channels their account has.
- A legally required notice (``REQUIRED``) always goes out on at least one external channel:
  a choice that leaves it none is refused, and an account that lost the chosen channel falls
  back to the default one.
- A message is queued until a channel takes it, sent once taken, delivered when the provider
  reports it arrived, and failed when the last retry gave up or the provider reported it
  undeliverable for the last time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import StrEnum

# Marks the messages below for translation without importing a catalog: the caller translates.
from django.utils.translation import gettext_noop


class Kind(StrEnum):
    SUBMITTED = "submitted"
    RECEIVED = "received"
    SUPPLEMENT = "supplement"
    PAYMENT = "payment"
    EXTENSION = "extension"
    RESULT = "result"
    RATING = "rating"


class External(StrEnum):
    """The channels an applicant chooses; in-app is not a choice, it is always on."""

    SMS = "sms"
    EMAIL = "email"


TEMPLATES: dict[Kind, str] = {
    Kind.SUBMITTED: "dossier_submitted",
    Kind.RECEIVED: "dossier_received",
    Kind.SUPPLEMENT: "dossier_supplement_requested",
    Kind.PAYMENT: "payment_requested",
    Kind.EXTENSION: "dossier_extended",
    Kind.RESULT: "dossier_result_ready",
    Kind.RATING: "dossier_rating_invitation",
}

# The published events (motcua/dossiers/transitions.py, and the payments app's
# "payment.requested") and the kind of message each one sends. "dossier.request_obligation"
# is left out on purpose: the payments app publishes "payment.requested" whenever a payment is
# asked, at status 6 too, and one message per request is enough.
EVENTS: dict[str, Kind] = {
    "dossier.submit_online": Kind.SUBMITTED,
    "dossier.receive": Kind.RECEIVED,
    "dossier.receive_at_counter": Kind.RECEIVED,
    "dossier.request_intake_supplement": Kind.SUPPLEMENT,
    "dossier.request_supplement": Kind.SUPPLEMENT,
    "payment.requested": Kind.PAYMENT,
    "dossier.extend": Kind.EXTENSION,
    "dossier.decide": Kind.RESULT,
    "dossier.return_result": Kind.RATING,
}

# Notices the applicant cannot turn off on every external channel:
# - supplement: the request goes to the applicant "once, completely", by the portal's email/SMS
#   for an online dossier (Decree 61/2018 Art. 15, 17, 19);
# - extension: after the apology and new date (Form 04) the one-stop "notifies by email, SMS,
#   phone" (Decree 61/2018 Art. 19);
# - result: the applicant is told when the result is ready, early return included (Art. 20);
# - payment: our choice, not the decree's: the dossier stops (status 6) until it is paid.
REQUIRED: frozenset[Kind] = frozenset({Kind.SUPPLEMENT, Kind.PAYMENT, Kind.EXTENSION, Kind.RESULT})

Choice = Mapping[str, Iterable[str]]


def available_channels(phone: str | None, email: str | None) -> list[External]:
    """The external channels an account can be reached on."""
    return [c for c, there in ((External.SMS, phone), (External.EMAIL, email)) if there]


def default_channels(available: Iterable[External]) -> list[External]:
    """Without a choice: SMS when there is a phone, else email (ADR 0011's rule)."""
    ordered = list(available)
    return ordered[:1]


def channels_for(
    kind: Kind, chosen: Choice | None, available: Iterable[External]
) -> list[External]:
    """The external channels one message of ``kind`` goes on, for an applicant who ``chosen``
    (None: never chose) and whose account has ``available`` channels."""
    reachable = list(available)
    if chosen is None or kind.value not in chosen:
        return default_channels(reachable)
    picked = [c for c in reachable if c.value in set(chosen[kind.value])]
    if not picked and kind in REQUIRED:
        return default_channels(reachable)
    return picked


def problems(chosen: Choice, available: Iterable[External]) -> dict[str, str]:
    """What is wrong with a choice, by kind: an unknown kind or channel, a channel the account
    lacks, or a required notice left without an external channel. Messages are English msgids;
    the caller translates them."""
    reachable = {c.value for c in available}
    found: dict[str, str] = {}
    for key, channels in chosen.items():
        if key not in {k.value for k in Kind}:
            found[key] = gettext_noop("Unknown kind of message.")
            continue
        picked = set(channels)
        if picked - {c.value for c in External}:
            found[key] = gettext_noop("Choose SMS, email, or both.")
        elif picked - reachable:
            found[key] = gettext_noop(
                "Your account has no phone number or email address for this channel."
            )
        elif not picked and Kind(key) in REQUIRED and reachable:
            found[key] = gettext_noop("This notice is required by law: choose SMS, email, or both.")
    return found


class DeliveryState(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"


def delivery_state(
    *, sent_at: dt.datetime | None, confirmed_at: dt.datetime | None, failed_at: dt.datetime | None
) -> DeliveryState:
    """Where a message is, from its timestamps: the outbox's delivery (``sent_at``), the
    provider's report (``confirmed_at``) and the outbox's giving up (``failed_at``)."""
    if failed_at is not None:
        return DeliveryState.FAILED
    if confirmed_at is not None:
        return DeliveryState.DELIVERED
    if sent_at is not None:
        return DeliveryState.SENT
    return DeliveryState.QUEUED
