"""GET /api/v1/me/notifications: the messages about the caller's own dossiers, and only those."""

from __future__ import annotations

import pytest

from motcua.dossiers.tests.factories import walk_in
from motcua.notifications.models import Notification
from motcua.notifications.sending import send

pytestmark = pytest.mark.usefixtures("demo_catalog")

API = "/api/v1/me/notifications"


@pytest.fixture
def received(committed, counter_cuong, citizen_an):
    with committed():
        return walk_in(counter_cuong, citizen_an)


def test_the_applicant_lists_the_messages_of_their_dossier(client, received, citizen_an):
    client.force_login(citizen_an)
    body = client.get(API).json()
    assert (body["page"], body["page_size"]) == (1, 20)
    receipt = [i for i in body["items"] if i["kind"] == "received"]
    assert len(receipt) == 2  # in-app and SMS (the fees asked at receipt have their own)
    item = {i["channel"]: i for i in receipt}["sms"]
    assert (item["dossier"], item["code"], item["kind"]) == (
        received.reference,
        received.code,
        "received",
    )
    assert item["state"] == "delivered"
    assert item["subject"] == f"Đã tiếp nhận hồ sơ {received.code}"


def test_it_filters_by_dossier_and_state(client, received, citizen_an):
    client.force_login(citizen_an)
    everything = client.get(API).json()["count"]
    assert client.get(API, {"dossier": received.code}).json()["count"] == everything
    assert client.get(API, {"dossier": "HS-KHAC"}).json()["count"] == 0
    assert client.get(API, {"state": "failed"}).json()["count"] == 0
    assert client.get(API, {"state": "delivered"}).json()["count"] == everything
    assert client.get(API, {"state": "nonsense"}).status_code == 422


def test_nobody_else_sees_them_and_officers_reminders_stay_out(
    client, received, citizen_an, officer_binh, volunteer_bao
):
    send(
        channel="in_app",
        to=str(officer_binh.pk),
        user=officer_binh,
        template="dossier_received",
        context={"code": "X"},
        dossier=received,
    )
    client.force_login(volunteer_bao)
    assert client.get(API).json()["count"] == 0
    client.force_login(officer_binh)
    assert client.get(API).json()["count"] == 0  # about a dossier, but not theirs
    assert Notification.objects.filter(dossier=received, user=officer_binh).count() == 1


def test_it_needs_a_signed_in_caller(client):
    assert client.get(API).status_code == 401
