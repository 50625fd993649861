"""Assisted submission: a volunteer submits with a citizen's consent, and hands the dossier off."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.notifications import channels
from motcua.submissions.models import Consent, Draft

from .conftest import exe, pdf
from .test_apply_online import attach_renting_papers, fill_renting

pytestmark = pytest.mark.django_db


@pytest.fixture
def bao(demo_forms: None, volunteer_bao: User) -> Client:
    client = Client()
    client.force_login(volunteer_bao)
    return client


@pytest.fixture(autouse=True)
def _no_sms_left() -> None:
    channels.sent.clear()


def consent_by_code(bao: Client, capture: Any) -> Consent:
    assert bao.post("/tro-giup/", {"citizen": "0912 000 001"}).status_code == 302
    with capture(execute=True):
        bao.post("/tro-giup/dong-y/", {"action": "send"})
    sms = channels.sent[-1]
    assert (sms.to, "Trần Thị Bảo" in sms.text) == ("0912000001", True)
    code = re.search(r"\b(\d{6})\b", sms.text).group(1)  # type: ignore[union-attr]
    response = bao.post("/tro-giup/dong-y/", {"action": "confirm", "code": code})
    assert response["Location"] == "/tro-giup/"
    return Consent.objects.get(method="code")


def test_consent_by_a_code_sent_to_the_citizens_phone(
    bao: Client, citizen_an: User, django_capture_on_commit_callbacks: Any
) -> None:
    consent = consent_by_code(bao, django_capture_on_commit_callbacks)
    assert (consent.citizen, consent.method, consent.state) == (citizen_an, "code", "active")
    assert consent.checked_by == citizen_an


def test_a_wrong_code_gives_no_consent(bao: Client, citizen_an: User) -> None:
    bao.post("/tro-giup/", {"citizen": "0912000001"})
    bao.post("/tro-giup/dong-y/", {"action": "send"})
    response = bao.post("/tro-giup/dong-y/", {"action": "confirm", "code": "000000"})
    assert response.status_code == 200
    assert not Consent.objects.exists()


def test_consent_by_a_scanned_signed_form(bao: Client, citizen_an: User) -> None:
    bao.post("/tro-giup/", {"citizen": "an@example.vn"})
    refused = bao.post("/tro-giup/dong-y/", {"action": "scan", "scan": exe("dong-y.pdf")})
    assert "dong-y.pdf" in refused.content.decode()
    bao.post("/tro-giup/dong-y/", {"action": "scan", "scan": pdf("dong-y.pdf")})
    assert (Consent.objects.get().method, Consent.objects.get().state) == ("scan", "pending")


def test_an_unknown_number_goes_on_to_the_consent_step_like_any_other(bao: Client) -> None:
    # Whether an account exists is not told (security review D5, test_consent_d5.py).
    response = bao.post("/tro-giup/", {"citizen": "0999999999"})
    assert response["Location"] == "/tro-giup/dong-y/"


def test_the_volunteer_submits_in_the_citizens_name_and_loses_access(
    bao: Client,
    citizen_an: User,
    volunteer_bao: User,
    repository: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    User.objects.filter(pk=citizen_an.pk).update(vneid_verified_at=timezone.now())
    consent = consent_by_code(bao, django_capture_on_commit_callbacks)
    bao.post(f"/tro-giup/dong-y/{consent.pk}/nop/", {"code": "1.004222"})
    draft = Draft.objects.get()
    assert (draft.owner, draft.helped_by) == (citizen_an, volunteer_bao)
    fill_renting(bao, draft)
    attach_renting_papers(bao, draft)
    response = bao.post(f"/ho-so-nhap/{draft.pk}/kiem-tra/")
    assert response["Location"] == "/tro-giup/"
    dossier = Dossier.objects.get()
    assert (dossier.applicant, dossier.helped_by) == (citizen_an, volunteer_bao)
    assert dossier.transitions.get().by == volunteer_bao
    assert bao.get(f"/ho-so-nhap/{draft.pk}/").status_code == 404
    assert bao.get(f"/api/v1/dossiers/{dossier.reference}").status_code == 404
    assert "1 hồ sơ đã nộp với sự hỗ trợ của bạn" in bao.get("/tro-giup/").content.decode()
    an = Client()
    an.force_login(citizen_an)
    page = an.get(f"/ho-so-cua-toi/{dossier.reference}/").content.decode()
    assert "Trần Thị Bảo" in page


def test_the_volunteer_loses_a_draft_when_consent_ends(
    bao: Client, citizen_an: User, repository: None, django_capture_on_commit_callbacks: Any
) -> None:
    consent = consent_by_code(bao, django_capture_on_commit_callbacks)
    bao.post(f"/tro-giup/dong-y/{consent.pk}/nop/", {"code": "1.004222"})
    draft = Draft.objects.get()
    with time_machine.travel(consent.ends_at + dt.timedelta(minutes=1)):
        assert bao.get(f"/ho-so-nhap/{draft.pk}/").status_code == 404
    an = Client()
    an.force_login(citizen_an)
    an.post(f"/ho-so-cua-toi/ho-tro/{consent.pk}/ket-thuc/")
    assert bao.get(f"/ho-so-nhap/{draft.pk}/").status_code == 404
    assert an.get(f"/ho-so-nhap/{draft.pk}/").status_code == 200


def test_only_volunteers_have_the_help_pages(an_client: Client) -> None:
    assert an_client.get("/tro-giup/").status_code == 404


def test_a_volunteer_cannot_start_a_dossier_without_consent(bao: Client, citizen_an: User) -> None:
    other = Consent.objects.create(
        citizen=citizen_an,
        volunteer=User.objects.create_user(
            phone="0912000099", password="x", full_name="Người khác", kind="volunteer"
        ),
        method="code",
        granted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
    )
    assert bao.post(f"/tro-giup/dong-y/{other.pk}/nop/", {"code": "1.004222"}).status_code == 404


def test_the_scan_keeps_the_signed_form(bao: Client, citizen_an: User) -> None:
    bao.post("/tro-giup/", {"citizen": "0912000001"})
    scan = SimpleUploadedFile(
        "dong-y.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10, content_type="image/png"
    )
    response = bao.post("/tro-giup/dong-y/", {"action": "scan", "scan": scan})
    assert response.status_code == 200  # a broken PNG is refused with a message
    assert not Consent.objects.exists()
