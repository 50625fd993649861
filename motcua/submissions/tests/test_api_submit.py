"""POST /api/v1/dossiers (one multipart request, Idempotency-Key) and /api/v1/drafts."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import ApiToken, User
from motcua.catalog.models import RequiredDocument
from motcua.documents.repository import get_repository
from motcua.dossiers.models import Dossier
from motcua.submissions.models import Draft, IdempotencyRecord

from .conftest import RENTING, RENTING_CASE, exe, pdf

pytestmark = pytest.mark.django_db


def slots() -> tuple[RequiredDocument, RequiredDocument]:
    docs = RequiredDocument.objects.filter(version__procedure__code="1.004222", group=RENTING_CASE)
    return docs.get(name__startswith="Hợp đồng"), docs.get(name__startswith="Thông tin chứng")


def body(**changes: Any) -> dict[str, Any]:
    contract, area = slots()
    ref = next(
        i.ref for i in get_repository().papers_for("019085001234") if i.title == "Căn cước công dân"
    )
    data = {
        "procedure": "1.004222",
        "agency": "000.02.31.H19",
        "case": RENTING_CASE,
        "answers": json.dumps(RENTING),
        "reuse": json.dumps([{"document": area.pk, "ref": ref}]),
        f"paper_{contract.pk}": pdf(),
    }
    data.update(changes)
    return data


def test_a_complete_dossier_is_submitted_in_one_request(
    an_client: Client, citizen_an: User
) -> None:
    response = an_client.post("/api/v1/dossiers", body(), HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 201, response.content
    data = response.json()
    dossier = Dossier.objects.get(applicant=citizen_an)
    assert data["reference"] == dossier.reference
    assert (data["status"], data["channel"], data["code"]) == (1, 2, None)
    assert [p["reused"] for p in data["papers"]] == [False, True]


def test_a_retry_with_the_same_key_and_body_gets_the_first_answer(an_client: Client) -> None:
    first = an_client.post("/api/v1/dossiers", body(), HTTP_IDEMPOTENCY_KEY="k-2")
    again = an_client.post("/api/v1/dossiers", body(), HTTP_IDEMPOTENCY_KEY="k-2")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert Dossier.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(an_client: Client) -> None:
    an_client.post("/api/v1/dossiers", body(), HTTP_IDEMPOTENCY_KEY="k-3")
    other = an_client.post(
        "/api/v1/dossiers", body(agency="000.02.32.H19"), HTTP_IDEMPOTENCY_KEY="k-3"
    )
    assert other.status_code == 409
    assert "đã được dùng cho một yêu cầu khác" in other.json()["message"]
    assert Dossier.objects.count() == 1


def test_keys_are_per_user(an_client: Client, volunteer_bao: User) -> None:
    an_client.post("/api/v1/dossiers", body(), HTTP_IDEMPOTENCY_KEY="shared")
    assert IdempotencyRecord.objects.get().user.full_name == "Nguyễn Văn An"


def test_wrong_answers_are_listed_by_field_and_nothing_is_kept(an_client: Client) -> None:
    answers = {**RENTING, "so_dinh_danh": "12345", "khong_co": "x"}
    response = an_client.post(
        "/api/v1/dossiers", body(answers=json.dumps(answers)), HTTP_IDEMPOTENCY_KEY="k-4"
    )
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields == ["answers.so_dinh_danh", "answers.khong_co"]
    assert not Draft.objects.exists()
    assert not IdempotencyRecord.objects.exists()


def test_a_refused_file_leaves_no_dossier_and_no_stored_file(an_client: Client) -> None:
    contract, _area = slots()
    response = an_client.post(
        "/api/v1/dossiers", body(**{f"paper_{contract.pk}": exe()}), HTTP_IDEMPOTENCY_KEY="k-5"
    )
    assert response.status_code == 422
    assert "hop-dong.pdf" in response.json()["message"]
    assert not Dossier.objects.exists()
    papers = Path(settings.MEDIA_ROOT) / "papers"
    assert not papers.exists() or not any(p.is_file() for p in papers.rglob("*"))


def test_a_missing_paper_is_named(an_client: Client) -> None:
    contract, _area = slots()
    data = body()
    del data[f"paper_{contract.pk}"]
    response = an_client.post("/api/v1/dossiers", data)
    assert response.status_code == 422
    assert "Hợp đồng" in response.json()["message"]


def test_a_bearer_token_needs_the_write_scope(
    citizen_an: User, demo_forms: None, repository: None
) -> None:
    _token, secret = ApiToken.issue(citizen_an, "đọc", scope="read")
    response = Client().post("/api/v1/dossiers", body(), HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 403


def test_only_a_vneid_verified_account_opens_its_repository(
    an_client: Client, citizen_an: User
) -> None:
    User.objects.filter(pk=citizen_an.pk).update(vneid_verified_at=None)
    response = an_client.post("/api/v1/dossiers", body())
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["reuse.0"]
    assert an_client.get("/api/v1/me/repository").json()["count"] == 0


def test_a_citizen_lists_only_her_own_dossiers(an_client: Client, volunteer_bao: User) -> None:
    an_client.post("/api/v1/dossiers", body())
    assert an_client.get("/api/v1/dossiers").json()["count"] == 1
    other = Client()
    other.force_login(volunteer_bao)
    assert other.get("/api/v1/dossiers").json()["count"] == 0


def test_a_draft_is_filled_step_by_step_through_the_api(an_client: Client) -> None:
    started = an_client.post(
        "/api/v1/drafts", {"procedure": "1.004222"}, content_type="application/json"
    )
    assert started.status_code == 201
    draft = started.json()
    assert draft["answers"]["ho_ten"] == "Nguyễn Văn An"
    url = f"/api/v1/drafts/{draft['id']}"
    patched = an_client.patch(
        url,
        {"answers": {**RENTING, "dien_thoai": "12"}, "case": RENTING_CASE},
        content_type="application/json",
    )
    assert patched.status_code == 422
    assert [e["field"] for e in patched.json()["errors"]] == ["answers.dien_thoai"]
    an_client.patch(url, {"answers": {"dien_thoai": "0912000001"}}, content_type="application/json")
    contract, area = slots()
    uploaded = an_client.post(f"{url}/papers", {"document": contract.pk, "file": pdf()})
    assert uploaded.status_code == 201
    ref = next(i.ref for i in get_repository().papers_for("019085001234"))
    assert (
        an_client.post(
            f"{url}/papers/reuse",
            {"document": area.pk, "ref": ref},
            content_type="application/json",
        ).status_code
        == 201
    )
    assert an_client.get(url).json()["problems"] == []
    submitted = an_client.post(f"{url}/submit")
    assert submitted.status_code == 201
    assert an_client.post(f"{url}/submit").json() == submitted.json()


def test_another_citizen_gets_404_on_a_draft_through_the_api(
    an_client: Client, volunteer_bao: User
) -> None:
    draft = an_client.post(
        "/api/v1/drafts", {"procedure": "1.004222"}, content_type="application/json"
    ).json()
    other = Client()
    other.force_login(volunteer_bao)
    assert other.get(f"/api/v1/drafts/{draft['id']}").status_code == 404
    assert other.post(f"/api/v1/drafts/{draft['id']}/submit").status_code == 404


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; the race needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_submissions_with_one_key_make_one_dossier(
    demo_forms: None, citizen_an: User, repository: None
) -> None:
    User.objects.filter(pk=citizen_an.pk).update(vneid_verified_at=timezone.now())
    _token, secret = ApiToken.issue(citizen_an, "ứng dụng", scope="write")
    answers: list[int] = []
    bodies: list[str] = []
    barrier = threading.Barrier(20)

    def submit_once() -> None:
        client = Client()
        data = body()
        barrier.wait()
        response = client.post(
            "/api/v1/dossiers",
            data,
            HTTP_IDEMPOTENCY_KEY="race",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        answers.append(response.status_code)
        bodies.append(response.json().get("reference", ""))
        connection.close()

    threads = [threading.Thread(target=submit_once) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [201] * 20
    assert Dossier.objects.count() == 1
    assert set(bodies) == {Dossier.objects.get().reference}
