"""The applicant reads and answers the officers' messages on their dossier page."""

import pytest

from motcua.conversations.choices import Side
from motcua.conversations.models import Message
from motcua.notifications import channels

from .conftest import bearer


def officer_writes(client, dossier, officer, body="Xin bổ sung bản sao giấy khai sinh."):
    return client.post(
        f"/api/v1/dossiers/{dossier.code}/messages",
        {"body": body},
        content_type="application/json",
        headers=bearer(officer),
    )


def test_the_applicant_reads_the_officers_message_without_the_officers_name(
    english, dossier, citizen_an, officer_binh
):
    officer_writes(english, dossier, officer_binh)
    english.force_login(citizen_an)

    page = english.get(f"/ho-so-cua-toi/{dossier.reference}/").content.decode()

    assert "Xin bổ sung bản sao giấy khai sinh." in page
    assert "Officer of Ủy ban nhân dân Phường Phan Đình Phùng" in page
    assert "Phạm Thị Bình" not in page
    assert "badge-new" in page


def test_opening_the_page_marks_the_officers_messages_read(
    client, dossier, citizen_an, officer_binh
):
    officer_writes(client, dossier, officer_binh)
    message = Message.objects.get(dossier=dossier)
    assert message.read_at is None
    client.force_login(citizen_an)

    client.get(f"/ho-so-cua-toi/{dossier.reference}/")

    message.refresh_from_db()
    assert message.read_at is not None


def test_the_applicant_answers_and_the_thread_lists_oldest_first(
    english, dossier, citizen_an, officer_binh
):
    officer_writes(english, dossier, officer_binh, body="Câu hỏi của cán bộ")
    english.force_login(citizen_an)

    response = english.post(
        f"/ho-so-cua-toi/{dossier.reference}/trao-doi/",
        {"message-body": "  Tôi sẽ nộp bản sao ngày mai.  "},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/ho-so-cua-toi/{dossier.reference}/#trao-doi"
    sent = Message.objects.get(dossier=dossier, side=Side.APPLICANT)
    assert (sent.author, sent.body, sent.agency) == (
        citizen_an,
        "Tôi sẽ nộp bản sao ngày mai.",
        None,
    )
    page = english.get(response["Location"]).content.decode()
    assert "Your message was sent to the officers." in page
    assert page.index("Câu hỏi của cán bộ") < page.index("Tôi sẽ nộp bản sao ngày mai.")
    assert "<strong>You</strong>" in page


def test_the_applicants_message_sends_no_sms_to_the_applicant(
    client, dossier, citizen_an, committed
):
    client.force_login(citizen_an)

    with committed():
        client.post(
            f"/ho-so-cua-toi/{dossier.reference}/trao-doi/",
            {"message-body": "Xin hỏi hồ sơ đến đâu rồi?"},
        )

    assert channels.sent == []


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("   ", "Write your message before sending it."),
        ("Rất dài " * 300, "A message can have at most 2000 characters; yours has 2399."),
    ],
)
def test_an_empty_or_too_long_message_is_explained_and_the_text_kept(
    english, dossier, citizen_an, typed, error
):
    english.force_login(citizen_an)

    response = english.post(
        f"/ho-so-cua-toi/{dossier.reference}/trao-doi/", {"message-body": typed}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'<a href="#id_message-body">{error}' in page
    assert 'aria-invalid="true"' in page
    assert f">\n{typed}</textarea>" in page
    assert not Message.objects.exists()


def test_sending_too_many_messages_is_refused_politely(english, dossier, citizen_an, settings):
    settings.MESSAGE_RATE = (2, 3600)
    english.force_login(citizen_an)
    url = f"/ho-so-cua-toi/{dossier.reference}/trao-doi/"

    responses = [english.post(url, {"message-body": f"Lần {n}"}) for n in range(3)]

    assert [r.status_code for r in responses] == [302, 302, 200]
    assert "You have sent many messages in a short time." in responses[-1].content.decode()
    assert ">\nLần 2</textarea>" in responses[-1].content.decode()
    assert Message.objects.count() == 2


def test_another_citizen_gets_404(client, dossier, other_citizen):
    client.force_login(other_citizen)

    assert client.get(f"/ho-so-cua-toi/{dossier.reference}/").status_code == 404
    response = client.post(
        f"/ho-so-cua-toi/{dossier.reference}/trao-doi/", {"message-body": "Xin chào"}
    )
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_signing_in_is_required_to_send(client, dossier):
    response = client.post(
        f"/ho-so-cua-toi/{dossier.reference}/trao-doi/", {"message-body": "Xin chào"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")
