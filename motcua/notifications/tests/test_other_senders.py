"""Messages other apps send name their dossier, so that a failure becomes a task of the officers
who see it and the inbox links to it; they follow the applicant's language. The consent code
has no dossier yet and still goes by SMS to the phone it is for."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import ApiToken, User
from motcua.dossiers.tests.factories import COMMITTEE, agency, at, online
from motcua.feedback import workflow
from motcua.feedback.tests.conftest import decided_dossier, send_petition
from motcua.notifications import channels, tasks
from motcua.notifications.models import InAppMessage, Notification, NotificationPreference

pytestmark = pytest.mark.usefixtures("demo_catalog")


@pytest.fixture
def forwarded(citizen_an, counter_cuong):
    """citizen_an's online dossier, received and forwarded to officer_binh's committee."""
    dossier = online(citizen_an, when="2026-03-09 20:00")
    dossier.apply("receive", by=counter_cuong, at=at("2026-03-10 08:00"))
    return dossier.apply(
        "forward", by=counter_cuong, at=at("2026-03-10 09:00"), agency_id=agency(COMMITTEE).pk
    )


def officer_writes(client, dossier, officer: User, committed) -> None:
    _token, secret = ApiToken.issue(officer, "script", "write")
    with committed():
        response = client.post(
            f"/api/v1/dossiers/{dossier.code}/messages",
            {"body": "Đề nghị mang bản chính đến đối chiếu."},
            content_type="application/json",
            headers={"Authorization": f"Bearer {secret}"},
        )
    assert response.status_code == 201


def test_an_officers_message_names_the_dossier_and_its_failure_is_a_task(
    client, forwarded, officer_binh, officer_chi, citizen_an, committed
):
    officer_writes(client, forwarded, officer_binh, committed)

    sent = Notification.objects.filter(template="dossier_message")
    assert sorted(sent.values_list("channel", flat=True)) == ["in_app", "sms"]
    assert {n.dossier_id for n in sent} == {forwarded.pk}
    assert InAppMessage.objects.get(user=citizen_an, dossier=forwarded)

    sent.filter(channel="sms").update(dead_at=timezone.now())  # its last retry gave up
    assert [n.template for n in tasks.failures_for(officer_binh)] == ["dossier_message"]
    assert not tasks.failures_for(officer_chi).exists()


def test_the_inbox_links_the_officers_message_to_the_dossier(
    client, forwarded, officer_binh, citizen_an, committed
):
    officer_writes(client, forwarded, officer_binh, committed)
    client.force_login(citizen_an)

    page = client.get("/tai-khoan/hop-thu/").content.decode()

    assert f"Tin nhắn mới về hồ sơ {forwarded.code}" in page
    assert f'<a href="/ho-so-cua-toi/{forwarded.reference}/">Xem hồ sơ {forwarded.code}' in page


def test_an_officers_message_follows_the_applicants_language(
    client, forwarded, officer_binh, citizen_an, committed
):
    NotificationPreference.objects.create(user=citizen_an, language="en")

    officer_writes(client, forwarded, officer_binh, committed)

    sms = Notification.objects.get(template="dossier_message", channel="sms")
    assert (sms.language, sms.subject) == ("en", f"New message about dossier {forwarded.code}")


def test_a_petition_about_a_dossier_names_it(counter_cuong, citizen_an, leader_dung, officer_binh):
    dossier = decided_dossier(counter_cuong, citizen_an, leader_dung)
    petition = send_petition(citizen_an, dossier, contact_by="sms")

    workflow.request_more(petition, officer_binh, "Cho biết số biên nhận.")

    sent = Notification.objects.filter(template="petition_more_info")
    assert sorted(sent.values_list("channel", flat=True)) == ["in_app", "sms"]
    assert {n.dossier_id for n in sent} == {dossier.pk}


def test_a_general_petition_names_no_dossier(citizen_an, admin_em):
    petition = send_petition(citizen_an)

    workflow.refuse(petition, admin_em, "Không thuộc thẩm quyền giải quyết hành chính.")

    sent = Notification.objects.get(template="petition_refused", channel="in_app")
    assert sent.dossier is None


def test_the_consent_code_still_goes_by_sms_to_the_citizens_phone(
    demo_forms, volunteer_bao, citizen_an, django_capture_on_commit_callbacks
):
    # The citizen wants no SMS at all, and English: the code still goes to the phone (it proves
    # the person holding it agrees), in English; no dossier exists before the consent.
    NotificationPreference.objects.create(
        user=citizen_an,
        language="en",
        channels={
            kind: ["email"]
            for kind in (
                "submitted",
                "received",
                "supplement",
                "payment",
                "extension",
                "result",
                "rating",
            )
        },
    )
    bao = Client()
    bao.force_login(volunteer_bao)
    bao.post("/tro-giup/", {"citizen": "0912 000 001"})

    with django_capture_on_commit_callbacks(execute=True):
        bao.post("/tro-giup/dong-y/", {"action": "send"})

    sms = channels.sent[-1]
    assert sms.to == "0912000001"
    assert re.search(r"read the code \d{6}", sms.text)
    code = Notification.objects.get(template="assistance_consent")
    assert (code.channel, code.dossier) == ("sms", None)
