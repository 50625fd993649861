"""Public statistics /thong-ke/ and their open data: no log-in, no personal data (issue 7 §4)."""

from __future__ import annotations

import csv
import io
import json

import pytest
import time_machine

from motcua.dossiers.tests.factories import at, online, walk_in
from motcua.reports.folding import rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(demo_catalog, counter_cuong, citizen_an):
    """Two dossiers received in March 2026, one online, one at the counter."""
    with time_machine.travel(at("2026-03-02 08:00"), tick=False):
        made = [online(citizen_an), walk_in(counter_cuong, citizen_an)]
        made[0].apply("receive", by=counter_cuong, at=at("2026-03-02 10:00"))
    rebuild()
    for dossier in made:
        dossier.refresh_from_db()
    return made


@pytest.fixture(autouse=True)
def _april_2026():
    with time_machine.travel(at("2026-04-10 10:00"), tick=False):
        yield


def personal_data(citizen) -> list[str]:
    return [citizen.full_name, citizen.id_number, citizen.phone, citizen.email]


def test_anyone_sees_the_headline_figures_without_signing_in(client, march, citizen_an):
    response = client.get("/thong-ke/?period=2026-03")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tỷ lệ hồ sơ TTHC xử lý trực tuyến" in page
    assert "50.0%" in page  # one of the two dossiers came online
    assert 'role="img"' in page
    assert 'id="headlines-chart"' in page
    for value in [*personal_data(citizen_an), *(d.code for d in march), march[0].reference]:
        assert value not in page
    assert 'href="/thong-ke/du-lieu.csv?period=2026-03"' in page


def test_the_open_data_csv_holds_counts_and_ratios_only(client, march, citizen_an):
    response = client.get("/thong-ke/du-lieu.csv?period=2026-03")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    online_row = next(r for r in rows if r["code"] == "ONLINE_DOSSIERS")
    assert online_row == {
        "period": "2026-03",
        "code": "ONLINE_DOSSIERS",
        "name": "Tỷ lệ hồ sơ TTHC xử lý trực tuyến",
        "numerator": "1",
        "denominator": "2",
        "ratio_percent": "50.0",
        "score": "",
        "max_score": "",
        "note": "chưa nhân hệ số đồng bộ của Quyết định 766",
    }
    for value in [*personal_data(citizen_an), *(d.code for d in march)]:
        assert value not in body


def test_the_open_data_json_gives_numbers_and_the_period(client, march):
    response = client.get("/thong-ke/du-lieu.json?period=2026-03")
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)
    assert document["period"] == {"label": "2026-03", "start": "2026-03-01", "end": "2026-03-31"}
    found = {i["code"]: i for i in document["indicators"]}
    assert found["ONLINE_DOSSIERS"]["ratio_percent"] == 50.0
    assert found["ONLINE_DOSSIERS"]["denominator"] == 2


def test_a_period_with_nothing_received_is_not_measured_never_zero(client, demo_catalog):
    page = client.get("/thong-ke/?period=2025-01").content.decode()
    assert "Chưa đo được" in page
    assert "0.0%" not in page
    document = json.loads(client.get("/thong-ke/du-lieu.json?period=2025-01").content)
    assert {i["ratio_percent"] for i in document["indicators"]} == {None}


def test_the_index_is_shown_as_a_score_out_of_100(client, march):
    document = json.loads(client.get("/thong-ke/du-lieu.json?period=2026-03").content)
    total = next(i for i in document["indicators"] if i["code"] == "total")
    assert total["ratio_percent"] is None
    assert 0 < total["score"] <= 100
    assert total["max_score"] == 100
    page = client.get("/thong-ke/?period=2026-03").content.decode()
    assert f"{total['score']:.2f} / 100" in page


def test_a_period_that_does_not_parse_is_explained(client, demo_catalog):
    response = client.get("/thong-ke/?period=tháng ba")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_period"' in page
    assert 'value="tháng ba"' in page
    assert client.get("/thong-ke/du-lieu.csv?period=x").status_code == 400
    assert client.get("/thong-ke/du-lieu.json?period=x").status_code == 400


def test_every_portal_page_links_the_statistics_in_its_footer(client, db):
    assert 'href="/thong-ke/"' in client.get("/").content.decode()
