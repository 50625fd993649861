"""The citizen's petition pages: send, follow, add information, judge, complain again; and the
public list of published answers, which shows no personal data."""

from __future__ import annotations

import pytest

from motcua.feedback import workflow
from motcua.feedback.models import Petition

from .conftest import send_petition

pytestmark = pytest.mark.usefixtures("demo_catalog")

FORM = {
    "subject": "Chậm trả kết quả",
    "content": "Hồ sơ trả chậm.",
    "topic": "rules",
    "contact_by": "in_app",
}


def test_a_citizen_sends_a_petition_about_their_dossier(client, decided, citizen_an):
    client.force_login(citizen_an)
    form = client.get(f"/phan-anh/gui/?ho-so={decided.reference}").content.decode()
    assert decided.code in form

    response = client.post(f"/phan-anh/gui/?ho-so={decided.reference}", FORM)

    petition = Petition.objects.get()
    assert response["Location"] == f"/phan-anh/{petition.reference}/"
    assert (petition.dossier, petition.petitioner) == (decided, citizen_an)
    listing = client.get("/phan-anh/").content.decode()
    assert petition.reference in listing


def test_a_petition_about_a_procedure_is_prefilled_from_its_code(client, citizen_an):
    client.force_login(citizen_an)

    assert "1.001193" in client.get("/phan-anh/gui/?thu-tuc=1.001193").content.decode()
    client.post("/phan-anh/gui/?thu-tuc=1.001193", FORM)

    assert Petition.objects.filter(procedure__code="1.001193").count() == 1
    assert client.get("/phan-anh/gui/?thu-tuc=9.999999").status_code == 404


def test_the_dossier_must_be_the_citizens_own(client, decided, citizen_binh_b):
    client.force_login(citizen_binh_b)

    assert client.get(f"/phan-anh/gui/?ho-so={decided.reference}").status_code == 404
    assert client.post(f"/phan-anh/gui/?ho-so={decided.reference}", FORM).status_code == 404
    assert not Petition.objects.exists()


def test_missing_content_comes_back_with_an_error_summary(client, citizen_an):
    client.force_login(citizen_an)

    html = client.post("/phan-anh/gui/", {**FORM, "content": ""}).content.decode()

    assert 'class="error-summary"' in html
    assert 'href="#id_content"' in html
    assert not Petition.objects.exists()


def test_the_pages_need_a_signed_in_citizen(client):
    assert client.get("/phan-anh/")["Location"].startswith("/dang-nhap/")
    assert client.get("/phan-anh/gui/")["Location"].startswith("/dang-nhap/")


def test_citizen_b_gets_404_on_citizen_as_petition(client, decided, citizen_an, citizen_binh_b):
    petition = send_petition(citizen_an, decided)
    client.force_login(citizen_binh_b)

    assert client.get(f"/phan-anh/{petition.reference}/").status_code == 404
    assert client.post(f"/phan-anh/{petition.reference}/bo-sung/", {"text": "x"}).status_code == 404
    assert petition.reference not in client.get("/phan-anh/").content.decode()


def test_the_citizen_adds_the_information_asked_for(client, decided, citizen_an, officer_binh):
    petition = send_petition(citizen_an, decided)
    workflow.request_more(petition, officer_binh, "Cho biết số biên nhận.")
    client.force_login(citizen_an)
    page = client.get(f"/phan-anh/{petition.reference}/").content.decode()
    assert "Cho biết số biên nhận." in page
    assert f'action="/phan-anh/{petition.reference}/bo-sung/"' in page

    empty = client.post(f"/phan-anh/{petition.reference}/bo-sung/", {"text": ""})
    assert 'class="error-summary"' in empty.content.decode()
    client.post(f"/phan-anh/{petition.reference}/bo-sung/", {"text": "Số biên nhận 0001."})

    petition.refresh_from_db()
    assert petition.state == "submitted"
    assert petition.entries.filter(event="add_information").get().text == "Số biên nhận 0001."


def test_the_citizen_judges_the_answer_once_and_may_complain_again(
    client, decided, citizen_an, officer_binh
):
    petition = send_petition(citizen_an, decided)
    workflow.answer(petition, officer_binh, "Hồ sơ đã được trả đúng hẹn.")
    client.force_login(citizen_an)
    page = client.get(f"/phan-anh/{petition.reference}/").content.decode()
    assert "Hồ sơ đã được trả đúng hẹn." in page
    assert 'name="reaction" value="dislike"' in page

    client.post(f"/phan-anh/{petition.reference}/y-kien/", {"reaction": "dislike"})
    client.post(f"/phan-anh/{petition.reference}/y-kien/", {"reaction": "like"})  # refused

    assert petition.reaction_counts() == (0, 1)
    page = client.get(f"/phan-anh/{petition.reference}/").content.decode()
    assert 'name="reaction"' not in page
    response = client.post(
        f"/phan-anh/{petition.reference}/phan-anh-lai/", {"content": "Thực tế trả chậm 3 ngày."}
    )
    second = Petition.objects.get(follows=petition)
    assert response["Location"] == f"/phan-anh/{second.reference}/"
    assert petition.reference in client.get(response["Location"]).content.decode()


def test_the_public_list_shows_published_answers_without_personal_data(
    client, decided, citizen_an, officer_binh
):
    petition = send_petition(
        citizen_an,
        decided,
        subject="Thời hạn trả kết quả",
        content="Tôi là Nguyễn Văn An, SĐT 0912000001, hồ sơ trả chậm.",
        contact_by="sms",
    )
    workflow.answer(petition, officer_binh, "Đã chấn chỉnh bộ phận một cửa.")
    unpublished = send_petition(citizen_an, decided, subject="Chưa công khai")
    workflow.answer(unpublished, officer_binh, "Chưa đăng.")
    workflow.publish(petition, officer_binh, "Công dân phản ánh hồ sơ trả chậm.")

    html = client.get("/phan-anh/cong-khai/").content.decode()

    assert "Thời hạn trả kết quả" in html
    assert "Đã chấn chỉnh bộ phận một cửa." in html
    assert "Công dân phản ánh hồ sơ trả chậm." in html
    assert "Chưa công khai" not in html
    for personal in (
        "Nguyễn Văn An",
        "0912000001",
        "an@example.vn",
        decided.reference,
        decided.code,
        "Phạm Thị Bình",
    ):
        assert personal not in html
