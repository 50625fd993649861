"""A full-online dossier (toàn trình), on a phone and a desktop: the citizen pays the fee through
the sandbox gateway and gets the electronic receipt; the leader's approval signs the result;
the citizen downloads it, it validates with pyHanko, its check page (where the QR code leads)
says the signature is valid, and the same file changed by one byte is reported as not valid."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMITTEE, agency, online
from motcua.payments.models import Payment
from motcua.results.authority import create_authority, issue_for_agency, trust_material
from motcua.results.validation import check_pdf

from .conftest import check_accessibility, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("demo_catalog")]

CA_FROM = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _full_online_site(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RESULTS_PKI_DIR = tmp_path / "pki"
    settings.CLAMD_ADDRESS = ""
    settings.STAFF_OTP_REQUIRED = False
    settings.PAYMENT_GATEWAY = "sandbox"
    # Subscribers (payment requests, signing) run right after each commit, as on the site.
    settings.OUTBOX_DELIVER_AFTER_COMMIT = True


def sign_in(page: Page, live_server: Any, user: User) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def received_and_assigned(dossier: Dossier, counter: User, specialist: User) -> None:
    dossier.apply("receive", by=counter)
    dossier.apply("forward", by=counter, agency_id=agency(COMMITTEE).pk, assignee_id=specialist.pk)


def decided_and_returned(dossier: Dossier, counter: User, leader: User) -> None:
    """The leader's approval (which signs the result), the decision and the return."""
    dossier.apply("approve", by=leader)
    dossier.apply("decide", by=leader)
    dossier.apply("return_result", by=counter)


def test_pay_online_receive_the_signed_result_and_check_it(
    live_server, page: Page, settings, citizen_an, counter_cuong, officer_binh, leader_dung
):
    settings.SITE_URL = live_server.url  # the QR code and the links lead to this server
    authority = create_authority("motcua DEMO CA (test)", "demo-ca", not_before=CA_FROM)
    issue_for_agency(authority, agency(COMMITTEE), not_before=CA_FROM, years=10)
    dossier = online(citizen_an, when="2026-12-01 08:00")  # 1.004222: 10,000 đ online
    mine = f"{live_server.url}/ho-so-cua-toi/{dossier.reference}/"

    # 1) The citizen pays the fee on the sandbox gateway and comes back to a receipt.
    sign_in(page, live_server, citizen_an)
    page.goto(mine)
    expect(page.get_by_role("heading", name="Phí, lệ phí và thanh toán")).to_be_visible()
    page.get_by_role("button", name="Thanh toán trực tuyến").click()
    expect(page.get_by_role("heading", level=1, name="Cổng thanh toán thử nghiệm")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "full-online-gateway")
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    paid = page.get_by_role("heading", name="Đã nhận được khoản thanh toán của bạn")
    expect(paid).to_be_visible()
    check_accessibility(page)
    screenshot(page, "full-online-paid")
    payment = Payment.objects.get(dossier=dossier)
    assert (payment.state, payment.amount) == ("paid", 10_000)

    page.goto(mine)
    receipt = page.get_by_role("link", name=re.compile(r"Biên lai số .+ \(PDF\)"))
    expect(receipt).to_be_visible()
    pdf = page.request.get(live_server.url + str(receipt.get_attribute("href")))
    assert pdf.ok
    assert pdf.body().startswith(b"%PDF")

    # 2) The specialist drafts the result from the procedure's template (residence
    #    registration has no result document of its own: the draft is the notice), and the
    #    leader's approval signs it.
    received_and_assigned(dossier, counter_cuong, officer_binh)
    sign_in(page, live_server, officer_binh)
    page.goto(f"{live_server.url}/mot-cua/ho-so/{dossier.code}/ket-qua/")
    page.get_by_role("button", name="Tạo từ mẫu").click()
    expect(page.locator(".error-summary")).to_have_count(0)
    check_accessibility(page)
    screenshot(page, "full-online-draft")
    dossier.refresh_from_db()
    decided_and_returned(dossier, counter_cuong, leader_dung)
    dossier.refresh_from_db()
    assert dossier.status == 10
    assert dossier.e_result_code

    # 3) The citizen downloads the signed result; it validates with pyHanko.
    sign_in(page, live_server, citizen_an)
    page.goto(mine)
    expect(page.get_by_role("heading", name="Kết quả điện tử của bạn")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "full-online-result")
    download = page.get_by_role("link", name="Tải kết quả đã ký số (PDF)")
    signed = page.request.get(live_server.url + str(download.get_attribute("href"))).body()
    roots, crls = trust_material()
    report = check_pdf(signed, roots, crls)
    assert report.ok
    assert all(s.bottom_line for s in report.signatures)

    # 4) The check page the QR code opens says the signature is valid.
    page.get_by_role("link", name="Kiểm tra chữ ký số").click()
    expect(page).to_have_url(re.compile(rf"/kiem-tra-ket-qua/{dossier.e_result_code}/$"))
    expect(page.get_by_role("heading", name="✔ Chữ ký hợp lệ")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "full-online-verified")

    # 5) The same file with one byte changed is reported as not valid.
    tampered = bytearray(signed)
    middle = len(tampered) // 3
    tampered[middle] ^= 0x01
    page.goto(f"{live_server.url}/kiem-tra-ket-qua/")
    page.locator("input[type=file]").set_input_files(
        {"name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": bytes(tampered)}
    )
    page.get_by_role("button", name="Kiểm tra chữ ký").click()
    expect(page.get_by_role("heading", name="✘ Không hợp lệ")).to_be_visible()
    assert not check_pdf(bytes(tampered), roots, crls).ok
    check_accessibility(page)
    screenshot(page, "full-online-tampered")
