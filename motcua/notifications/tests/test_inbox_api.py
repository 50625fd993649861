"""GET /api/v1/me/inbox and POST /api/v1/me/inbox/{id}/read: the caller's own messages only."""

from __future__ import annotations

import pytest
import time_machine

from motcua.accounts.models import ApiToken, User
from motcua.dossiers.tests.factories import walk_in
from motcua.notifications.models import InAppMessage

pytestmark = pytest.mark.usefixtures("demo_catalog")

API = "/api/v1/me/inbox"


@pytest.fixture
def received(committed, counter_cuong, citizen_an):
    with committed():
        return walk_in(counter_cuong, citizen_an)


@pytest.fixture
def receipt(received, citizen_an) -> InAppMessage:
    return InAppMessage.objects.get(user=citizen_an, subject__startswith="Đã tiếp nhận")


def bearer(user: User, scope: str = "write") -> dict[str, str]:
    _token, secret = ApiToken.issue(user, "script", scope)
    return {"Authorization": f"Bearer {secret}"}


def test_the_applicant_lists_their_messages_with_the_dossier_and_read_at(
    client, citizen_an, received, receipt
):
    client.force_login(citizen_an)

    body = client.get(API).json()

    assert set(body) == {"items", "count", "page", "page_size"}
    assert (body["count"], body["page"], body["page_size"]) == (
        InAppMessage.objects.filter(user=citizen_an).count(),
        1,
        20,
    )
    item = next(i for i in body["items"] if i["id"] == receipt.pk)
    assert item["subject"] == f"Đã tiếp nhận hồ sơ {received.code}"
    assert (item["dossier"], item["read_at"]) == (received.reference, None)
    assert item["created_at"].endswith("+07:00")


@time_machine.travel("2026-03-03 08:00 +0700", tick=False)
def test_marking_one_read_keeps_the_first_time(client, citizen_an, receipt):
    headers = bearer(citizen_an)

    first = client.post(f"{API}/{receipt.pk}/read", headers=headers)
    with time_machine.travel("2026-03-04 08:00 +0700", tick=False):
        again = client.post(f"{API}/{receipt.pk}/read", headers=headers)

    assert first.status_code == again.status_code == 200
    assert first.json()["read_at"] == again.json()["read_at"] == "2026-03-03T08:00:00+07:00"
    unread = client.get(API, {"unread": "true"}, headers=headers).json()["items"]
    assert receipt.pk not in [i["id"] for i in unread]


def test_marking_all_read(client, citizen_an, received):
    client.force_login(citizen_an)
    unread = InAppMessage.objects.filter(user=citizen_an, read_at=None).count()

    response = client.post(f"{API}/read")

    assert response.json() == {"marked": unread}
    assert client.get(API, {"unread": "true"}).json()["count"] == 0


def test_another_persons_message_answers_404(client, officer_chi, volunteer_bao, receipt):
    for user in (officer_chi, volunteer_bao):
        response = client.post(f"{API}/{receipt.pk}/read", headers=bearer(user))
        assert response.status_code == 404
        assert response.json()["message"] == "Không tìm thấy, hoặc bạn không có quyền xem."
        assert client.get(API, headers=bearer(user)).json()["count"] == 0
    receipt.refresh_from_db()
    assert receipt.read_at is None


def test_a_read_only_token_reads_but_does_not_mark(client, citizen_an, receipt):
    headers = bearer(citizen_an, scope="read")

    assert client.get(API, headers=headers).status_code == 200
    assert client.post(f"{API}/{receipt.pk}/read", headers=headers).status_code == 403
    assert client.post(f"{API}/read", headers=headers).status_code == 403


def test_it_needs_a_signed_in_caller_and_checks_its_filters(client, citizen_an):
    assert client.get(API).status_code == 401
    assert client.post(f"{API}/1/read").status_code == 401
    client.force_login(citizen_an)
    assert client.get(API, {"page": 0}).status_code == 422


def test_the_list_reads_in_a_fixed_number_of_queries(
    client, citizen_an, received, django_assert_max_num_queries
):
    client.force_login(citizen_an)
    with django_assert_max_num_queries(5):
        assert client.get(API).status_code == 200
