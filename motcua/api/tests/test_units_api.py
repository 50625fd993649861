"""GET /api/v1/units/{level}/{code} and /api/v1/units/provinces/{code}/communes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries, DjangoDbBlocker

from motcua.api.units import UnitLevel
from motcua.units.choices import Level
from motcua.units.loading import LoadReport
from motcua.units.tests.fixtures import register_loaded

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("register")]


@pytest.fixture(scope="module")
def register(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[LoadReport]:
    with register_loaded(django_db_blocker) as report:
        yield report


def test_it_answers_old_bac_kan_with_its_successor_before_the_merger(client: Client) -> None:
    response = client.get("/api/v1/units/province/06?on=2025-06-01")

    assert response.status_code == 200
    assert response.json() == {
        "level": "province",
        "code": "06",
        "name": "Tỉnh Bắc Kạn",
        "division_type": "tỉnh",
        "scheme": "before-2025",
        "valid_from": None,
        "valid_until": "2025-06-30",
        "parent": None,
        "successors": [
            {
                "level": "province",
                "code": "19",
                "name": "Tỉnh Thái Nguyên",
                "division_type": "tỉnh",
                "scheme": "2025",
                "valid_from": "2025-07-01",
                "valid_until": None,
                "partly": False,
            }
        ],
        "predecessors": [],
    }


def test_it_answers_phuong_bac_kan_with_its_predecessors_after_the_merger(
    client: Client,
) -> None:
    response = client.get("/api/v1/units/commune/01843?on=2026-01-01")

    body = response.json()
    assert response.status_code == 200
    assert (body["name"], body["scheme"], body["valid_from"]) == (
        "Phường Bắc Kạn",
        "2025",
        "2025-07-01",
    )
    assert body["parent"]["code"] == "19"
    assert body["successors"] == []
    assert [(p["code"], p["scheme"], p["partly"]) for p in body["predecessors"]] == [
        ("01837", "before-2025", False),
        ("01843", "before-2025", False),
        ("01852", "before-2025", False),
        ("01855", "before-2025", False),
    ]


def test_it_lists_the_successors_of_a_split_commune_in_register_order(client: Client) -> None:
    body = client.get("/api/v1/units/commune/5467?on=2025-01-01").json()

    assert body["parent"]["code"] == "164"
    assert [(s["code"], s["name"], s["partly"]) for s in body["successors"]] == [
        ("05467", "Phường Gia Sàng", True),
        ("05500", "Phường Tích Lương", True),
    ]


@time_machine.travel("2025-06-15 09:00 +07:00")
def test_it_reads_the_code_on_today_when_no_day_is_given(client: Client) -> None:
    assert client.get("/api/v1/units/province/6").json()["name"] == "Tỉnh Bắc Kạn"


def test_it_answers_404_for_a_district_after_1_7_2025(client: Client) -> None:
    response = client.get("/api/v1/units/district/058?on=2026-01-01")

    assert response.status_code == 404
    assert "1/7/2025" in response.json()["message"]


def test_it_answers_a_district_before_1_7_2025(client: Client) -> None:
    body = client.get("/api/v1/units/district/058?on=2025-06-30").json()

    assert (body["name"], body["parent"]["code"], body["successors"]) == (
        "Thành Phố Bắc Kạn",
        "06",
        [],
    )


def test_it_answers_404_for_an_unknown_code(client: Client) -> None:
    response = client.get("/api/v1/units/province/06?on=2026-01-01")

    assert response.status_code == 404
    assert response.json()["message"].startswith("Không tìm thấy")


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/units/ward/01843", "level"),
        ("/api/v1/units/commune/01-843", "code"),
        ("/api/v1/units/commune/01843?on=2026-02-30", "on"),
    ],
)
def test_it_answers_422_for_a_bad_level_code_or_day(client: Client, url: str, field: str) -> None:
    response = client.get(url)

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_it_lists_the_communes_of_a_province_one_page_at_a_time(client: Client) -> None:
    response = client.get("/api/v1/units/provinces/19/communes?on=2026-01-01&page=2&page_size=50")

    body = response.json()
    assert response.status_code == 200
    assert (body["count"], body["page"], body["page_size"], len(body["items"])) == (92, 2, 50, 42)
    assert {item["scheme"] for item in body["items"]} == {"2025"}


def test_it_lists_the_communes_of_an_old_province_through_its_districts(client: Client) -> None:
    body = client.get("/api/v1/units/provinces/06/communes?on=2025-01-01").json()

    assert body["count"] == 108
    assert body["items"][0]["code"] == "01834"


def test_it_answers_404_for_the_communes_of_an_unknown_province(client: Client) -> None:
    response = client.get("/api/v1/units/provinces/06/communes?on=2026-01-01")

    assert response.status_code == 404


def test_it_answers_a_unit_in_three_queries(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # The unit with its parents, then its successors, then its predecessors.
    with django_assert_num_queries(3):
        client.get("/api/v1/units/commune/01843?on=2025-01-01")


def test_it_documents_both_endpoints_in_the_openapi_schema(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert set(paths["/api/v1/units/{level}/{code}"]["get"]["responses"]) == {"200", "404", "422"}
    assert "/api/v1/units/provinces/{code}/communes" in paths


def test_the_api_levels_are_the_unit_levels() -> None:
    assert [level.value for level in UnitLevel] == Level.values
