"""A leader reads the dashboard (issue 7 §4) on a phone and a desktop: the three provincial
KPIs of the hand-made dataset, the index, the trend and the rankings, axe-clean."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Page, expect

from motcua.reports.folding import rebuild
from motcua.reports.tests.handmade import build_handmade

from .conftest import check_accessibility, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_second_factor(settings: Any) -> None:
    settings.STAFF_OTP_REQUIRED = False


def test_the_province_reads_march_on_the_dashboard(
    live_server: Any, page: Page, demo_agencies, counter_cuong, citizen_an, leader_dung, admin_em
) -> None:
    call_command("load_calendar", stdout=io.StringIO())
    build_handmade(counter_cuong, citizen_an, leader_dung)
    rebuild()
    client = Client()
    client.force_login(admin_em)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(live_server.url + "/mot-cua/bao-cao/?period=2026-03")

    for figure in ("58.0%", "50.0%", "31.6%"):
        expect(page.get_by_text(figure).first).to_be_visible()
    expect(page.get_by_role("heading", name="Bộ chỉ số theo Quyết định 766")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "reports-dashboard")

    # Following a ratio, each month of the trend links to the dossiers it counts.
    page.goto(live_server.url + "/mot-cua/bao-cao/?period=2026-03&indicator=ONLINE_DOSSIERS")
    check_accessibility(page)
    screenshot(page, "reports-dashboard-online-dossiers")
    march = page.get_by_role("row", name=re.compile(r"^03\/2026"))
    march.get_by_role("link", name="38", exact=True).click()
    expect(page.get_by_text("Số hồ sơ: 38")).to_be_visible()
    check_accessibility(page)
