"""Random event sequences through Dossier.apply(): the state stays in the table, and replaying
the history reproduces the dossier's state, steps and due date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.deadlines.provider import get_calendar
from motcua.dossiers.lifecycle import Refused, replay
from motcua.dossiers.models import Dossier
from motcua.dossiers.transitions import State, allowed_events
from motcua.dossiers.workflow import limit_of, recorded_actions, rules, snapshot_of

from .factories import COMMITTEE, OTHER, agency, walk_in

pytestmark = pytest.mark.usefixtures("demo_catalog")

PICK = st.integers(min_value=0, max_value=10_000)
HOURS = st.integers(min_value=1, max_value=60)


def _data(event: str, when: dt.datetime, due: dt.datetime | None) -> dict[str, object]:
    if event in ("forward", "return_to_step"):
        return {"agency_id": agency(COMMITTEE).pk}
    if event == "consult":
        return {"agency_id": agency(OTHER).pk, "due_at": when + dt.timedelta(days=3)}
    if event == "answer_consultation":
        return {"agency_id": agency(OTHER).pk}
    if event == "extend":
        return {"new_due_at": (due or when) + dt.timedelta(days=5)}
    return {}


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(PICK, HOURS), min_size=1, max_size=12))
def test_random_histories_replay_to_the_stored_dossier(
    steps, counter_cuong, citizen_an, officer_binh, leader_dung, officer_chi
):
    actors = [counter_cuong, citizen_an, officer_binh, leader_dung, officer_chi]
    dossier = walk_in(counter_cuong, citizen_an, when="2026-02-12 09:00")
    when = dossier.received_at
    assert when is not None
    for pick, hours in steps:
        options = allowed_events(State(dossier.state))
        if not options:
            break
        event = options[pick % len(options)].value
        when += dt.timedelta(hours=hours)
        try:
            dossier.apply(
                event,
                by=actors[pick % len(actors)],
                at=when,
                note="lý do",
                **_data(event, when, dossier.due_at),
            )
        except Refused:
            pass
        assert State(dossier.state) in State

    stored = snapshot_of(Dossier.objects.get(pk=dossier.pk))
    replayed = replay(recorded_actions(dossier), limit_of(dossier), get_calendar(), rules())
    assert replayed == stored
