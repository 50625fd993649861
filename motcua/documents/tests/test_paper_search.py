"""Officers search inside the digitized papers of the dossiers they may see:
/mot-cua/tim-giay-to/?q=… and GET /api/v1/papers/search?q=…"""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.documents.checks import DEFAULT_TYPES, UploadRules
from motcua.documents.digitization import read_stored_text
from motcua.documents.intake import accept
from motcua.dossiers.models import Dossier, Paper
from motcua.dossiers.tests.factories import walk_in

from . import samples

pytestmark = pytest.mark.django_db
PAGE = "/mot-cua/tim-giay-to/"
API = "/api/v1/papers/search"
RULES = UploadRules(DEFAULT_TYPES, 5 * 1024 * 1024)


def attach(dossier: Dossier, name: str, content: bytes, by: User) -> Paper:
    """A paper received with its file, whose text the worker has read."""
    stored = accept(samples.upload(f"{name}.pdf", content), RULES, owner=by)
    paper = Paper.objects.create(dossier=dossier, name=name, file=stored.name, digitized=True)
    read_stored_text(str(stored.pk))
    return paper


@pytest.fixture
def birth_paper(demo_catalog: None, counter_cuong: User, citizen_an: User) -> Paper:
    """A birth certificate in a dossier of officer_binh's agency (not officer_chi's)."""
    dossier = walk_in(counter_cuong, citizen_an)
    attach(dossier, "Tờ khai", samples.vietnamese_pdf("Tờ khai đăng ký khai sinh"), counter_cuong)
    return attach(
        dossier,
        "Giấy khai sinh",
        samples.vietnamese_pdf(
            "GIẤY KHAI SINH",
            "Họ, chữ đệm, tên: Nguyễn Thị Hương",
            "Nơi sinh: phường Bắc Kạn, tỉnh Thái Nguyên",
        ),
        counter_cuong,
    )


@pytest.mark.parametrize("query", ["Nguyễn Thị Hương", "nguyen thi huong", "BẮC KẠN"])
def test_an_officer_finds_a_paper_with_or_without_diacritics(
    client, birth_paper, officer_binh, query
):
    client.force_login(officer_binh)
    page = client.get(PAGE, {"q": query})
    assert page.status_code == 200
    html = page.content.decode()
    dossier = birth_paper.dossier
    assert "Số giấy tờ tìm thấy: 1" in html
    assert f'href="/mot-cua/ho-so/{dossier.code}/"' in html
    assert "Giấy khai sinh" in html
    assert "<mark><strong>" in html


def test_every_word_must_start_a_word_of_the_paper(client, birth_paper, officer_binh):
    client.force_login(officer_binh)
    assert "Số giấy tờ tìm thấy: 2" in client.get(PAGE, {"q": "khai sinh"}).content.decode()
    assert "Số giấy tờ tìm thấy: 1" in client.get(PAGE, {"q": "nguy huong"}).content.decode()
    none = client.get(PAGE, {"q": "guyen"}).content.decode()
    assert "Số giấy tờ tìm thấy: 0" in none
    assert "Không có giấy tờ nào chứa tất cả các từ này." in none


def test_another_agency_never_sees_the_paper(client, birth_paper, officer_chi):
    client.force_login(officer_chi)
    html = client.get(PAGE, {"q": "Nguyễn Thị Hương"}).content.decode()
    assert "Số giấy tờ tìm thấy: 0" in html
    assert "Giấy khai sinh" not in html
    dossier = birth_paper.dossier
    assert client.get(f"/mot-cua/ho-so/{dossier.code}/").status_code == 404
    assert client.get(f"/mot-cua/ho-so/{dossier.code}/giay-to/{birth_paper.pk}/").status_code == 404


def test_a_citizen_gets_403_and_a_visitor_signs_in_first(client, birth_paper, citizen_an):
    response = client.get(PAGE, {"q": "Hương"})
    assert response.status_code == 302
    assert response["Location"].startswith("/mot-cua/dang-nhap/?next=")
    client.force_login(citizen_an)
    assert client.get(PAGE, {"q": "Hương"}).status_code == 403


def test_a_query_without_a_word_of_two_letters_is_explained(client, officer_binh):
    client.force_login(officer_binh)
    html = client.get(PAGE, {"q": "a ?"}).content.decode()
    assert 'class="error-summary"' in html
    assert '<a href="#id_q">Nhập ít nhất một từ có từ 2 chữ cái trở lên.</a>' in html
    assert 'value="a ?"' in html  # what the officer typed stays in the box


def test_the_empty_page_shows_only_the_form(client, officer_binh):
    client.force_login(officer_binh)
    html = client.get(PAGE).content.decode()
    assert "Từ cần tìm trong giấy tờ" in html
    assert "error-summary" not in html
    assert "Số giấy tờ tìm thấy" not in html


def test_the_api_lists_hits_with_the_snippet_and_where_the_words_are(
    client, birth_paper, officer_binh
):
    client.force_login(officer_binh)
    response = client.get(API, {"q": "nguyen thi huong"})
    assert response.status_code == 200
    data = response.json()
    assert (data["count"], data["page"], data["page_size"]) == (1, 1, 20)
    item = data["items"][0]
    dossier = birth_paper.dossier
    assert (item["dossier"], item["reference"], item["paper_id"], item["paper_name"]) == (
        dossier.code,
        dossier.reference,
        birth_paper.pk,
        "Giấy khai sinh",
    )
    assert [item["snippet"][h["start"] : h["end"]] for h in item["highlights"]] == [
        "Nguyễn Thị Hương",
        "Nguyên",
    ]
    assert item["recognised"] is False
    assert item["file_url"] == f"/mot-cua/ho-so/{dossier.code}/giay-to/{birth_paper.pk}/"


def test_the_api_leaves_out_another_agencys_papers(client, birth_paper, officer_chi):
    client.force_login(officer_chi)
    data = client.get(API, {"q": "nguyen thi huong"}).json()
    assert (data["items"], data["count"]) == ([], 0)


def test_the_api_refuses_citizens_visitors_and_queries_without_a_word(
    client, birth_paper, citizen_an, officer_binh
):
    assert client.get(API, {"q": "huong"}).status_code == 401
    client.force_login(citizen_an)
    assert client.get(API, {"q": "huong"}).status_code == 403
    client.force_login(officer_binh)
    refused = client.get(API, {"q": "a"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "q"
    assert client.get(API).status_code == 422


def test_the_api_reads_a_page_in_a_fixed_number_of_queries(
    client: Client, birth_paper, officer_binh, django_assert_max_num_queries
):
    client.force_login(officer_binh)
    with django_assert_max_num_queries(12):
        assert client.get(API, {"q": "khai"}).json()["count"] == 2
