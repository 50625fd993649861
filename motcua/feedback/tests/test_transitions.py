"""The life of a petition as a table, without a database."""

from __future__ import annotations

import pytest

from motcua.feedback.transitions import (
    TABLE,
    Event,
    InvalidTransition,
    State,
    allowed_events,
    next_state,
)

S, E = State, Event


def test_a_petition_is_born_submitted():
    assert allowed_events(None) == [E.SUBMIT]
    assert next_state(None, E.SUBMIT) is S.SUBMITTED


def test_the_agency_refuses_asks_for_more_or_answers_a_submitted_petition():
    assert set(allowed_events(S.SUBMITTED)) == {E.REFUSE, E.REQUEST_MORE, E.ANSWER}


def test_information_added_submits_it_again():
    assert next_state(S.MORE_INFO_REQUESTED, E.ADD_INFORMATION) is S.SUBMITTED


def test_an_answer_is_then_published_and_that_is_the_end():
    assert next_state(S.ANSWERED, E.PUBLISH) is S.PUBLISHED
    assert allowed_events(S.PUBLISHED) == []
    assert allowed_events(S.REFUSED) == []


@pytest.mark.parametrize(
    ("state", "event"), [(s, e) for s in [None, *State] for e in Event if (s, e) not in TABLE]
)
def test_anything_else_is_refused(state, event):
    with pytest.raises(InvalidTransition):
        next_state(state, event)
