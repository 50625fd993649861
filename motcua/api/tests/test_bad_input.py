"""Bad input answers 4xx with a readable message, never 500 (security review D7, D12)."""

from __future__ import annotations

import uuid

import pytest

from motcua.accounts.models import ApiToken
from motcua.dossiers.tests.factories import walk_in

pytestmark = pytest.mark.django_db

# The review's eight endpoints, with its own huge page numbers.
HUGE_PAGES = [
    "/api/v1/agencies?page=2432902008176640000",
    "/api/v1/petitions/published?page=77592744538977320960",
    "/api/v1/dossiers?page=4611686018427387904",
    "/api/v1/drafts?page=4611686018427387904",
    "/api/v1/petitions?page=4611686018427387904",
    "/api/v1/papers/search?q=hop+dong&page=4611686018427387904",
    "/api/v1/dossiers/{ref}/payments?page=4611686018427387904",
    "/api/v1/dossiers/{ref}/notes?page=4611686018427387904",
]


@pytest.fixture
def dossier(demo_catalog, counter_cuong, citizen_an):
    return walk_in(counter_cuong, citizen_an, when="2026-03-07 10:00")


def bearer(user) -> dict[str, str]:
    _token, secret = ApiToken.issue(user, "script", "write")
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("url", HUGE_PAGES)
def test_d7_huge_page_number_answers_422_not_500(client, dossier, counter_cuong, url):
    response = client.get(url.format(ref=dossier.reference), headers=bearer(counter_cuong))

    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["page"]


def test_d7_the_last_page_allowed_still_answers(client, dossier, counter_cuong):
    response = client.get("/api/v1/dossiers?page=10000", headers=bearer(counter_cuong))

    assert response.status_code == 200
    assert response.json()["items"] == []


def test_d7_a_huge_page_on_a_page_of_the_site_shows_a_page(client, demo_catalog):
    assert client.get("/thu-tuc/?page=2432902008176640000").status_code == 200
    assert client.get("/thu-tuc/?page=²").status_code == 200  # str.isdigit() says yes


NO_BOUNDARY = {"data": b"x", "content_type": "multipart/form-data"}


def test_d7_multipart_without_boundary_answers_400(client):
    """Anonymous, as in the review."""
    response = client.post("/api/v1/verifications", **NO_BOUNDARY)

    assert response.status_code == 400
    assert response.json()["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/dossiers",
        "/api/v1/dossiers/{ref}/result",
        "/api/v1/dossiers/{ref}/supplement",
        f"/api/v1/drafts/{uuid.UUID(int=1)}/papers",
    ],
)
def test_d7_multipart_without_boundary_answers_400_on_every_upload(
    client, dossier, citizen_an, path
):
    response = client.post(
        path.format(ref=dossier.reference), headers=bearer(citizen_an), **NO_BOUNDARY
    )

    assert response.status_code == 400, response.content
    assert response.json()["message"]


def test_d7_multipart_without_boundary_through_a_session_answers_400(client, citizen_an):
    client.force_login(citizen_an)

    response = client.post("/api/v1/dossiers", **NO_BOUNDARY)

    assert response.status_code == 400, response.content
    assert response.json()["message"]


def test_d7_a_broken_multipart_body_on_a_page_answers_a_plain_400(client):
    response = client.post("/dang-nhap/", **NO_BOUNDARY)

    assert response.status_code == 400


def test_d12_body_over_cap_refused_before_reading(client, settings):
    settings.REQUEST_MAX_BYTES = 1000

    class Unreadable:
        """A body that fails the test if anything reads it."""

        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    response = client.generic(
        "POST",
        "/api/v1/verifications",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH="300000000",
        **{"wsgi.input": Unreadable()},
    )

    assert response.status_code == 413
    assert response.json()["message"]


def test_d12_a_page_refuses_a_body_over_the_cap_too(client, settings):
    settings.REQUEST_MAX_BYTES = 1000

    response = client.post("/dang-nhap/", {"password": "x" * 2000})

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain")


def test_d12_a_chunked_body_without_length_is_refused(client):
    response = client.generic(
        "POST", "/api/v1/verifications", b"", HTTP_TRANSFER_ENCODING="chunked", CONTENT_LENGTH=""
    )

    assert response.status_code == 411


def test_d12_a_body_under_the_cap_goes_through(client, settings):
    settings.REQUEST_MAX_BYTES = 100_000

    response = client.post("/api/v1/verifications", {"file": b""})

    assert response.status_code != 413
