"""Officers act on dossiers and the counter receives a walk-in, on a phone and a desktop."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from .conftest import check_accessibility, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("demo_catalog")]


@pytest.fixture(autouse=True)
def _no_second_factor(settings: Any) -> None:
    settings.STAFF_OTP_REQUIRED = False


def sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_the_counter_receives_a_walk_in_and_asks_for_a_supplement(
    live_server, page: Page, counter_cuong, citizen_an
):
    from motcua.dossiers.tests.factories import online

    sign_in(page, live_server, counter_cuong)
    page.goto(live_server.url + "/mot-cua/tiep-nhan/?q=019085001234")
    check_accessibility(page)
    screenshot(page, "bo-intake-find")
    page.get_by_role("link", name=citizen_an.full_name, exact=False).first.click()
    page.get_by_role("searchbox").fill("3.000333")
    page.locator("form[role=search] button").click()
    page.locator("a[href*='thu_tuc=']").first.click()
    check_accessibility(page)
    screenshot(page, "bo-intake-papers")
    page.locator("input[name='channel'][value='1']").check()
    page.locator("button[type='submit']").last.click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_accessibility(page)
    for box in page.locator("input[name^='have_']").all():
        box.check()
    page.locator("button[type='submit']").last.click()
    expect(page.locator("a[href$='/forms/01.pdf']")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "bo-intake-receipt")

    dossier = online(citizen_an)
    page.goto(
        f"{live_server.url}/mot-cua/ho-so/{dossier.reference}/xu-ly/request_intake_supplement/"
    )
    check_accessibility(page)
    screenshot(page, "bo-action-supplement")
    page.locator("button[type='submit']").last.click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "bo-action-error")


def test_a_leader_approves_in_a_batch(
    live_server, page: Page, counter_cuong, leader_dung, citizen_an
):
    from motcua.dossiers.tests.factories import COMMITTEE, agency, walk_in

    dossiers = [walk_in(counter_cuong, citizen_an) for _ in range(2)]
    dossiers[0].apply("forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk)
    sign_in(page, live_server, leader_dung)
    page.goto(live_server.url + "/mot-cua/hang-loat/")
    check_accessibility(page)
    screenshot(page, "bo-batch")
    page.locator("input[name='event'][value='approve']").check()
    page.locator("#batch-refs").fill("\n".join(str(d.code) for d in dossiers))
    page.locator("button[type='submit']").last.click()
    expect(page.locator(".batch-refused")).to_have_count(1)
    check_accessibility(page)
    screenshot(page, "bo-batch-result")
