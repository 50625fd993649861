"""Security review D5: a scanned consent form no longer gives a volunteer the citizen's data.

A signed form scanned by the volunteer leaves the consent PENDING: the volunteer may prepare
and submit the dossier, without the citizen's profile or repository, and the counter receives
it only once an officer of the receiving unit has confirmed the scan. Looking a citizen up
answers the same whether or not an account exists.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.notifications import channels
from motcua.submissions import assistance
from motcua.submissions.models import Consent, Draft, DraftPaper

from .conftest import pdf
from .test_apply_online import _renting_slots, fill_renting
from .test_assistance import consent_by_code

pytestmark = pytest.mark.django_db

PHAN_DINH_PHUNG_POLICE = "000.02.31.H19"  # received at counter_cuong's counter
PAPERS_CASE = "Đăng ký thường trú vào chỗ ở hợp pháp do thuê, mượn, ở nhờ"


@pytest.fixture(autouse=True)
def _setup(settings: Any, repository: None) -> None:
    settings.STAFF_OTP_REQUIRED = False
    channels.sent.clear()


@pytest.fixture
def bao(demo_forms: None, volunteer_bao: User, citizen_an: User) -> Client:
    # citizen_an's identity is vouched for by VNeID: her repository holds her CCCD.
    User.objects.filter(pk=citizen_an.pk).update(vneid_verified_at=timezone.now())
    client = Client()
    client.force_login(volunteer_bao)
    return client


def consent_by_scan(bao: Client, login: str = "0912000001") -> Consent:
    assert bao.post("/tro-giup/", {"citizen": login})["Location"] == "/tro-giup/dong-y/"
    response = bao.post("/tro-giup/dong-y/", {"action": "scan", "scan": pdf("dong-y.pdf")})
    assert response["Location"] == "/tro-giup/"
    return Consent.objects.get(method="scan")


def start_draft(bao: Client, consent: Consent) -> Draft:
    bao.post(f"/tro-giup/dong-y/{consent.pk}/nop/", {"code": "1.004222"})
    return Draft.objects.latest("created_at")


def submit_with_uploads(bao: Client, draft: Draft) -> Dossier:
    fill_renting(bao, draft)
    papers = f"/ho-so-nhap/{draft.pk}/giay-to/"
    assert bao.post(papers, {"case": PAPERS_CASE}).status_code == 302
    contract, area = _renting_slots(draft)
    assert (
        bao.post(
            papers, {f"file-{contract.pk}": pdf(), f"file-{area.pk}": pdf("cccd.pdf")}
        ).status_code
        == 302
    )
    # The volunteer chooses the agency: the citizen's commune no longer suggests it.
    bao.post(f"/ho-so-nhap/{draft.pk}/noi-nop/", {"agency": PHAN_DINH_PHUNG_POLICE})
    assert bao.post(f"/ho-so-nhap/{draft.pk}/kiem-tra/")["Location"] == "/tro-giup/"
    return Dossier.objects.get(draft=draft)


def test_d5_scan_consent_is_pending_until_an_officer_confirms(
    bao: Client, client: Client, citizen_an: User, counter_cuong: User
) -> None:
    consent = consent_by_scan(bao)
    assert (consent.state, consent.checked_by, consent.checked_at) == ("pending", None, None)
    dossier = submit_with_uploads(bao, start_draft(bao, consent))
    assert Draft.objects.get(dossier=dossier).consent == consent

    client.force_login(counter_cuong)
    page = client.get("/mot-cua/dong-y/")
    assert f'id="consent-{consent.pk}"' in page.content.decode()
    assert dossier.reference in page.content.decode()
    scan = client.get(f"/mot-cua/dong-y/{consent.pk}/ban-quet/")
    assert (scan.status_code, scan["Content-Type"]) == (200, "application/pdf")
    response = client.post(f"/mot-cua/dong-y/{consent.pk}/", {"decision": "confirm"})
    assert response["Location"] == "/mot-cua/dong-y/"
    consent.refresh_from_db()
    assert (consent.state, consent.checked_by) == ("active", counter_cuong)
    assert f'id="consent-{consent.pk}"' not in client.get("/mot-cua/dong-y/").content.decode()


def test_d5_an_officer_refuses_an_invalid_scan_through_the_api(
    bao: Client, client: Client, counter_cuong: User
) -> None:
    consent = consent_by_scan(bao)
    dossier = submit_with_uploads(bao, start_draft(bao, consent))
    client.force_login(counter_cuong)
    listed = client.get("/api/v1/consents").json()
    assert [(c["id"], c["dossiers"]) for c in listed] == [(consent.pk, [dossier.reference])]
    body = client.post(f"/api/v1/consents/{consent.pk}/refuse").json()
    assert body["state"] == "refused"
    refused = client.post(
        f"/api/v1/dossiers/{dossier.reference}/actions/receive", {}, content_type="application/json"
    )
    assert refused.status_code == 409
    assert "không hợp lệ" in refused.json()["message"]


def test_d5_pending_consent_shows_no_profile_or_repository(
    bao: Client, citizen_an: User, volunteer_bao: User, django_capture_on_commit_callbacks: Any
) -> None:
    draft = start_draft(bao, consent_by_scan(bao))
    assert draft.answers == {}  # nothing from the citizen's profile
    assert draft.competent_agency is None  # not even her commune's agency
    api = bao.get(f"/api/v1/drafts/{draft.pk}").json()
    assert api["answers"] == {}

    papers = f"/ho-so-nhap/{draft.pk}/giay-to/"
    bao.post(papers, {"case": PAPERS_CASE})
    page = bao.get(papers)
    assert page.context["repository"] == []
    assert 'id="repository-hidden"' in page.content.decode()
    _contract, area = _renting_slots(draft)
    an = Client()
    an.force_login(citizen_an)
    ref = an.get("/api/v1/me/repository").json()["items"][0]["ref"]  # known to the citizen
    bao.post(papers, {f"reuse-{area.pk}": ref})
    reuse = bao.post(
        f"/api/v1/drafts/{draft.pk}/papers/reuse",
        {"document": area.pk, "ref": ref},
        content_type="application/json",
    )
    assert reuse.status_code == 422
    assert not DraftPaper.objects.filter(draft=draft).exists()

    # The citizen's own code makes the consent ACTIVE: the help is as before.
    consent_by_code(bao, django_capture_on_commit_callbacks)
    helped = start_draft(bao, Consent.objects.get(method="code"))
    assert helped.answers["ho_ten"] == citizen_an.full_name
    assert bao.get(f"/ho-so-nhap/{helped.pk}/giay-to/").context["repository"]


def test_d5_counter_cannot_receive_until_scan_confirmed(
    bao: Client, client: Client, counter_cuong: User
) -> None:
    consent = consent_by_scan(bao)
    dossier = submit_with_uploads(bao, start_draft(bao, consent))
    client.force_login(counter_cuong)

    page = client.post(f"/mot-cua/ho-so/{dossier.reference}/xu-ly/receive/", {})
    assert page.status_code == 200
    assert "chưa được xác nhận" in " ".join(page.context["problems"])
    api = client.post(
        f"/api/v1/dossiers/{dossier.reference}/actions/receive", {}, content_type="application/json"
    )
    assert api.status_code == 409
    assert "chưa được xác nhận" in api.json()["message"]
    dossier.refresh_from_db()
    assert (dossier.status, dossier.code) == (1, None)

    client.post(f"/api/v1/consents/{consent.pk}/confirm")
    assert client.post(f"/mot-cua/ho-so/{dossier.reference}/xu-ly/receive/", {}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == 2


def test_d5_a_dossier_submitted_with_a_code_consent_is_received_as_before(
    bao: Client, client: Client, counter_cuong: User, django_capture_on_commit_callbacks: Any
) -> None:
    consent = consent_by_code(bao, django_capture_on_commit_callbacks)
    dossier = submit_with_uploads(bao, start_draft(bao, consent))
    client.force_login(counter_cuong)
    assert client.post(f"/mot-cua/ho-so/{dossier.reference}/xu-ly/receive/", {}).status_code == 302


def test_d5_a_consent_the_citizen_ended_before_the_check_is_still_checked(
    bao: Client, client: Client, citizen_an: User, counter_cuong: User
) -> None:
    consent = consent_by_scan(bao)
    dossier = submit_with_uploads(bao, start_draft(bao, consent))
    an = Client()
    an.force_login(citizen_an)
    assert an.post(f"/ho-so-cua-toi/ho-tro/{consent.pk}/ket-thuc/").status_code == 302
    consent.refresh_from_db()
    assert consent.state == "ended"
    client.force_login(counter_cuong)
    assert client.post(f"/mot-cua/ho-so/{dossier.reference}/xu-ly/receive/", {}).status_code == 200
    client.post(f"/mot-cua/dong-y/{consent.pk}/", {"decision": "confirm"})
    consent.refresh_from_db()
    assert (consent.state, consent.checked_by) == ("ended", counter_cuong)
    assert client.post(f"/mot-cua/ho-so/{dossier.reference}/xu-ly/receive/", {}).status_code == 302


def _normalised(response: Any, typed: str) -> str:
    text = response.content.decode().replace(typed, "TYPED")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", text)


def test_d5_lookup_answers_the_same_with_or_without_account(
    bao: Client, volunteer_bao: User, citizen_an: User
) -> None:
    other = Client()
    other.force_login(volunteer_bao)
    answers = []
    for client, typed in ((bao, "0912000001"), (other, "0912999999")):
        found = client.post("/tro-giup/", {"citizen": typed})
        page = client.get("/tro-giup/dong-y/")
        sent = client.post("/tro-giup/dong-y/", {"action": "send"})
        wrong = client.post("/tro-giup/dong-y/", {"action": "confirm", "code": "000000"})
        answers.append(
            [
                (
                    r.status_code,
                    r.get("Location"),
                    [t.name for t in r.templates if (t.name or "").startswith("portal/")][:1],
                    _normalised(r, typed),
                )
                for r in (found, page, sent, wrong)
            ]
        )
    with_account, without_account = answers
    assert with_account == without_account
    assert with_account[0][:2] == (302, "/tro-giup/dong-y/")
    assert Consent.objects.count() == 0


def test_d5_a_scan_for_an_unknown_number_is_answered_the_same(bao: Client) -> None:
    response = bao.post("/tro-giup/", {"citizen": "0912999999"})
    assert response["Location"] == "/tro-giup/dong-y/"
    scan = bao.post("/tro-giup/dong-y/", {"action": "scan", "scan": pdf("dong-y.pdf")})
    assert scan["Location"] == "/tro-giup/"
    assert not Consent.objects.exists()


def test_d5_offline_code_checked_at_sync(
    volunteer_bao: User, citizen_an: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        consent = assistance.send_offline_code(volunteer_bao, citizen_an)
    assert (consent.method, consent.state) == ("offline", "pending")
    code = re.search(r"\b(\d{6})\b", channels.sent[-1].text).group(1)  # type: ignore[union-attr]
    captured = consent.granted_at + dt.timedelta(hours=2)  # long after an online code expires
    checked = assistance.check_offline_code(consent, code, captured)
    assert (checked.state, checked.checked_by) == ("active", citizen_an)

    with django_capture_on_commit_callbacks(execute=True):
        wrong = assistance.send_offline_code(volunteer_bao, citizen_an)
    assert assistance.check_offline_code(wrong, "000000", captured).state == "refused"


def test_d5_other_agency_officer_gets_404_on_consent_confirmation(
    bao: Client, client: Client, officer_chi: User, officer_binh: User
) -> None:
    consent = consent_by_scan(bao)
    submit_with_uploads(bao, start_draft(bao, consent))
    for officer in (officer_chi, officer_binh):  # another agency; not at the counter
        client.force_login(officer)
        assert client.get("/mot-cua/dong-y/").context["rows"] == []
        assert (
            client.post(f"/mot-cua/dong-y/{consent.pk}/", {"decision": "confirm"}).status_code
            == 404
        )
        assert client.get(f"/mot-cua/dong-y/{consent.pk}/ban-quet/").status_code == 404
        assert client.get("/api/v1/consents").json() == []
        assert client.post(f"/api/v1/consents/{consent.pk}/confirm").status_code == 404
        assert client.get(f"/api/v1/consents/{consent.pk}/scan").status_code == 404
    consent.refresh_from_db()
    assert consent.state == "pending"
