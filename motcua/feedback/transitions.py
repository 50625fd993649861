"""The life of a petition (phản ánh, kiến nghị) as one table. Pure: no database imports.

A citizen's petition is received at once (there is no intake step). The agency then refuses
it, asks for more information, or answers it; an answer is then published. When the citizen
adds the information asked for, the petition is submitted again and its clocks restart
(deadlines.py). Likes, dislikes and follow-up petitions ("complain again") change no state.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    SUBMITTED = "submitted"
    MORE_INFO_REQUESTED = "more-info-requested"
    REFUSED = "refused"
    ANSWERED = "answered"
    PUBLISHED = "published"


class Event(StrEnum):
    SUBMIT = "submit"
    REFUSE = "refuse"
    REQUEST_MORE = "request_more"
    ADD_INFORMATION = "add_information"
    ANSWER = "answer"
    PUBLISH = "publish"


class InvalidTransition(Exception):
    """The event is not allowed in the petition's state (workflow.py says so to the person)."""

    def __init__(self, state: State | None, event: Event) -> None:
        super().__init__(f"{event} is not allowed in the state {state}")
        self.state, self.event = state, event


S, E = State, Event
# (state before, event) -> state after. None is the state before a petition exists.
TABLE: dict[tuple[State | None, Event], State] = {
    (None, E.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, E.REFUSE): S.REFUSED,
    (S.SUBMITTED, E.REQUEST_MORE): S.MORE_INFO_REQUESTED,
    (S.SUBMITTED, E.ANSWER): S.ANSWERED,
    (S.MORE_INFO_REQUESTED, E.ADD_INFORMATION): S.SUBMITTED,
    (S.ANSWERED, E.PUBLISH): S.PUBLISHED,
}

# The agency's events, each bound by a deadline (domain.md §3.2, group 5).
OFFICER_EVENTS = frozenset({E.REFUSE, E.REQUEST_MORE, E.ANSWER, E.PUBLISH})
# Once there is an answer (or a refusal) the citizen may judge it and complain again.
REACTABLE = frozenset({S.ANSWERED, S.PUBLISHED})
FOLLOWABLE = frozenset({S.REFUSED, S.ANSWERED, S.PUBLISHED})


def next_state(state: State | None, event: Event) -> State:
    """Return the state after `event`; raise InvalidTransition if `state` does not allow it."""
    try:
        return TABLE[(state, event)]
    except KeyError:
        raise InvalidTransition(state, event) from None


def allowed_events(state: State | None) -> list[Event]:
    return [event for (before, event) in TABLE if before == state]
