import pytest

pytestmark = pytest.mark.usefixtures("demo_agencies")


def test_it_lists_agencies_in_the_envelope(client):
    body = client.get("/api/v1/agencies?level=commune&kind=service-centre").json()

    assert body["count"] == 5
    assert all(item["receives_province_wide"] for item in body["items"])


def test_it_shows_an_agency_with_its_departments_and_units(client):
    body = client.get("/api/v1/agencies/000.00.11.H19").json()

    assert body["name"] == "Sở Tư pháp tỉnh Thái Nguyên"
    assert body["code_is_demo"] is True
    assert [c["code"] for c in body["children"]] == ["000.01.11.H19"]
    assert body["units_served"][0]["code"] == "19"


def test_it_answers_404_for_an_unknown_agency(client):
    response = client.get("/api/v1/agencies/000.00.99.H19")

    assert response.status_code == 404
    assert "000.00.99.H19" in response.json()["message"]
