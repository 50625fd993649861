"""Dossier.apply(): the one write path, its history, facts, codes and guards."""

from __future__ import annotations

import pytest
import time_machine

from motcua.deadlines.provider import get_calendar
from motcua.dossiers.choices import Channel
from motcua.dossiers.lifecycle import Refused, replay
from motcua.dossiers.models import Dossier, Fact, Transition
from motcua.dossiers.transitions import InvalidTransition
from motcua.dossiers.workflow import limit_of, recorded_actions, rules, snapshot_of

from .factories import CENTRE, COMMITTEE, OTHER, agency, at, online, version, walk_in

pytestmark = pytest.mark.usefixtures("demo_catalog")


def test_a_walk_in_dossier_received_on_saturday_starts_its_clock_on_monday(
    counter_cuong, citizen_an
):
    dossier = walk_in(counter_cuong, citizen_an, when="2026-03-07 10:00")

    assert dossier.status == 2
    assert dossier.code == "000.01.31.H19-260307-0001"
    assert dossier.received_at == at("2026-03-07 10:00")
    assert dossier.clock_starts_at == at("2026-03-09 07:30")
    assert dossier.due_at == at("2026-03-18 17:00")  # 7 working days after Mon 9/3


def test_an_online_dossier_has_a_reference_at_once_and_a_code_only_from_receipt(
    counter_cuong, citizen_an
):
    dossier = online(citizen_an, when="2026-03-09 20:00")
    assert (dossier.status, dossier.code, dossier.received_at) == (1, None, None)
    assert dossier.reference.startswith("N260309-")

    dossier.apply("receive", by=counter_cuong, at=at("2026-03-10 08:00"))

    assert dossier.status == 2
    assert dossier.code == "000.01.31.H19-260310-0001"
    assert dossier.submitted_at == at("2026-03-09 20:00")


def test_each_event_writes_one_history_row_and_one_fact(counter_cuong, citizen_an):
    dossier = walk_in(counter_cuong, citizen_an)
    dossier.apply(
        "forward", by=counter_cuong, at=at("2026-03-02 10:00"), agency_id=agency(COMMITTEE).pk
    )

    rows = list(
        Transition.objects.filter(dossier=dossier).values_list(
            "event", "from_status", "to_status", "by__full_name"
        )
    )
    assert rows == [
        ("receive_at_counter", None, 2, "Lê Văn Cường"),
        ("forward", 2, 4, "Lê Văn Cường"),
    ]
    assert list(Fact.objects.filter(dossier=dossier).values_list("event", "status")) == [
        ("receive_at_counter", 2),
        ("forward", 4),
    ]


def test_apply_writes_only_what_changed_and_keeps_what_others_wrote(
    counter_cuong, citizen_an, officer_binh
):
    dossier = walk_in(counter_cuong, citizen_an)
    # Written elsewhere after this instance was read (as a rating or an e-result link is).
    Dossier.objects.filter(pk=dossier.pk).update(e_result_url="https://ket-qua.example/1")
    dossier.apply(
        "forward", by=counter_cuong, at=at("2026-03-02 10:00"), agency_id=agency(COMMITTEE).pk
    )
    stamped = Dossier.objects.get(pk=dossier.pk).updated_at

    dossier.apply(
        "forward",
        by=officer_binh,
        at=at("2026-03-02 11:00"),
        agency_id=agency(COMMITTEE).pk,
        assignee_id=officer_binh.pk,
    )

    stored = Dossier.objects.get(pk=dossier.pk)
    assert (stored.status, stored.e_result_url) == (4, "https://ket-qua.example/1")
    assert stored.updated_at == stamped  # a hand-over changes the steps only
    assert [(s.agency_id, s.assignee_id, s.ended_at is None) for s in stored.steps.all()][-1] == (
        agency(COMMITTEE).pk,
        officer_binh.pk,
        True,
    )


def test_a_refused_event_changes_nothing(counter_cuong, citizen_an, officer_binh):
    dossier = walk_in(counter_cuong, citizen_an)
    dossier.apply(
        "forward", by=counter_cuong, at=at("2026-03-02 10:00"), agency_id=agency(COMMITTEE).pk
    )

    with pytest.raises(Refused, match="không có quyền"):
        dossier.apply("approve", by=officer_binh)  # a specialist may not approve
    with pytest.raises(InvalidTransition):
        dossier.apply("return_result", by=counter_cuong)  # nothing decided yet

    dossier.refresh_from_db()
    assert dossier.status == 4
    assert dossier.transitions.count() == 2


def test_an_officer_of_another_agency_cannot_act(counter_cuong, citizen_an, officer_chi):
    dossier = walk_in(counter_cuong, citizen_an)
    with pytest.raises(Refused, match="không có quyền"):
        dossier.apply("forward", by=officer_chi, agency_id=agency(OTHER).pk)


def test_history_rows_are_never_changed_or_deleted(counter_cuong, citizen_an):
    row = walk_in(counter_cuong, citizen_an).transitions.get()
    row.note = "sửa"
    with pytest.raises(ValueError, match="never changed"):
        row.save()
    with pytest.raises(ValueError, match="never deleted"):
        row.delete()


def test_codes_follow_each_other_per_unit_and_day(counter_cuong, citizen_an):
    codes = [
        walk_in(counter_cuong, citizen_an, when=w).code
        for w in ("2026-03-09 08:00", "2026-03-09 09:00", "2026-03-09 16:00", "2026-03-10 08:00")
    ]
    assert codes == [
        "000.01.31.H19-260309-0001",
        "000.01.31.H19-260309-0002",
        "000.01.31.H19-260309-0003",
        "000.01.31.H19-260310-0001",
    ]


@time_machine.travel("2026-03-11 09:00 +0700", tick=False)
def test_the_full_path_with_a_supplement_restart(
    counter_cuong, citizen_an, officer_binh, leader_dung
):
    dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 09:00")
    dossier.apply(
        "forward",
        by=counter_cuong,
        at=at("2026-03-02 10:00"),
        agency_id=agency(COMMITTEE).pk,
        assignee_id=officer_binh.pk,
    )
    dossier.apply(
        "request_supplement",
        by=officer_binh,
        at=at("2026-03-04 09:00"),
        note="Thiếu giấy tờ chứng minh chỗ ở hợp pháp",
    )
    assert dossier.status == 5
    dossier.apply("provide_supplement", by=citizen_an, at=at("2026-03-09 14:00"))
    assert (dossier.status, dossier.due_at) == (4, at("2026-03-18 17:00"))
    dossier.apply("approve", by=leader_dung, at=at("2026-03-10 09:00"))
    dossier.apply("decide", by=leader_dung, at=at("2026-03-10 10:00"))
    dossier.apply("return_result", by=counter_cuong, at=at("2026-03-11 08:00"))

    assert (dossier.status, dossier.outcome, dossier.restarted) == (10, "granted", True)
    assert [f.flags for f in dossier.facts.order_by("id") if f.flags] == [
        {"supplements": 1},
        {"restarted": True},
        {"outcome": "granted"},
    ]
    assert dossier.finished_at == at("2026-03-10 10:00")
    assert snapshot_of(dossier).steps[-1].ended_at == at("2026-03-10 10:00")
    assert replay(recorded_actions(dossier), limit_of(dossier), get_calendar(), rules()) == (
        snapshot_of(Dossier.objects.get(pk=dossier.pk))
    )


def test_a_personal_id_number_is_checked_and_explained(counter_cuong, citizen_an):
    fields = dict(
        procedure_version=version("1.004222"),
        applicant=citizen_an,
        applicant_name="Nguyễn Văn An",
        channel=Channel.IN_PERSON,
        receiving_unit=agency(CENTRE),
        competent_agency=agency(COMMITTEE),
    )
    with pytest.raises(Refused, match="12 chữ số"):
        Dossier.create(
            "receive_at_counter",
            by=counter_cuong,
            at=at("2026-03-09 09:00"),
            applicant_id_number="01909501234",
            **fields,
        )
    assert not Dossier.objects.exists()

    dossier = Dossier.create(
        "receive_at_counter",
        by=counter_cuong,
        at=at("2026-03-09 09:00"),
        applicant_id_number="019 0 95 012345",
        **fields,
    )
    assert dossier.applicant_id_number == "019095012345"
