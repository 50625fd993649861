"""Query-count baselines of the hot pages and API lists (issue 16 §4): each reads a fixed
number of queries however many dossiers it lists, and no more than its baseline. A change that
adds a query per row, or a query per page, fails here; raise a baseline only on purpose."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from motcua.accounts.models import ApiToken, User
from motcua.dossiers.tests.factories import at

from .conftest import forwarded_to_binh

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_catalog")]

# url → the most queries it may take, the second time it is read (measured 2026-12-08, the
# same on SQLite and PostgreSQL).
OFFICER_PAGES = {
    "/mot-cua/hang-doi/mine/": 12,
    "/mot-cua/hang-doi/team/": 11,
    "/api/v1/dossiers": 8,
    "/api/v1/queues/mine": 9,
}
CITIZEN_LIST = 3  # /api/v1/dossiers with a citizen's token
DASHBOARD = ("/mot-cua/bao-cao/", 31)
DOSSIER_PAGE = 40
CATALOG_SEARCH = ("/thu-tuc/?q=dang+ky", 2)


def counted(client: Client, url: str, **headers: Any) -> int:
    """The queries of a second request: the first fills the per-process memos (agency trees,
    the session's user) as a running server has them filled."""
    client.get(url, **headers)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def officer_binh_with(count: int, counter: User, binh: User, applicant: User) -> Client:
    with time_machine.travel(at("2026-03-02 08:00"), tick=False):
        for _ in range(count):
            forwarded_to_binh(counter, binh, applicant)
    client = Client()
    client.force_login(binh)
    return client


@pytest.mark.parametrize("url", list(OFFICER_PAGES))
def test_an_officer_list_reads_as_many_queries_for_six_dossiers_as_for_one(
    url, counter_cuong, officer_binh, citizen_an
):
    client = officer_binh_with(1, counter_cuong, officer_binh, citizen_an)
    one = counted(client, url)
    officer_binh_with(5, counter_cuong, officer_binh, citizen_an)
    six = counted(client, url)
    assert six == one
    assert six <= OFFICER_PAGES[url]


def test_the_citizen_list_of_the_api_reads_a_fixed_number_of_queries(
    counter_cuong, officer_binh, citizen_an
):
    _token, secret = ApiToken.issue(citizen_an, "script", "read")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    officer_binh_with(1, counter_cuong, officer_binh, citizen_an)
    one = counted(Client(), "/api/v1/dossiers", **bearer)
    officer_binh_with(5, counter_cuong, officer_binh, citizen_an)
    assert counted(Client(), "/api/v1/dossiers", **bearer) == one <= CITIZEN_LIST


def test_the_officer_dossier_page_stays_within_its_baseline(binh_dossier, officer_binh):
    client = Client()
    client.force_login(officer_binh)
    assert counted(client, f"/mot-cua/ho-so/{binh_dossier.code}/") <= DOSSIER_PAGE


def test_the_dashboard_stays_within_its_baseline(binh_dossier, leader_dung):
    client = Client()
    client.force_login(leader_dung)
    url, baseline = DASHBOARD
    assert counted(client, url) <= baseline


def test_the_catalog_search_stays_within_its_baseline(client):
    url, baseline = CATALOG_SEARCH
    assert counted(client, url) <= baseline
