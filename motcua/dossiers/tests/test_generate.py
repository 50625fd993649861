"""The bulk generator writes what Dossier.apply() would have: lawful, replayable histories.

One small province-year (300 dossiers) per test, on the demo catalog.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F

from motcua.accounts.cccd import check_cccd
from motcua.accounts.models import User
from motcua.deadlines.provider import get_calendar
from motcua.dossiers.codes import REFERENCE, format_code, parse_code
from motcua.dossiers.generation import generate
from motcua.dossiers.lifecycle import replay
from motcua.dossiers.models import CodeCounter, Dossier, Fact, Paper, Transition
from motcua.dossiers.transitions import NATIONAL_STATUS, TABLE, Event, State
from motcua.dossiers.workflow import limit_of, recorded_actions, rules, snapshot_of

pytestmark = pytest.mark.usefixtures("demo_catalog")

COUNT, SEED = 300, 766


def _digest() -> str:
    rows = Dossier.objects.order_by("reference").values_list("reference", "code", "state", "due_at")
    return hashlib.sha256(
        repr([(r, c, s, d and d.isoformat()) for r, c, s, d in rows]).encode()
    ).hexdigest()


class _Rollback(Exception):
    pass


def _digest_of_a_run(seed: int) -> str:
    """Generate inside a savepoint, take the digest, and roll the rows back."""
    found = ""
    try:
        with transaction.atomic():
            generate(COUNT, seed)
            found = _digest()
            raise _Rollback
    except _Rollback:
        pass
    return found


def test_the_same_seed_gives_the_same_rows():
    first = _digest_of_a_run(SEED)
    assert Dossier.objects.count() == 0
    assert _digest_of_a_run(SEED) == first
    assert _digest_of_a_run(SEED + 1) != first


@pytest.fixture
def generated(demo_catalog: None) -> None:
    report = generate(COUNT, SEED)
    assert report.rows["dossiers_dossier"] == Dossier.objects.count() == COUNT


@pytest.mark.usefixtures("generated")
def test_every_dossier_is_the_replay_of_its_recorded_history():
    cal, law = get_calendar(), rules()
    for dossier in Dossier.objects.select_related("procedure_version"):
        stored = snapshot_of(dossier)
        assert replay(recorded_actions(dossier), limit_of(dossier), cal, law) == stored, (
            dossier.reference
        )


@pytest.mark.usefixtures("generated")
def test_states_statuses_and_history_rows_agree_with_the_table():
    for state, status in Dossier.objects.values_list("state", "status"):
        assert NATIONAL_STATUS[State(state)] == status
    history = defaultdict(list)
    for row in Transition.objects.order_by("dossier_id", "id"):
        history[row.dossier_id].append(row)
    for rows in history.values():
        previous = None
        for row in rows:
            before = State(row.from_state) if row.from_state else None
            assert before == previous
            assert TABLE[(before, Event(row.event))] == State(row.to_state)
            assert row.to_status == NATIONAL_STATUS[State(row.to_state)]
            previous = State(row.to_state)


@pytest.mark.usefixtures("generated")
def test_codes_are_unique_and_consecutive_per_unit_and_day():
    by_unit_day: dict[tuple[str, object], list[int]] = defaultdict(list)
    for dossier in Dossier.objects.select_related("receiving_unit"):
        assert REFERENCE.match(dossier.reference)
        if dossier.received_at is None:
            assert dossier.code is None
            continue
        parsed = parse_code(dossier.code or "")
        assert parsed is not None
        assert parsed.unit == dossier.receiving_unit.code
        assert dossier.code == format_code(parsed.unit, parsed.day, parsed.sequence)
        by_unit_day[(parsed.unit, parsed.day)].append(parsed.sequence)
    for sequences in by_unit_day.values():
        assert sorted(sequences) == list(range(1, len(sequences) + 1))
    counters = {(c.unit.code, c.day): c.last for c in CodeCounter.objects.select_related("unit")}
    assert counters == {key: len(seqs) for key, seqs in by_unit_day.items()}


@pytest.mark.usefixtures("generated")
def test_each_transition_has_its_fact():
    transitions = defaultdict(list)
    for dossier_id, event, status in Transition.objects.order_by("id").values_list(
        "dossier_id", "event", "to_status"
    ):
        transitions[dossier_id].append((event, status))
    facts = defaultdict(list)
    events = {e.value for e in Event}
    for dossier_id, event, status in Fact.objects.order_by("id").values_list(
        "dossier_id", "event", "status"
    ):
        if event in events:
            facts[dossier_id].append((event, status))
    assert facts == transitions


@pytest.mark.usefixtures("generated")
def test_the_year_has_every_kind_of_dossier():
    d = Dossier.objects
    events = set(Transition.objects.values_list("dossier_id", "event"))

    def with_event(event: str) -> set[int]:
        return {dossier for dossier, e in events if e == event}

    assert d.filter(supplement_count__gte=2, late_by_supplement=True).exists()
    assert d.filter(extension_count=1).exists()
    assert d.filter(state=State.STOPPED, pk__in=with_event("request_withdrawal")).exists()
    assert d.filter(state=State.NOT_RECEIVED).exists()
    assert d.filter(outcome="refused").exists()
    assert d.filter(pk__in=with_event("request_intake_supplement")).exists()
    assert d.filter(pk__in=with_event("answer_consultation")).exists()
    assert d.filter(state=State.RETURNED).exists()
    assert d.filter(status__lt=8).exists()  # still open at the year's end
    assert {1, 2, 3} <= set(d.values_list("channel", flat=True))
    assert {"full", "partial", "none"} <= set(d.values_list("online_level", flat=True))
    assert d.exclude(e_result_code="").exists()
    assert d.exclude(rating="").exists()
    assert d.filter(vneid_verified=True).exists()
    assert Paper.objects.filter(reused=True, from_national_repository=True).exists()
    finished = d.exclude(finished_at=None).exclude(due_at=None)
    assert finished.filter(finished_at__gt=F("due_at")).exists()  # late
    assert finished.filter(finished_at__lte=F("due_at")).exists()  # on time or early


@pytest.mark.usefixtures("generated")
def test_applicants_have_valid_personal_id_numbers():
    numbers = set(Dossier.objects.values_list("applicant_id_number", flat=True))
    assert all(check_cccd(n, today=dt.date(2026, 1, 1)) == [] for n in numbers)


@pytest.mark.usefixtures("generated")
def test_applicants_are_citizens_who_cannot_sign_in_yet():
    applicants = User.objects.filter(kind="citizen")
    assert applicants.count() >= COUNT // 3
    for user in applicants:
        assert user.email is None
        assert user.phone
        assert user.phone.startswith("09")
        assert len(user.phone) == 10
        assert not user.has_usable_password()


def test_the_management_command_generates_a_demo_year():
    out = io.StringIO()
    call_command("generate_dossiers", dossiers=40, seed=3, stdout=out)
    assert Dossier.objects.count() == 40
    assert "dossiers_dossier" in out.getvalue()
