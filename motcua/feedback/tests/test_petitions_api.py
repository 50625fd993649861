"""Petitions through /api/v1: the citizen's side, the agency's side, and the public list."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.accounts.models import ApiToken
from motcua.feedback import workflow
from motcua.feedback.models import Petition

from .conftest import send_petition

pytestmark = pytest.mark.usefixtures("demo_catalog")


def bearer(user, scope="write"):
    _token, secret = ApiToken.issue(user, "script", scope)
    return {"Authorization": f"Bearer {secret}"}


def post(client, path, body, headers):
    return client.post(path, body, content_type="application/json", headers=headers)


def test_a_citizen_sends_a_petition_and_lists_it(client, decided, citizen_an):
    headers = bearer(citizen_an)
    response = post(
        client,
        "/api/v1/petitions",
        {"subject": "Chậm trả", "content": "Trả chậm 3 ngày.", "dossier": decided.code},
        headers,
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["state"], body["dossier"], body["agency"]["code"]) == (
        "submitted",
        decided.reference,
        decided.competent_agency.code,
    )
    assert body["answer_due_at"].endswith("17:00:00+07:00")
    listing = client.get("/api/v1/petitions", headers=headers).json()
    assert set(listing) == {"items", "count", "page", "page_size"}
    assert [p["reference"] for p in listing["items"]] == [body["reference"]]
    one = client.get(f"/api/v1/petitions/{body['reference']}", headers=headers).json()
    assert [e["event"] for e in one["timeline"]] == ["submit"]


def test_validation_and_foreign_dossiers(client, decided, citizen_an, citizen_binh_b):
    empty = post(client, "/api/v1/petitions", {"subject": "x", "content": ""}, bearer(citizen_an))
    assert empty.status_code == 422

    foreign = post(
        client,
        "/api/v1/petitions",
        {"subject": "x", "content": "y", "dossier": decided.reference},
        bearer(citizen_binh_b),
    )
    assert foreign.status_code == 404

    unknown = post(
        client,
        "/api/v1/petitions",
        {"subject": "x", "content": "y", "procedure": "9.999999"},
        bearer(citizen_an),
    )
    assert unknown.status_code == 422
    assert not Petition.objects.exists()


def test_the_agency_asks_the_citizen_adds_the_agency_answers_and_publishes(
    client, decided, citizen_an, officer_binh, time_machine
):
    ref = send_petition(citizen_an, decided, when="2026-03-09 09:00").reference
    time_machine.move_to("2026-03-10 09:00 +0700", tick=False)
    officer, citizen = bearer(officer_binh), bearer(citizen_an)

    asked = post(
        client, f"/api/v1/petitions/{ref}/request-more", {"question": "Số biên nhận?"}, officer
    )
    assert (asked.status_code, asked.json()["state"]) == (200, "more-info-requested")
    assert asked.json()["on_time"]["more_info"] is True
    added = post(client, f"/api/v1/petitions/{ref}/information", {"text": "0001"}, citizen)
    assert added.json()["state"] == "submitted"
    answered = post(client, f"/api/v1/petitions/{ref}/answer", {"text": "Đã xử lý."}, officer)
    assert answered.json()["answered_at"] is not None
    published = post(client, f"/api/v1/petitions/{ref}/publish", {}, officer)
    assert published.json()["state"] == "published"

    again = post(client, f"/api/v1/petitions/{ref}/publish", {}, officer)
    assert again.status_code == 409


def test_officer_chi_of_another_agency_gets_404(client, decided, citizen_an, officer_chi):
    ref = send_petition(citizen_an, decided).reference

    for action, body in (
        ("refuse", {"reason": "x"}),
        ("request-more", {"question": "x"}),
        ("answer", {"text": "x"}),
        ("publish", {}),
    ):
        response = post(client, f"/api/v1/petitions/{ref}/{action}", body, bearer(officer_chi))
        assert response.status_code == 404
    assert client.get(f"/api/v1/petitions/{ref}", headers=bearer(officer_chi)).status_code == 404
    assert Petition.objects.get(reference=ref).state == "submitted"


def test_a_citizen_cannot_act_for_the_agency(client, decided, citizen_an):
    ref = send_petition(citizen_an, decided).reference

    response = post(
        client, f"/api/v1/petitions/{ref}/answer", {"text": "Tự trả lời"}, bearer(citizen_an)
    )

    assert response.status_code == 404


def test_citizen_b_gets_404_on_citizen_as_petition(
    client, decided, citizen_an, citizen_binh_b, officer_binh
):
    petition = send_petition(citizen_an, decided)
    workflow.answer(petition, officer_binh, "Đã xử lý.")
    other = bearer(citizen_binh_b)

    assert client.get(f"/api/v1/petitions/{petition.reference}", headers=other).status_code == 404
    for action, body in (
        ("information", {"text": "x"}),
        ("reaction", {"reaction": "like"}),
        ("follow-up", {"content": "x"}),
    ):
        response = post(client, f"/api/v1/petitions/{petition.reference}/{action}", body, other)
        assert response.status_code == 404
    assert client.get("/api/v1/petitions", headers=other).json()["count"] == 0


def test_a_reaction_once_and_a_follow_up(client, decided, citizen_an, officer_binh):
    petition = send_petition(citizen_an, decided)
    citizen = bearer(citizen_an)
    early = post(
        client, f"/api/v1/petitions/{petition.reference}/reaction", {"reaction": "like"}, citizen
    )
    assert early.status_code == 409
    workflow.answer(petition, officer_binh, "Đã xử lý.")

    liked = post(
        client, f"/api/v1/petitions/{petition.reference}/reaction", {"reaction": "like"}, citizen
    )
    assert (liked.json()["likes"], liked.json()["my_reaction"]) == (1, "like")
    assert (
        post(
            client,
            f"/api/v1/petitions/{petition.reference}/reaction",
            {"reaction": "dislike"},
            citizen,
        ).status_code
        == 409
    )

    follow = post(
        client,
        f"/api/v1/petitions/{petition.reference}/follow-up",
        {"content": "Chưa thỏa đáng."},
        citizen,
    )
    assert follow.status_code == 201
    assert follow.json()["follows"] == petition.reference
    first = client.get(f"/api/v1/petitions/{petition.reference}", headers=citizen).json()
    assert first["follow_ups"] == [follow.json()["reference"]]


def test_the_published_list_is_public_and_holds_no_personal_data(
    client, decided, citizen_an, officer_binh
):
    petition = send_petition(citizen_an, decided, content="Tôi là Nguyễn Văn An.")
    workflow.answer(petition, officer_binh, "Đã xử lý.")
    workflow.publish(petition, officer_binh, "Công dân phản ánh hồ sơ trả chậm.")

    response = client.get("/api/v1/petitions/published")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["content"] == "Công dân phản ánh hồ sơ trả chậm."
    assert set(item) == {
        "reference",
        "subject",
        "content",
        "answer",
        "agency",
        "procedure",
        "received_on",
        "answered_at",
        "published_at",
    }
    for personal in ("Nguyễn Văn An", "0912000001", decided.reference, "Phạm Thị Bình"):
        assert personal not in response.content.decode()


def test_the_agencys_staff_list_the_petitions_they_handle(
    client, decided, citizen_an, officer_binh, officer_chi
):
    send_petition(citizen_an, decided)

    assert client.get("/api/v1/petitions", headers=bearer(officer_binh)).json()["count"] == 1
    assert client.get("/api/v1/petitions", headers=bearer(officer_chi)).json()["count"] == 0


def test_the_list_takes_as_many_queries_for_three_petitions_as_for_one(
    client, decided, citizen_an, officer_binh, django_assert_max_num_queries
):
    headers = bearer(citizen_an)
    first = send_petition(citizen_an, decided)
    workflow.answer(first, officer_binh, "Đã xử lý.")
    workflow.react(first, citizen_an, "like")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/petitions", headers=headers)
    for _ in range(2):
        send_petition(citizen_an, decided)

    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get("/api/v1/petitions", headers=headers).json()
    assert body["count"] == 3


def test_d10_the_petitioner_sees_the_agency_not_the_officer_who_answered(
    client, decided, citizen_an, officer_binh
):
    petition = send_petition(citizen_an, decided)
    workflow.answer(petition, officer_binh, "Đã xử lý.")
    url = f"/api/v1/petitions/{petition.reference}"

    mine = client.get(url, headers=bearer(citizen_an)).json()["timeline"]
    theirs = client.get(url, headers=bearer(officer_binh)).json()["timeline"]

    answered = next(e for e in mine if e["event"] == "answer")
    assert answered["by"].startswith("Cán bộ ")
    assert "Phạm Thị Bình" not in str(mine)
    assert next(e for e in theirs if e["event"] == "answer")["by"] == "Phạm Thị Bình"
    assert mine[0]["by"] == "Nguyễn Văn An"
