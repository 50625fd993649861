"""The admin of internal processes, and the demo process loader."""

from __future__ import annotations

import io
from decimal import Decimal

from django.contrib.messages import get_messages
from django.core.management import call_command

from motcua.processes.models import Process, ProcessStep


def step_rows(process: Process, budgets: dict[int, str]) -> dict[str, object]:
    """The admin form of `process` as posted, with some budgets changed."""
    steps = list(process.steps.all())
    data: dict[str, object] = {
        "procedure_version": process.procedure_version_id,
        "approved_by": "",
        "note": "",
        "steps-TOTAL_FORMS": len(steps),
        "steps-INITIAL_FORMS": len(steps),
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    for i, s in enumerate(steps):
        data.update(
            {
                f"steps-{i}-{k}": v
                for k, v in {
                    "id": s.pk,
                    "process": process.pk,
                    "position": s.position,
                    "name": s.name,
                    "role": s.role,
                    "team": s.team,
                    "department_kind": "",
                    "agency": "",
                    "budget": budgets.get(s.position, s.budget),
                }.items()
            }
        )
    return data


def warnings_after(client, url: str, data: dict[str, object]) -> list[str]:
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_budgets_that_exceed_the_limit_are_saved_with_a_warning(
    client, residence_process, admin_em
):
    client.force_login(admin_em)
    url = f"/admin/processes/process/{residence_process.pk}/change/"

    warnings = warnings_after(client, url, step_rows(residence_process, {4: "2"}))

    assert residence_process.steps.get(position=4).budget == Decimal(2)  # saved anyway
    assert len(warnings) == 1
    assert "8" in warnings[0]
    assert "7" in warnings[0]


def test_budgets_that_add_up_save_without_a_warning(client, residence_process, admin_em):
    client.force_login(admin_em)
    url = f"/admin/processes/process/{residence_process.pk}/change/"

    assert warnings_after(client, url, step_rows(residence_process, {})) == []
    assert client.get("/admin/processes/process/").status_code == 200
    step = residence_process.steps.get(position=2)
    assert client.get(f"/admin/processes/processstep/{step.pk}/change/").status_code == 200


def test_a_fixed_team_needs_its_agency(residence_process):
    import pytest
    from django.core.exceptions import ValidationError

    step = ProcessStep(
        process=residence_process,
        position=9,
        name="x",
        role="leader",
        team="fixed",
        budget=Decimal(1),
    )
    with pytest.raises(ValidationError):
        step.full_clean()


def test_the_demo_process_loads_once(demo_catalog):
    out = io.StringIO()
    call_command("load_demo_processes", stdout=out)
    call_command("load_demo_processes", stdout=out)

    process = Process.objects.get(procedure_version__procedure__code="1.004222")
    assert list(process.steps.values_list("position", "role", "budget")) == [
        (1, "counter", Decimal("0.5")),
        (2, "specialist", Decimal(4)),
        (3, "leader", Decimal("1.5")),
        (4, "counter", Decimal(1)),
    ]
    assert process.budget_check().total == 7
    assert ProcessStep.objects.count() == 4


def test_the_loader_says_when_the_catalog_is_missing(db):
    out = io.StringIO()
    call_command("load_demo_processes", stdout=out)
    assert "load_demo_catalog" in out.getvalue()
