"""A counter officer checks the signed consent form a volunteer scanned (security review D5):
until she confirms it, the dossier submitted with it cannot be received."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from motcua.submissions.tests.test_consent_d5 import (
    consent_by_scan,
    start_draft,
    submit_with_uploads,
)

from .conftest import check_accessibility, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("demo_forms")]


def test_the_counter_confirms_a_signed_consent_form(
    live_server: Any,
    page: Page,
    settings: Any,
    tmp_path: Path,
    volunteer_bao: Any,
    citizen_an: Any,
    counter_cuong: Any,
) -> None:
    settings.STAFF_OTP_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path
    bao = Client()
    bao.force_login(volunteer_bao)
    consent = consent_by_scan(bao)
    dossier = submit_with_uploads(bao, start_draft(bao, consent))

    page.goto(live_server.url + "/mot-cua/dang-nhap/")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0912000003")
    page.get_by_label("Mật khẩu").fill("motcua-demo-2026")
    page.get_by_role("button", name="Tiếp tục").click()
    page.goto(live_server.url + "/mot-cua/dong-y/")

    item = page.locator(f"#consent-{consent.pk}")
    expect(item).to_contain_text("Nguyễn Văn An")
    expect(item).to_contain_text(str(dossier.code or dossier.reference))
    check_accessibility(page)
    screenshot(page, "backoffice-consents")
    item.get_by_role("button", name="Xác nhận phiếu").click()

    expect(page.locator(f"#consent-{consent.pk}")).to_have_count(0)
    check_accessibility(page)
    consent.refresh_from_db()
    assert consent.state == "active"
    assert consent.checked_by == counter_cuong
