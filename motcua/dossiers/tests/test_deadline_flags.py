"""The deadline job flags a dossier once when it becomes due soon, and once when overdue."""

import io

import pytest
from django.core.management import call_command

from motcua.dossiers.deadlines import flag_deadlines
from motcua.dossiers.models import Dossier

from .factories import at, walk_in

pytestmark = pytest.mark.usefixtures("demo_catalog")


@pytest.fixture
def dossier(counter_cuong, citizen_an):
    return walk_in(counter_cuong, citizen_an, when="2026-03-02 09:00")  # due Wed 11/3 17:00


def test_a_dossier_is_due_soon_the_working_day_before(dossier):
    assert flag_deadlines(at("2026-03-09 09:00")) == (0, 0)
    assert flag_deadlines(at("2026-03-10 09:00")) == (1, 0)
    assert flag_deadlines(at("2026-03-10 10:00")) == (0, 0)


def test_a_dossier_is_overdue_once_after_its_due_time(dossier):
    assert flag_deadlines(at("2026-03-11 16:59")) == (1, 0)
    assert flag_deadlines(at("2026-03-11 17:01")) == (0, 1)
    assert flag_deadlines(at("2026-03-12 09:00")) == (0, 0)
    assert Dossier.objects.get(pk=dossier.pk).overdue_flagged_at == at("2026-03-11 17:01")


def test_a_dossier_waiting_for_the_applicant_is_not_flagged(dossier, counter_cuong, officer_binh):
    dossier.apply(
        "forward",
        by=counter_cuong,
        at=at("2026-03-02 10:00"),
        agency_id=dossier.competent_agency_id,
    )
    dossier.apply("request_supplement", by=officer_binh, at=at("2026-03-03 09:00"))
    assert flag_deadlines(at("2026-03-12 09:00")) == (0, 0)


def test_a_new_due_date_clears_the_flags(dossier, counter_cuong, leader_dung):
    flag_deadlines(at("2026-03-10 09:00"))
    dossier.apply(
        "forward",
        by=counter_cuong,
        at=at("2026-03-02 10:00"),
        agency_id=dossier.competent_agency_id,
    )
    dossier.apply(
        "extend",
        by=leader_dung,
        at=at("2026-03-10 09:30"),
        note="Chờ xác minh",
        new_due_at=at("2026-03-16 17:00"),
    )
    assert Dossier.objects.get(pk=dossier.pk).due_soon_flagged_at is None


def test_the_command_reports_what_it_flagged(dossier):
    out = io.StringIO()
    call_command("process_deadlines", stdout=out)
    assert "overdue" in out.getvalue()
