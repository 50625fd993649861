"""Anyone can follow a dossier by its code or reference, and learns nothing personal."""

import pytest

from motcua.dossiers.tests.factories import at, online, walk_in

pytestmark = pytest.mark.usefixtures("demo_catalog")


@pytest.fixture
def dossier(counter_cuong, citizen_an):
    return walk_in(counter_cuong, citizen_an, when="2026-03-07 10:00")


def test_the_page_finds_a_dossier_by_its_code_without_personal_data(client, dossier):
    html = client.get("/tra-cuu/?ma=000.01.31.h19-260307-0001").content.decode()

    assert "Đăng ký thường trú" in html
    assert "Đã tiếp nhận" in html
    assert "18/3/2026" in html
    assert "Nguyễn Văn An" not in html


def test_the_page_finds_an_online_dossier_by_its_reference(client, citizen_an):
    dossier = online(citizen_an)

    html = client.get(f"/tra-cuu/?ma={dossier.reference}").content.decode()

    assert "Mới đăng ký, chờ tiếp nhận" in html


def test_an_unknown_code_is_explained(client, dossier):
    response = client.get("/tra-cuu/?ma=000.01.31.H19-260307-9999")

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_lookups_are_rate_limited_per_address(client, dossier, settings):
    settings.LOOKUP_RATE = (2, 600)
    for _ in range(2):
        assert client.get(f"/tra-cuu/?ma={dossier.code}").status_code == 200

    assert client.get(f"/tra-cuu/?ma={dossier.code}").status_code == 429


def test_the_api_answers_the_same_public_view(client, dossier, counter_cuong):
    dossier.apply(
        "forward",
        by=counter_cuong,
        at=at("2026-03-09 08:00"),
        agency_id=dossier.competent_agency_id,
    )

    body = client.get(f"/api/v1/lookup/{dossier.reference}").json()

    assert body["code"] == "000.01.31.H19-260307-0001"
    assert (body["status"], body["status_label"]) == (4, "Đang xử lý")
    assert [s["agency"] for s in body["steps"]] == [
        "Trung tâm Phục vụ hành chính công Phường Phan Đình Phùng",
        "Ủy ban nhân dân Phường Phan Đình Phùng",
    ]
    assert "applicant_name" not in body


def test_the_api_answers_404_and_429(client, dossier, settings):
    assert client.get("/api/v1/lookup/N000000-XXXXXX").status_code == 404
    settings.LOOKUP_RATE = (0, 600)
    response = client.get(f"/api/v1/lookup/{dossier.reference}")
    assert response.status_code == 429
    assert response.json()["message"]
