"""The rules of who is told on which channel, and where a message is (kinds.py): no database."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.notifications.kinds import (
    EVENTS,
    REQUIRED,
    TEMPLATES,
    DeliveryState,
    External,
    Kind,
    available_channels,
    channels_for,
    delivery_state,
    problems,
)

BOTH = [External.SMS, External.EMAIL]
NOW = dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC)


def test_every_kind_has_a_template_and_an_event():
    assert set(TEMPLATES) == set(Kind)
    assert set(EVENTS.values()) == set(Kind)


def test_the_account_offers_the_channels_it_has():
    assert available_channels("0912000001", "an@example.vn") == BOTH
    assert available_channels(None, "an@example.vn") == [External.EMAIL]
    assert available_channels("0912000001", "") == [External.SMS]


def test_without_a_choice_sms_goes_when_there_is_a_phone_else_email():
    assert channels_for(Kind.RECEIVED, None, BOTH) == [External.SMS]
    assert channels_for(Kind.RECEIVED, None, [External.EMAIL]) == [External.EMAIL]
    assert channels_for(Kind.RECEIVED, {"rating": []}, BOTH) == [External.SMS]


def test_a_choice_is_followed_among_the_channels_the_account_has():
    assert channels_for(Kind.RESULT, {"result": ["sms", "email"]}, BOTH) == BOTH
    assert channels_for(Kind.RATING, {"rating": []}, BOTH) == []
    assert channels_for(Kind.RESULT, {"result": ["email"]}, [External.SMS]) == [External.SMS]


def test_a_required_notice_always_has_an_external_channel():
    assert REQUIRED == {Kind.SUPPLEMENT, Kind.PAYMENT, Kind.EXTENSION, Kind.RESULT}
    assert channels_for(Kind.SUPPLEMENT, {"supplement": []}, BOTH) == [External.SMS]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ({"rating": [], "submitted": ["email"]}, {}),
        (
            {"supplement": []},
            {"supplement": "This notice is required by law: choose SMS, email, or both."},
        ),
        ({"result": ["fax"]}, {"result": "Choose SMS, email, or both."}),
        ({"gossip": ["sms"]}, {"gossip": "Unknown kind of message."}),
    ],
)
def test_problems_of_a_choice(choice, expected):
    assert problems(choice, BOTH) == expected


def test_a_channel_the_account_lacks_cannot_be_chosen():
    assert "result" in problems({"result": ["email"]}, [External.SMS])


@pytest.mark.parametrize(
    ("stamps", "state"),
    [
        ({}, DeliveryState.QUEUED),
        ({"sent_at": NOW}, DeliveryState.SENT),
        ({"sent_at": NOW, "confirmed_at": NOW}, DeliveryState.DELIVERED),
        ({"confirmed_at": NOW}, DeliveryState.DELIVERED),  # the report came before the outcome
        ({"failed_at": NOW}, DeliveryState.FAILED),
    ],
)
def test_the_delivery_state_follows_the_timestamps(stamps, state):
    stamps = {"sent_at": None, "confirmed_at": None, "failed_at": None, **stamps}
    assert delivery_state(**stamps) is state
