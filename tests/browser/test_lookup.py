"""Anyone follows a dossier from the code on their receipt, on a phone or a desktop."""

import pytest
from playwright.sync_api import Page, expect

from motcua.dossiers.tests.factories import walk_in

from .conftest import check_accessibility, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("demo_catalog")]


def test_a_citizen_looks_up_a_dossier_by_the_code_on_the_receipt(
    live_server, page: Page, counter_cuong, citizen_an
):
    dossier = walk_in(counter_cuong, citizen_an, when="2026-03-07 10:00")

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Tra cứu hồ sơ").click()
    page.get_by_label("Mã số hồ sơ hoặc mã tra cứu").fill(str(dossier.code))
    page.get_by_role("button", name="Tra cứu").click()

    expect(page.get_by_role("heading", name="Đăng ký thường trú")).to_be_visible()
    expect(page.get_by_text("Đã tiếp nhận").first).to_be_visible()
    expect(page.get_by_text("Nguyễn Văn An")).to_have_count(0)
    check_accessibility(page)
    screenshot(page, "lookup")
