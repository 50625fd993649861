"""The apology and extension offer (Form 04) on the officers' dossier page, and who holds a
dossier for reminders. A dossier received on Thursday 5/3/2026 is due on Monday 16/3: the
letter must go out at least one working day before, so Friday 13/3 is the last working day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from motcua.dossiers import reminders
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMITTEE, agency, at, walk_in

pytestmark = pytest.mark.usefixtures("demo_catalog")


@pytest.fixture(autouse=True)
def _no_second_factor(settings: Any) -> None:
    settings.STAFF_OTP_REQUIRED = False


@pytest.fixture
def due_monday(counter_cuong, officer_binh, citizen_an) -> Dossier:
    with time_machine.travel(at("2026-03-05 09:00"), tick=False):
        dossier = walk_in(counter_cuong, citizen_an, when="2026-03-05 09:00")
        dossier.apply(
            "forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk, assignee_id=officer_binh.pk
        )
    assert dossier.due_at == at("2026-03-16 17:00")
    return dossier


def page(client, user, dossier) -> str:
    client.force_login(user)
    response = client.get(f"/mot-cua/ho-so/{dossier.code}/")
    assert response.status_code == 200
    return response.content.decode()


EXTEND_LINK = "/xu-ly/extend/"


def test_nothing_is_offered_while_the_due_date_is_far(client, due_monday, leader_dung):
    with time_machine.travel(at("2026-03-12 09:00"), tick=False):
        assert reminders.extension_offer(due_monday) is None
        assert 'id="mau-04"' not in page(client, leader_dung, due_monday)


def test_on_the_friday_before_a_monday_due_date_the_letter_is_offered(
    client, due_monday, leader_dung
):
    with time_machine.travel(at("2026-03-13 09:00"), tick=False):
        offer = reminders.extension_offer(due_monday)
        assert offer == reminders.ExtensionOffer(
            possible=True, last_day=dt.date(2026, 3, 13), overdue=False
        )
        html = page(client, leader_dung, due_monday)
    assert 'id="mau-04"' in html
    assert "13/03/2026" in html
    assert f"/mot-cua/ho-so/{due_monday.code}{EXTEND_LINK}" in html


def test_over_the_weekend_the_letter_can_still_go_out_today(client, due_monday, leader_dung):
    with time_machine.travel(at("2026-03-14 10:00"), tick=False):  # Saturday
        offer = reminders.extension_offer(due_monday)
        assert offer is not None
        assert offer.possible
        assert offer.last_day == dt.date(2026, 3, 14)  # not Friday, already past


def test_on_the_due_monday_it_is_too_late_and_the_page_says_so(client, due_monday, leader_dung):
    with time_machine.travel(at("2026-03-16 09:00"), tick=False):
        offer = reminders.extension_offer(due_monday)
        assert offer == reminders.ExtensionOffer(
            possible=False, last_day=dt.date(2026, 3, 13), overdue=False
        )
        html = page(client, leader_dung, due_monday)
    assert 'id="mau-04"' in html
    assert "13/03/2026" in html
    assert EXTEND_LINK not in html.split('id="mau-04"')[1].split("</div>")[0]


def test_once_overdue_the_page_says_it_is_too_late(client, due_monday, officer_binh):
    with time_machine.travel(at("2026-03-17 09:00"), tick=False):
        offer = reminders.extension_offer(due_monday)
        assert offer is not None
        assert (offer.possible, offer.overdue) == (False, True)
        assert 'id="mau-04"' in page(client, officer_binh, due_monday)


def test_the_offer_follows_the_lifecycle_guard(due_monday, leader_dung):
    """What the page offers is what Dossier.apply() accepts, the same day."""
    with time_machine.travel(at("2026-03-13 16:00"), tick=False):
        assert reminders.may_extend_now(due_monday, at("2026-03-13 16:00"))
        due_monday.apply(
            "extend",
            by=leader_dung,
            note="Xin lỗi vì cần xác minh thêm",
            new_due_at=at("2026-03-20 17:00"),
        )
    with time_machine.travel(at("2026-03-19 09:00"), tick=False):
        # Extended once: the law allows no second letter (Art. 19.9), so no offer at all.
        assert reminders.extension_offer(Dossier.objects.get(pk=due_monday.pk)) is None


def test_a_dossier_waiting_for_the_applicant_has_no_offer(due_monday, officer_binh):
    with time_machine.travel(at("2026-03-06 09:00"), tick=False):
        due_monday.apply("request_supplement", by=officer_binh)
    with time_machine.travel(at("2026-03-13 09:00"), tick=False):
        assert reminders.extension_offer(Dossier.objects.get(pk=due_monday.pk)) is None


def test_the_holder_is_the_assignee_and_the_leaders_escalate(due_monday, officer_binh, leader_dung):
    assert reminders.holders(due_monday) == [officer_binh]
    assert leader_dung in reminders.escalation_leaders(due_monday)


def test_an_unassigned_approved_dossier_is_held_by_the_leaders(
    counter_cuong, officer_binh, leader_dung, citizen_an
):
    with time_machine.travel(at("2026-03-05 09:00"), tick=False):
        dossier = walk_in(counter_cuong, citizen_an, when="2026-03-05 09:00")
        dossier.apply("forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk)
        assert officer_binh in reminders.holders(dossier)
        dossier.apply("approve", by=leader_dung)
        assert reminders.holders(dossier) == [leader_dung]
