"""A citizen finds "đăng ký khai sinh" typed without accents and sees its papers and due date."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import check_accessibility, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("demo_catalog")]


def test_a_citizen_finds_birth_registration_and_sees_papers_and_due_date(live_server, page: Page):
    page.goto(live_server.url + "/")
    check_accessibility(page)
    screenshot(page, "home")

    page.get_by_label("Tìm thủ tục").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page).to_have_url(live_server.url + "/thu-tuc/?q=dang+ky+khai+sinh")
    check_accessibility(page)
    screenshot(page, "search")

    page.get_by_role("link", name="Thủ tục đăng ký khai sinh", exact=True).click()
    expect(page).to_have_url(live_server.url + "/thu-tuc/1.001193/")
    expect(page.get_by_role("heading", name="Giấy tờ cần nộp")).to_be_visible()
    expect(page.get_by_text("Giấy chứng sinh", exact=False).first).to_be_visible()
    expect(page.get_by_text("Hạn trả kết quả", exact=False).first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "procedure")


def test_text_size_controls_enlarge_the_text_across_pages(live_server, page: Page):
    page.goto(live_server.url + "/thu-tuc/")
    page.get_by_role("button", name="Chữ lớn hơn").click()

    expect(page.locator("html")).to_have_class("ts-2")
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_class("ts-2")
