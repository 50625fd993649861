"""A walk-in dossier's whole life, officer by officer, on a phone and a desktop: the counter
receives it with scanned papers and prints Form 01, the specialist asks for a supplement, the
citizen supplies it from her dossier page, a consulted department answers, the leader approves
and signs, the counter hands the result over, and the citizen's timeline shows every step."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import FilePayload, Page, expect

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import Membership, User
from motcua.documents.pdf import minimal_pdf
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMITTEE, agency

from .conftest import check_accessibility, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("demo_catalog")]

JUSTICE = "000.00.11.H19"  # Sở Tư pháp: the department consulted
PROCEDURE = "1.001193"  # handled by the ward People's Committees


@pytest.fixture(autouse=True)
def _no_second_factor(settings: Any) -> None:
    settings.STAFF_OTP_REQUIRED = False


@pytest.fixture
def justice_specialist(demo_agencies: None) -> User:
    user = User.objects.create_user(
        email="hai.tp@example.vn", full_name="Trịnh Văn Hải", kind=UserKind.STAFF
    )
    Membership.objects.create(
        user=user, agency=agency(JUSTICE), role=Role.SPECIALIST, valid_from=dt.date(2025, 7, 1)
    )
    return user


def sign_in(page: Page, live_server, user: User) -> None:
    """Become `user`: a fresh session cookie, as tests/browser/test_backoffice_actions.py."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def pdf(name: str, title: str) -> FilePayload:
    return {"name": name, "mimeType": "application/pdf", "buffer": minimal_pdf(title, [title])}


def take_action(page: Page, live_server, code: str, title: str, name: str) -> None:
    """From the dossier page, follow the action's link and check its form page."""
    page.goto(f"{live_server.url}/mot-cua/ho-so/{code}/")
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    check_accessibility(page)
    screenshot(page, f"bo-journey-{name}")


def submit(page: Page, title: str) -> None:
    """Send the action's form; it goes back to the dossier page (/mot-cua/ho-so/<code>/)."""
    page.get_by_role("button", name=title, exact=True).click()
    expect(page).to_have_url(re.compile(r"/mot-cua/ho-so/[^/]+/$"))
    expect(page.locator(".error-summary")).to_have_count(0)


def test_a_walk_in_dossier_from_the_counter_to_the_result(
    live_server,
    page: Page,
    counter_cuong,
    officer_binh,
    leader_dung,
    citizen_an,
    justice_specialist,
):
    base = live_server.url

    # 1) The counter receives the walk-in with a scanned paper and opens Form 01.
    sign_in(page, live_server, counter_cuong)
    page.goto(base + "/mot-cua/tiep-nhan/?q=019085001234")
    page.get_by_role("link", name=citizen_an.full_name, exact=False).first.click()
    page.get_by_role("searchbox").fill(PROCEDURE)
    page.locator("form[role=search] button").click()
    page.locator("a[href*='thu_tuc=']").first.click()
    page.get_by_label("Nộp trực tiếp tại Bộ phận Một cửa", exact=True).check()
    if page.locator("select#id_agency").count():
        page.locator("select#id_agency").select_option(str(agency(COMMITTEE).pk))
    if page.locator("select#id_case").count():
        page.locator("select#id_case").select_option(index=1)
    for box in page.locator("input[name^='have_']").all():
        box.check()
    page.locator("input[type=file][name^='scan_']").first.set_input_files(
        files=[pdf("to-khai.pdf", "To khai")]
    )
    page.get_by_role("button", name="Tiếp nhận hồ sơ", exact=True).click()
    form01 = page.locator("a[href$='/forms/01.pdf']")
    expect(form01).to_be_visible()
    check_accessibility(page)
    screenshot(page, "bo-journey-receipt")
    response = page.request.get(base + str(form01.get_attribute("href")))
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    dossier = Dossier.objects.filter(applicant=citizen_an).latest("id")
    assert dossier.papers.filter(digitized=True).exists()
    code = str(dossier.code)

    # The counter forwards it to the ward's People's Committee, to officer_binh.
    take_action(page, live_server, code, "Chuyển xử lý", "forward")
    page.locator("#id_agency").select_option(str(agency(COMMITTEE).pk))
    page.locator("#id_assignee").select_option(str(officer_binh.pk))
    submit(page, "Chuyển xử lý")
    check_accessibility(page)
    screenshot(page, "bo-journey-dossier")

    # 2) officer_binh asks for a supplement.
    sign_in(page, live_server, officer_binh)
    take_action(page, live_server, code, "Yêu cầu bổ sung hồ sơ", "supplement")
    page.locator("#id_note").fill("Bản sao giấy khai sinh có chứng thực")
    submit(page, "Yêu cầu bổ sung hồ sơ")

    # 3) citizen_an supplies it on her dossier page.
    sign_in(page, live_server, citizen_an)
    page.goto(f"{base}/ho-so-cua-toi/{dossier.reference}/")
    expect(page.locator("#bo-sung")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "bo-journey-citizen-supplement")
    page.locator("#supplement-files").set_input_files(
        files=[pdf("giay-khai-sinh.pdf", "Giay khai sinh")]
    )
    page.locator("#supplement-note").fill("Gửi bản sao giấy khai sinh")
    page.get_by_role("button", name="Gửi giấy tờ bổ sung", exact=True).click()
    expect(page.locator("#bo-sung")).to_have_count(0)
    assert Dossier.objects.get(pk=dossier.pk).state == "processing"

    # 4) officer_binh consults the Department of Justice, whose specialist answers.
    sign_in(page, live_server, officer_binh)
    take_action(page, live_server, code, "Xin ý kiến cơ quan khác", "consult")
    page.locator("#id_agency").select_option(str(agency(JUSTICE).pk))
    page.locator("#id_due_date").fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    page.locator("#id_note").fill("Xin ý kiến về giấy tờ hộ tịch")
    submit(page, "Xin ý kiến cơ quan khác")

    sign_in(page, live_server, justice_specialist)
    take_action(page, live_server, code, "Ghi nhận ý kiến trả lời", "answer")
    page.locator("#id_agency").select_option(str(agency(JUSTICE).pk))
    page.locator("#id_note").fill("Giấy tờ hợp lệ")
    submit(page, "Ghi nhận ý kiến trả lời")

    # 5) leader_dung approves, then 6) signs the result, and the counter hands it over.
    sign_in(page, live_server, leader_dung)
    take_action(page, live_server, code, "Phê duyệt dự thảo kết quả", "approve")
    submit(page, "Phê duyệt dự thảo kết quả")
    take_action(page, live_server, code, "Ký duyệt kết quả", "decide")
    submit(page, "Ký duyệt kết quả")

    sign_in(page, live_server, counter_cuong)
    take_action(page, live_server, code, "Trả kết quả", "return")
    page.get_by_label("Tại Bộ phận Một cửa", exact=True).check()
    submit(page, "Trả kết quả")
    assert Dossier.objects.get(pk=dossier.pk).status == 10

    # 7) citizen_an's timeline shows every step.
    sign_in(page, live_server, citizen_an)
    page.goto(f"{base}/ho-so-cua-toi/{dossier.reference}/")
    timeline = page.locator("ol.timeline")
    for label in (
        "Hồ sơ đã được tiếp nhận tại quầy",
        "Hồ sơ đã được chuyển đến bộ phận giải quyết",
        "Được yêu cầu bổ sung giấy tờ",
        "Đã nộp giấy tờ bổ sung",
        "Đã xin ý kiến cơ quan liên quan",
        "Cơ quan liên quan đã trả lời ý kiến",
        "Dự thảo kết quả đã được phê duyệt",
        "Đã có kết quả giải quyết",
        "Đã trả kết quả",
    ):
        expect(timeline.get_by_text(label, exact=True)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "bo-journey-citizen-timeline")


def test_a_leader_is_offered_the_apology_letter_the_day_before_the_due_date(
    live_server, page: Page, counter_cuong, leader_dung, citizen_an
):
    from motcua.deadlines.provider import get_calendar
    from motcua.dossiers.tests.factories import walk_in

    # Received seven working days before the next working day: due then at 17:00, so due soon
    # today, and today is still a working day before it (Form 04 may go out).
    cal = get_calendar()
    due_day = cal.next_working_day(timezone.localdate())
    received = cal.add_working_days(due_day, -7)
    dossier = walk_in(counter_cuong, citizen_an, when=f"{received.isoformat()} 09:00")
    dossier.apply("forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk)
    assert timezone.localtime(dossier.due_at).date() == due_day

    sign_in(page, live_server, leader_dung)
    page.goto(f"{live_server.url}/mot-cua/ho-so/{dossier.code}/")
    offer = page.locator("#mau-04")
    expect(offer).to_be_visible()
    check_accessibility(page)
    screenshot(page, "bo-extension-offer")
    offer.locator("a[href$='/xu-ly/extend/']").click()
    expect(page.locator("#id_new_due_date")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "bo-extension-form")
