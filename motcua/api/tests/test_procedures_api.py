import pytest

pytestmark = pytest.mark.usefixtures("demo_catalog")


def test_it_finds_a_procedure_without_accents(client):
    body = client.get("/api/v1/procedures?q=dang%20ky%20khai%20sinh").json()

    codes = [item["code"] for item in body["items"]]
    assert "1.001193" in codes
    assert set(body) == {"items", "count", "page", "page_size"}
    assert body["page"] == 1


def test_it_matches_d_and_đ_alike(client):
    with_d = client.get("/api/v1/procedures?q=dang%20ky").json()["count"]
    with_đ = client.get("/api/v1/procedures?q=%C4%91%C4%83ng%20k%C3%BD").json()["count"]

    assert with_d == with_đ > 0


def test_it_filters_by_online_level_and_agency(client):
    full = client.get("/api/v1/procedures?online_level=full").json()["items"]
    police = client.get("/api/v1/procedures?agency=000.02.31.H19").json()["items"]

    assert full
    assert all(item["online_level"] == "full" for item in full)
    assert "1.004222" in [item["code"] for item in police]


def test_it_answers_422_with_a_readable_message_for_a_bad_filter(client):
    response = client.get("/api/v1/procedures?online_level=sometimes&page=0")

    assert response.status_code == 422
    body = response.json()
    assert body["message"]
    assert {e["field"] for e in body["errors"]} == {"online_level", "page"}


def test_it_gives_a_procedure_with_papers_fees_and_time_limit(client):
    body = client.get("/api/v1/procedures/1.004222").json()

    assert body["code"] == "1.004222"
    assert body["time_limit"] == 7
    assert body["time_limit_unit"] == "working_days"
    assert body["documents"]
    assert {(f["channel"], f["amount"]) for f in body["fees"]} >= {
        ("in-person", 20000),
        ("online", 10000),
    }


def test_it_answers_404_for_a_date_before_any_version(client):
    response = client.get("/api/v1/procedures/1.004222?on=2001-01-01")

    assert response.status_code == 404
    assert "1.004222" in response.json()["message"]


def test_it_answers_404_for_an_unknown_code(client):
    assert client.get("/api/v1/procedures/9.999999").status_code == 404
