"""/api/v1/reports: the KPIs, the Decision 766 index and the drill-downs, as the API gives them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.reports.folding import rebuild
from motcua.reports.tests.handmade import COMMITTEE, build_handmade

NOW = dt.datetime(2026, 4, 10, 3, tzinfo=dt.UTC)
INDICATOR_KEYS = {
    "code",
    "name",
    "numerator",
    "denominator",
    "ratio",
    "score",
    "max_score",
    "note",
    "value",
}


@pytest.fixture(autouse=True)
def _april_2026():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def handmade(demo_agencies, counter_cuong, citizen_an, leader_dung):
    made = build_handmade(counter_cuong, citizen_an, leader_dung)
    rebuild()
    return made


def test_the_kpis_of_the_hand_made_dataset_are_58_50_and_31_6(client, handmade, admin_em):
    client.force_login(admin_em)
    response = client.get("/api/v1/reports/kpis?period=2026-03&scope=province:19")

    assert response.status_code == 200
    body = response.json()
    assert (body["period"], body["from"], body["to"]) == ("2026-03", "2026-03-01", "2026-03-31")
    assert [
        (i["code"], i["numerator"], i["denominator"], i["ratio"]) for i in body["indicators"]
    ] == [
        ("ONLINE_SERVICES_WITH_DOSSIERS", 29, 50, 58.0),
        ("ONLINE_DOSSIERS", 38, 76, 50.0),
        ("DIGITIZED_DOSSIERS", 24, 76, 31.6),
    ]
    assert set(body["indicators"][0]) == INDICATOR_KEYS


def test_from_and_to_dates_work_like_a_period(client, handmade, admin_em):
    client.force_login(admin_em)
    body = client.get("/api/v1/reports/kpis?from=2026-03-01&to=2026-03-31").json()
    assert [i["ratio"] for i in body["indicators"]] == [58.0, 50.0, 31.6]


def test_the_index_has_six_groups_with_their_indicators(client, handmade, leader_dung):
    client.force_login(leader_dung)
    response = client.get(f"/api/v1/reports/index766?period=2026-03&scope=agency:{COMMITTEE}")

    assert response.status_code == 200
    body = response.json()
    assert [g["code"] for g in body["groups"]] == ["1", "2", "3a", "3b", "4", "5"]
    assert body["max_total"] == 100.0
    indicators = {i["code"]: i for g in body["groups"] for i in g["indicators"]}
    assert indicators["ONLINE_DOSSIERS"]["ratio"] is None  # 3.3: no national sync yet
    assert indicators["ONLINE_DOSSIERS"]["note"] == "national portal sync not yet integrated"
    assert indicators["PETITION_PROCESSING_ON_TIME"]["score"] == 6.0  # no petitions
    assert indicators["ELECTRONIC_CERTIFIED_COPY"]["score"] is None
    assert set(indicators["ON_TIME"]) == INDICATOR_KEYS


def test_the_drill_down_lists_the_dossiers_of_the_numerator(client, handmade, leader_dung):
    client.force_login(leader_dung)
    url = f"/api/v1/reports/kpis/DIGITIZED_DOSSIERS/items?period=2026-03&scope=agency:{COMMITTEE}"

    numerator = client.get(url).json()
    denominator = client.get(url + "&part=denominator&page=2").json()

    assert (numerator["count"], numerator["page_size"]) == (24, 50)
    assert numerator["items"][0]["kind"] == "dossier"
    assert numerator["items"][0]["reference"]
    assert (denominator["count"], denominator["page"], len(denominator["items"])) == (76, 2, 26)


def test_a_procedure_based_indicator_lists_procedures(client, handmade, admin_em):
    client.force_login(admin_em)
    body = client.get(
        "/api/v1/reports/kpis/ONLINE_SERVICES_WITH_DOSSIERS/items?period=2026-03&part=denominator"
    ).json()
    assert body["count"] == 50
    assert body["items"][0]["kind"] == "procedure"


def test_officer_chi_of_another_agency_gets_404(client, handmade, officer_chi):
    client.force_login(officer_chi)
    for path in ("kpis", "index766", "kpis/ON_TIME/items"):
        response = client.get(f"/api/v1/reports/{path}?period=2026-03&scope=agency:{COMMITTEE}")
        assert response.status_code == 404, path


def test_a_citizen_gets_403_and_a_visitor_401(client, demo_agencies, citizen_an):
    assert client.get("/api/v1/reports/kpis").status_code == 401
    client.force_login(citizen_an)
    assert client.get("/api/v1/reports/kpis").status_code == 403


def test_a_period_or_scope_it_cannot_read_answers_422_with_a_message(
    client, demo_agencies, admin_em
):
    client.force_login(admin_em)
    for query in (
        "period=2026-13",
        "period=2026&from=2026-01-01",
        "scope=district:1",
        "from=2026-03-09&to=2026-03-01",
    ):
        response = client.get(f"/api/v1/reports/kpis?{query}")
        assert response.status_code == 422, query
        assert response.json()["errors"][0]["message"]
    assert client.get("/api/v1/reports/kpis?scope=agency:000.99.99.H19").status_code == 404
    response = client.get("/api/v1/reports/kpis/PETITION_PROCESSING_ON_TIME/items")
    assert response.status_code == 422
