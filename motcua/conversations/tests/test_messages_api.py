"""Officers and the applicant exchange messages through /api/v1/dossiers/{ref}/messages."""

import pytest

from motcua.accounts.choices import Role
from motcua.accounts.models import Membership
from motcua.conversations.models import Message
from motcua.dossiers.tests.factories import agency
from motcua.notifications import channels
from motcua.notifications.models import InAppMessage

from .conftest import bearer


def post(client, path, body, headers=None):
    return client.post(path, body, content_type="application/json", headers=headers or {})


def test_officer_binh_writes_and_the_applicant_is_told_by_sms_and_in_app(
    client, dossier, officer_binh, citizen_an, committed
):
    with committed():
        response = post(
            client,
            f"/api/v1/dossiers/{dossier.code}/messages",
            {"body": "Đề nghị bổ sung bản sao giấy khai sinh."},
            bearer(officer_binh),
        )

    assert response.status_code == 201
    body = response.json()
    assert (body["side"], body["mine"], body["author"]) == ("officer", True, "Bạn")
    assert body["agency"]["code"] == "000.00.31.H19"
    sms = [m for m in channels.sent if m.to == "0912000001"]
    assert len(sms) == 1
    assert dossier.code in sms[0].text
    assert f"/ho-so-cua-toi/{dossier.reference}/" in sms[0].text
    assert "bổ sung" not in sms[0].text  # the message itself stays on the portal
    inbox = InAppMessage.objects.get(user=citizen_an)
    assert dossier.code in inbox.subject


def test_the_applicant_lists_the_messages_and_so_reads_them(
    client, dossier, officer_binh, citizen_an
):
    post(
        client,
        f"/api/v1/dossiers/{dossier.code}/messages",
        {"body": "Câu hỏi 1"},
        bearer(officer_binh),
    )
    post(
        client,
        f"/api/v1/dossiers/{dossier.reference}/messages",
        {"body": "Trả lời 1"},
        bearer(citizen_an),
    )
    client.force_login(citizen_an)

    listing = client.get(f"/api/v1/dossiers/{dossier.reference}/messages").json()

    assert (listing["count"], listing["page"], listing["page_size"]) == (2, 1, 20)
    assert [(m["side"], m["body"], m["mine"]) for m in listing["items"]] == [
        ("officer", "Câu hỏi 1", False),
        ("applicant", "Trả lời 1", True),
    ]
    assert "Phạm Thị Bình" not in str(listing)
    assert Message.objects.get(body="Câu hỏi 1").read_at is not None
    assert Message.objects.get(body="Trả lời 1").read_at is None


def test_the_officer_sees_who_wrote_and_reading_marks_the_applicants_message(
    client, dossier, officer_binh, citizen_an
):
    post(
        client,
        f"/api/v1/dossiers/{dossier.code}/messages",
        {"body": "Hỏi cán bộ"},
        bearer(citizen_an),
    )
    client.force_login(officer_binh)

    items = client.get(f"/api/v1/dossiers/{dossier.code}/messages").json()["items"]

    assert [(m["author"], m["agency"]) for m in items] == [("Nguyễn Văn An", None)]
    assert Message.objects.get().read_at is not None


def test_a_session_needs_the_csrf_token_to_send(dossier, citizen_an):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen_an)

    response = post(client, f"/api/v1/dossiers/{dossier.reference}/messages", {"body": "Chào"})

    assert response.status_code in (401, 403)
    assert not Message.objects.exists()


@pytest.mark.parametrize("body", ["   ", "x" * 2001])
def test_an_empty_or_too_long_message_answers_422_with_a_clear_message(
    english, dossier, citizen_an, body
):
    response = post(
        english,
        f"/api/v1/dossiers/{dossier.reference}/messages",
        {"body": body},
        bearer(citizen_an),
    )

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["message"].startswith(("Write your message", "A message can have at most"))
    assert not Message.objects.exists()


def test_officer_chi_of_another_agency_gets_404(client, dossier, officer_chi):
    headers = bearer(officer_chi)

    assert (
        client.get(f"/api/v1/dossiers/{dossier.code}/messages", headers=headers).status_code == 404
    )
    assert (
        post(
            client, f"/api/v1/dossiers/{dossier.code}/messages", {"body": "Chào"}, headers
        ).status_code
        == 404
    )
    assert not Message.objects.exists()


def test_another_citizen_gets_404(client, dossier, other_citizen):
    client.force_login(other_citizen)

    assert client.get(f"/api/v1/dossiers/{dossier.reference}/messages").status_code == 404


def test_a_read_only_scope_reads_but_may_not_send(client, dossier, officer_chi, officer_binh):
    post(
        client,
        f"/api/v1/dossiers/{dossier.code}/messages",
        {"body": "Câu hỏi"},
        bearer(officer_binh),
    )
    Membership.objects.create(
        user=officer_chi, agency=agency("000.00.00.H19"), role=Role.PROVINCE_LEADERSHIP
    )
    headers = bearer(officer_chi)

    listing = client.get(f"/api/v1/dossiers/{dossier.code}/messages", headers=headers)
    refused = post(client, f"/api/v1/dossiers/{dossier.code}/messages", {"body": "Chào"}, headers)

    assert listing.status_code == 200
    assert refused.status_code == 403
    assert Message.objects.get().read_at is None  # a supervisor reading is not the applicant


def test_a_read_only_token_may_not_send(client, dossier, citizen_an):
    response = post(
        client,
        f"/api/v1/dossiers/{dossier.reference}/messages",
        {"body": "Chào"},
        bearer(citizen_an, "read"),
    )

    assert response.status_code == 403


def test_too_many_messages_answer_429(client, dossier, officer_binh, settings):
    settings.MESSAGE_RATE = (1, 3600)
    headers = bearer(officer_binh)
    url = f"/api/v1/dossiers/{dossier.code}/messages"

    assert post(client, url, {"body": "Một"}, headers).status_code == 201
    response = post(client, url, {"body": "Hai"}, headers)

    assert response.status_code == 429
    assert response.json()["message"]


def test_d4_administrator_cannot_send_officer_messages(client, dossier, admin_em):
    """Security review D4: the administrator reads the whole province but never acts, so
    they may not write to an applicant as "Cán bộ <agency>" (403, like every read-only scope)."""
    headers = bearer(admin_em)

    listing = client.get(f"/api/v1/dossiers/{dossier.code}/messages", headers=headers)
    refused = post(client, f"/api/v1/dossiers/{dossier.code}/messages", {"body": "x"}, headers)

    assert listing.status_code == 200
    assert refused.status_code == 403
    assert not Message.objects.exists()
