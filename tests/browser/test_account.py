"""A citizen on a phone creates an account with the code sent by SMS, and signs out."""

import re

import pytest
from playwright.sync_api import Page, expect

from motcua.notifications import channels

from .conftest import check_accessibility, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_citizen_registers_with_a_one_time_code(live_server, page: Page):
    channels.sent.clear()
    page.goto(live_server.url + "/dang-nhap/")
    check_accessibility(page)
    screenshot(page, "login")
    page.get_by_role("link", name="Đăng ký tài khoản").click()

    page.get_by_label("Họ và tên").fill("Lò Thị Mai")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0987654321")
    page.get_by_label("Mật khẩu", exact=True).fill("Bac-Kan-2026!")
    page.get_by_label("Nhập lại mật khẩu").fill("Bac-Kan-2026")
    page.get_by_role("button", name="Gửi mã xác thực").click()
    expect(page.get_by_role("alert")).to_contain_text("Hai mật khẩu không giống nhau.")
    expect(page.get_by_label("Họ và tên")).to_have_value("Lò Thị Mai")
    check_accessibility(page)
    screenshot(page, "register-error")

    page.get_by_label("Mật khẩu", exact=True).fill("Bac-Kan-2026!")
    page.get_by_label("Nhập lại mật khẩu").fill("Bac-Kan-2026!")
    page.get_by_role("button", name="Gửi mã xác thực").click()
    expect(page.get_by_role("heading", name="Nhập mã xác thực")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "register-code")

    code = re.search(r"\b(\d{6})\b", channels.sent[-1].text)
    assert code is not None
    page.get_by_label("Mã xác thực").fill(code.group(1))
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "my-dossiers")

    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("link", name="Đăng nhập")).to_be_visible()


@pytest.mark.usefixtures("demo_catalog")
def test_a_citizen_follows_a_dossier_and_asks_to_withdraw_it(
    live_server, page: Page, counter_cuong, citizen_an
):
    from motcua.dossiers.tests.factories import walk_in

    dossier = walk_in(counter_cuong, citizen_an, when="2026-03-07 10:00")
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0912000001")
    page.get_by_label("Mật khẩu").fill("motcua-demo-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Đăng ký thường trú").click()
    expect(page.get_by_text(str(dossier.code)).first).to_be_visible()
    check_accessibility(page)

    page.get_by_text("Rút hồ sơ này").click()
    page.get_by_label("Lý do rút hồ sơ (không bắt buộc)").fill("Tôi đã chuyển nơi ở")
    page.get_by_role("button", name="Gửi yêu cầu rút hồ sơ").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi yêu cầu rút hồ sơ")
    expect(page.get_by_text("Bạn đã yêu cầu rút hồ sơ")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "my-dossier")
