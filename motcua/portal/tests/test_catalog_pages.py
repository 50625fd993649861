import pytest
import time_machine

pytestmark = pytest.mark.usefixtures("demo_catalog")


def test_the_home_page_offers_search_and_sectors(client):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'action="/thu-tuc/"' in html
    assert "Hộ tịch" in html


def test_search_finds_khai_sinh_typed_without_accents(client):
    html = client.get("/thu-tuc/?q=dang+ky+khai+sinh").content.decode()

    assert "/thu-tuc/1.001193/" in html


def test_search_filters_by_sector(client):
    html = client.get("/thu-tuc/?sector=chung-thuc").content.decode()

    assert "/thu-tuc/2.000815/" in html
    assert "/thu-tuc/1.004222/" not in html


def test_a_bad_filter_is_ignored_with_a_message(client):
    response = client.get("/thu-tuc/?level=galaxy")

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


@time_machine.travel("2026-02-13 09:00 +0700", tick=False)
def test_the_procedure_page_says_when_the_result_would_be_due(client):
    html = client.get("/thu-tuc/1.004222/").content.decode()

    # 7 working days after Friday 13/2/2026, across Tết (16–20/2): Tuesday 3/3/2026.
    assert "3/3/2026" in html
    assert "17:00" in html


def test_the_procedure_page_marks_unconfirmed_values(client):
    html = client.get("/thu-tuc/1.001612/").content.decode()

    assert "badge-unconfirmed" in html


def test_an_unknown_procedure_is_404(client):
    assert client.get("/thu-tuc/9.999999/").status_code == 404


def test_text_size_is_remembered_in_a_cookie(client):
    response = client.post("/co-chu/", {"size": "larger", "next": "/thu-tuc/"})

    assert response.status_code == 302
    assert response["Location"] == "/thu-tuc/"
    assert 'class="ts-2"' in client.get("/").content.decode()


def test_text_size_never_redirects_off_site(client):
    response = client.post("/co-chu/", {"size": "larger", "next": "https://evil.example/"})

    assert response["Location"] == "/"
