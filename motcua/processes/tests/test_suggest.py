"""What the internal process suggests for a dossier's next step."""

from __future__ import annotations

from decimal import Decimal

import time_machine

from motcua.agencies.models import Agency
from motcua.dossiers.choices import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import CENTRE, COMMITTEE, agency, at, version, walk_in
from motcua.processes.models import ProcessStep, RoutingRule
from motcua.processes.suggest import Suggestion, suggest_next
from motcua.units.models import AdministrativeUnit

GIA_SANG_POLICE = "000.02.32.H19"
PHAN_DINH_PHUNG = "05443"


def suggested(dossier: Dossier, parallel: bool = False) -> Suggestion:
    suggestion = suggest_next(dossier, parallel=parallel)
    assert suggestion is not None
    return suggestion


def received(counter, applicant, **fields) -> Dossier:
    """A walk-in residence dossier received on Monday 2/3/2026 at 09:00."""
    return Dossier.create(
        "receive_at_counter",
        by=counter,
        at=at("2026-03-02 09:00"),
        procedure_version=version("1.004222"),
        applicant=applicant,
        applicant_name=applicant.full_name,
        channel=Channel.IN_PERSON,
        receiving_unit=agency(CENTRE),
        competent_agency=agency(COMMITTEE),
        **fields,
    )


@time_machine.travel("2026-03-02 10:00 +0700", tick=False)
def test_after_receipt_the_process_suggests_the_appraisal_by_the_competent_agency(
    residence_process, counter_cuong, citizen_an
):
    dossier = walk_in(counter_cuong, citizen_an)

    suggestion = suggest_next(dossier)

    assert suggestion is not None
    assert (suggestion.step.position, suggestion.agency, suggestion.assignee_role) == (
        2,
        agency(COMMITTEE),
        "specialist",
    )
    # 4 working days of 7.5 h from Monday 10:00: Friday 6/3 at 10:00.
    assert suggestion.due_at == at("2026-03-06 10:00")


def test_after_the_first_step_the_process_suggests_the_leaders_approval(
    residence_process, counter_cuong, citizen_an
):
    with time_machine.travel("2026-03-02 10:00 +0700", tick=False):
        dossier = walk_in(counter_cuong, citizen_an)
        dossier.apply("forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk)

    with time_machine.travel("2026-03-03 09:00 +0700", tick=False):
        suggestion = suggest_next(dossier)

    assert suggestion is not None
    assert (suggestion.step.position, suggestion.assignee_role) == (3, "leader")
    # 1.5 working days (11.25 h) from Tuesday 09:00: Wednesday 4/3 at 14:45.
    assert suggestion.due_at == at("2026-03-04 14:45")


def test_a_step_suggestion_never_goes_past_the_dossiers_due_date(
    residence_process, counter_cuong, citizen_an
):
    with time_machine.travel("2026-03-02 10:00 +0700", tick=False):
        dossier = walk_in(counter_cuong, citizen_an)
    assert dossier.due_at == at("2026-03-11 17:00")

    with time_machine.travel("2026-03-10 16:00 +0700", tick=False):
        suggestion = suggest_next(dossier)

    assert suggestion is not None
    assert suggestion.due_at == at("2026-03-11 17:00")


def test_the_step_due_time_skips_tet_2026(residence_process, counter_cuong, citizen_an):
    with time_machine.travel("2026-02-12 09:00 +0700", tick=False):
        dossier = received(counter_cuong, citizen_an)
    with time_machine.travel("2026-02-12 10:00 +0700", tick=False):
        suggestion = suggest_next(dossier)

    # 30 working hours from Thursday 12/2 10:00: Thu 5 h, Fri 13/2 7.5 h, then Tết (16-20/2)
    # and the weekends, Mon 23/2 and Tue 24/2 (15 h), and the last 2.5 h on Wednesday 25/2.
    assert suggestion is not None
    assert suggestion.due_at == at("2026-02-25 10:00")


@time_machine.travel("2026-03-02 10:00 +0700", tick=False)
def test_the_first_routing_rule_that_fits_chooses_the_team_by_commune(
    residence_process, counter_cuong, citizen_an
):
    step = residence_process.steps.get(position=2)
    RoutingRule.objects.create(
        step=step, position=1, condition="commune", value="01843", agency=agency("000.02.33.H19")
    )
    RoutingRule.objects.create(
        step=step,
        position=2,
        condition="commune",
        value=PHAN_DINH_PHUNG,
        agency=agency(GIA_SANG_POLICE),
    )
    commune = AdministrativeUnit.objects.get(code=PHAN_DINH_PHUNG, level="commune")

    dossier = received(counter_cuong, citizen_an, applicant_commune=commune)
    elsewhere = received(counter_cuong, citizen_an)

    assert suggested(dossier).agency == agency(GIA_SANG_POLICE)
    assert suggested(elsewhere).agency == agency(COMMITTEE)  # no rule fits: step's team


@time_machine.travel("2026-03-02 10:00 +0700", tick=False)
def test_a_routing_rule_can_look_at_a_form_answer(residence_process, counter_cuong, citizen_an):
    step = residence_process.steps.get(position=2)
    RoutingRule.objects.create(
        step=step,
        condition="answer",
        answer_key="loai_cho_o",
        value="Nhà thuê, Nhà mượn",
        agency=agency(GIA_SANG_POLICE),
    )

    rented = received(counter_cuong, citizen_an, answers={"loai_cho_o": "nhà thuê"})
    owned = received(counter_cuong, citizen_an, answers={"loai_cho_o": "Nhà riêng"})

    assert suggested(rented).agency == agency(GIA_SANG_POLICE)
    assert suggested(owned).agency == agency(COMMITTEE)


@time_machine.travel("2026-03-02 10:00 +0700", tick=False)
def test_a_department_team_and_a_parallel_step_for_consultation(
    residence_process, counter_cuong, officer_binh, citizen_an
):
    police = Agency.objects.get(code="000.00.20.H19")
    residence_process.steps.filter(position=2).update(
        team="department", department_kind="service-centre"
    )
    ProcessStep.objects.create(
        process=residence_process,
        position=5,
        name="Liên thông",
        role="specialist",
        team="fixed",
        agency=police,
        budget=Decimal(2),
        parallel=True,
    )
    dossier = walk_in(counter_cuong, citizen_an)

    assert suggested(dossier).agency == agency(CENTRE)  # the committee's service centre
    consultation = suggested(dossier, parallel=True)
    assert (consultation.step.position, consultation.agency) == (5, police)
    assert consultation.due_at == at("2026-03-04 10:00")
    # The parallel step's budget is not added to the sequential ones.
    assert residence_process.budget_check().total == 7

    dossier.apply("forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk)
    dossier.apply("consult", by=officer_binh, agency_id=police.pk, due_at=at("2026-03-04 17:00"))
    assert suggest_next(dossier, parallel=True) is None  # already consulted


def test_no_process_no_suggestion(demo_catalog, counter_cuong, citizen_an):
    with time_machine.travel("2026-03-02 10:00 +0700", tick=False):
        dossier = walk_in(counter_cuong, citizen_an)
        assert suggest_next(dossier) is None
        assert suggest_next(dossier, parallel=True) is None


@time_machine.travel("2026-03-02 10:00 +0700", tick=False)
def test_no_suggestion_after_the_last_step(residence_process, counter_cuong, citizen_an):
    dossier = walk_in(counter_cuong, citizen_an)
    for _ in range(3):
        dossier.apply("forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk)

    assert suggest_next(dossier) is None
