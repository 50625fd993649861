"""The back office's forward and consult forms, filled with the internal process's suggestion."""

from __future__ import annotations

from decimal import Decimal

import time_machine

from motcua.agencies.models import Agency
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMITTEE, agency, at, walk_in
from motcua.processes.models import ProcessStep

POLICE = "000.00.20.H19"


def form_page(client, user, dossier: Dossier, event: str) -> str:
    client.force_login(user)
    response = client.get(f"/mot-cua/ho-so/{dossier.code}/xu-ly/{event}/")
    assert response.status_code == 200
    return response.content.decode()


@time_machine.travel("2026-03-02 10:00 +0700", tick=False)
def test_the_forward_form_comes_filled_with_the_next_steps_team_and_due_time(
    client, residence_process, counter_cuong, citizen_an
):
    dossier = walk_in(counter_cuong, citizen_an)

    page = form_page(client, counter_cuong, dossier, "forward")

    assert f'<option value="{agency(COMMITTEE).pk}" selected>' in page
    assert 'value="2026-03-06T10:00"' in page
    assert "Cán bộ Công an thẩm định hồ sơ" in page  # the step's name, in the notice


@time_machine.travel("2026-03-02 10:00 +0700", tick=False)
def test_the_forwarded_step_keeps_the_due_time_the_officer_chose(
    client, residence_process, counter_cuong, citizen_an
):
    dossier = walk_in(counter_cuong, citizen_an)
    client.force_login(counter_cuong)

    response = client.post(
        f"/mot-cua/ho-so/{dossier.code}/xu-ly/forward/",
        {"agency": agency(COMMITTEE).pk, "step_due": "2026-03-05T16:00"},
    )

    assert response.status_code == 302
    step = dossier.steps.get(ended_at__isnull=True)
    assert (step.agency, step.due_at) == (agency(COMMITTEE), at("2026-03-05 16:00"))


@time_machine.travel("2026-03-02 10:00 +0700", tick=False)
def test_a_step_due_time_in_the_past_is_refused_on_the_form(
    client, residence_process, counter_cuong, citizen_an
):
    dossier = walk_in(counter_cuong, citizen_an)
    client.force_login(counter_cuong)

    response = client.post(
        f"/mot-cua/ho-so/{dossier.code}/xu-ly/forward/",
        {"agency": agency(COMMITTEE).pk, "step_due": "2026-03-01T16:00"},
    )

    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert dossier.steps.count() == 1


@time_machine.travel("2026-03-02 10:00 +0700", tick=False)
def test_without_a_process_the_forward_form_is_as_before(
    client, demo_catalog, counter_cuong, citizen_an
):
    dossier = walk_in(counter_cuong, citizen_an)

    page = form_page(client, counter_cuong, dossier, "forward")

    assert '<option value="" selected>' in page  # "Choose…": no team chosen for the officer
    assert f'<option value="{agency(COMMITTEE).pk}" selected>' not in page
    assert 'name="step_due"' in page
    assert 'name="step_due" value=' not in page


@time_machine.travel("2026-03-02 10:00 +0700", tick=False)
def test_the_return_form_has_no_suggestion(
    client, residence_process, counter_cuong, officer_binh, citizen_an
):
    dossier = walk_in(counter_cuong, citizen_an)
    dossier.apply(
        "forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk, assignee_id=officer_binh.pk
    )

    page = form_page(client, officer_binh, dossier, "return_to_step")

    assert 'name="step_due"' not in page


@time_machine.travel("2026-03-02 10:00 +0700", tick=False)
def test_the_consult_form_comes_filled_with_the_inter_agency_step(
    client, residence_process, counter_cuong, officer_binh, citizen_an
):
    police = Agency.objects.get(code=POLICE)
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
    dossier.apply(
        "forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk, assignee_id=officer_binh.pk
    )

    page = form_page(client, officer_binh, dossier, "consult")

    assert f'<option value="{police.pk}" selected>' in page
    assert 'value="2026-03-04"' in page  # 2 working days from Monday 10:00
