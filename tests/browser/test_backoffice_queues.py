"""A specialist signs in to the back office with the second factor, finds a dossier in the queue
and reads it with its papers, history and notes, on a phone and a desktop."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from motcua.dossiers.tests.factories import COMMITTEE, agency, walk_in

from .conftest import check_accessibility, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("demo_catalog")]


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def test_a_specialist_signs_in_with_a_second_factor_and_reads_a_dossier(
    live_server: Any,
    page: Page,
    settings: Any,
    counter_cuong: Any,
    officer_binh: Any,
    citizen_an: Any,
) -> None:
    settings.STAFF_OTP_REQUIRED = True
    device = TOTPDevice.objects.create(user=officer_binh, name="điện thoại", confirmed=True)
    dossier = walk_in(counter_cuong, citizen_an, when="2026-11-30 09:00")
    dossier.apply("forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk)

    page.goto(live_server.url + "/mot-cua/dang-nhap/")
    check_accessibility(page)
    screenshot(page, "backoffice-login")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0912000004")
    page.get_by_label("Mật khẩu").fill("motcua-demo-2026")
    page.get_by_role("button", name="Tiếp tục").click()
    check_accessibility(page)
    screenshot(page, "backoffice-second-factor")
    page.get_by_role("textbox").first.fill(code_of(device))
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + "/mot-cua/hang-doi/team/")  # forwarded, not yet assigned

    expect(page.get_by_text(str(dossier.code)).first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "backoffice-queues")
    page.get_by_role("link", name=str(dossier.code)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(dossier.code))
    expect(page.get_by_text("Đăng ký thường trú").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "backoffice-dossier")
