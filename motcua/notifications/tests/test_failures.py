"""A message that failed for good becomes a task of the officers of its dossier: they send it
again, or record how they reached the applicant. Another agency never sees it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from motcua.dossiers.tests.factories import walk_in
from motcua.notifications import channels
from motcua.notifications.models import Notification
from motcua.notifications.sending import deliver_notification
from motcua.outbox.delivery import deliver_batch

pytestmark = pytest.mark.usefixtures("demo_catalog")

LIST = "/mot-cua/thong-bao-loi/"


@pytest.fixture
def failed(settings, committed, counter_cuong, citizen_an) -> Notification:
    """citizen_an's phone cannot be reached: the receipt SMS fails at its last attempt."""
    settings.SMS_STANDIN_FAILING_PREFIX = citizen_an.phone
    with committed():
        walk_in(counter_cuong, citizen_an, when="2026-03-02 09:00")
    row = Notification.objects.get(channel="sms", template="dossier_received")
    assert row.attempts == 1  # the first try, right after the receipt
    Notification.objects.filter(pk=row.pk).update(attempts=7, available_at=timezone.now())
    deliver_batch(Notification, deliver_notification, "worker-test")
    row.refresh_from_db()
    assert row.dead_at is not None
    return row


def page(client, user, url: str = LIST):
    client.force_login(user)
    return client.get(url)


def test_the_competent_agency_sees_the_failure_as_a_task(client, failed, officer_binh):
    response = page(client, officer_binh)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thông báo không gửi được" in html
    assert failed.dossier.code in html
    assert f"{LIST}{failed.pk}/" in html
    detail = page(client, officer_binh, f"{LIST}{failed.pk}/").content.decode()
    assert failed.body in detail
    assert "Undeliverable" in detail


def test_the_counter_that_received_it_sees_it_too(client, failed, counter_cuong):
    assert f"{LIST}{failed.pk}/" in page(client, counter_cuong).content.decode()


def test_the_navigation_counts_the_open_failures(client, failed, officer_binh):
    html = page(client, officer_binh).content.decode()
    assert 'href="/mot-cua/thong-bao-loi/" aria-current="page"' in html
    assert '<span class="badge badge-new">1' in html


def test_another_agency_neither_lists_nor_opens_it(client, failed, officer_chi):
    assert f"{LIST}{failed.pk}/" not in page(client, officer_chi).content.decode()
    assert page(client, officer_chi, f"{LIST}{failed.pk}/").status_code == 404
    assert client.post(f"{LIST}{failed.pk}/gui-lai/").status_code == 404
    assert client.post(f"{LIST}{failed.pk}/da-lien-he/", {"note": "x"}).status_code == 404
    failed.refresh_from_db()
    assert failed.dead_at is not None
    assert failed.resolved_at is None


def test_a_citizen_is_refused_and_a_visitor_signs_in(client, failed, citizen_an):
    assert client.get(LIST).status_code == 302
    assert page(client, citizen_an).status_code == 403
    assert client.post(f"{LIST}{failed.pk}/gui-lai/").status_code == 403


def test_sending_again_once_the_cause_is_fixed_delivers_it(
    client, failed, officer_binh, settings, committed
):
    settings.SMS_STANDIN_FAILING_PREFIX = ""  # the phone can be reached again
    client.force_login(officer_binh)
    with committed():
        response = client.post(f"{LIST}{failed.pk}/gui-lai/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.dead_at, failed.attempts) == (None, 0)
    assert failed.confirmed_at is not None  # delivered, reported by the stand-in
    assert [m.key for m in channels.sent] == [failed.idempotency_key]
    assert f"{LIST}{failed.pk}/" not in page(client, officer_binh).content.decode()


def test_recording_how_the_applicant_was_reached_closes_the_task(client, failed, officer_binh):
    client.force_login(officer_binh)
    response = client.post(
        f"{LIST}{failed.pk}/da-lien-he/", {"note": "Đã gọi điện cho ông An lúc 9 giờ"}
    )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.resolved_by, failed.resolution_note) == (
        officer_binh,
        "Đã gọi điện cho ông An lúc 9 giờ",
    )
    assert f"{LIST}{failed.pk}/" not in page(client, officer_binh).content.decode()
    again = client.post(f"{LIST}{failed.pk}/da-lien-he/", {"note": "again"})
    assert again.status_code == 404  # no longer an open task


def test_resolving_without_a_note_says_what_is_missing(client, failed, officer_binh):
    client.force_login(officer_binh)
    response = client.post(f"{LIST}{failed.pk}/da-lien-he/", {"note": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_note"' in html
    failed.refresh_from_db()
    assert failed.resolved_at is None


# --- The same through the API ----------------------------------------------------------------

API = "/api/v1/notification-failures"


def test_the_api_lists_the_failures_of_my_dossiers_only(
    client, failed, officer_binh, officer_chi, citizen_an
):
    client.force_login(officer_binh)
    body = client.get(API).json()
    assert (body["count"], body["items"][0]["id"]) == (1, failed.pk)
    assert body["items"][0]["state"] == "failed"
    assert body["items"][0]["last_error"].startswith("Undeliverable")
    client.force_login(officer_chi)
    assert client.get(API).json()["count"] == 0
    assert client.get(f"{API}/{failed.pk}").status_code == 404
    assert client.post(f"{API}/{failed.pk}/retry").status_code == 404
    client.force_login(citizen_an)
    assert client.get(API).status_code == 403


def test_the_api_sends_again_and_resolves(client, failed, officer_binh, counter_cuong):
    client.force_login(officer_binh)
    response = client.post(
        f"{API}/{failed.pk}/resolve", {"note": "Đã gọi điện"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["id"] == failed.pk
    client.force_login(counter_cuong)
    assert client.post(f"{API}/{failed.pk}/retry").status_code == 404  # dealt with already


def test_the_api_refuses_an_empty_note(client, failed, officer_binh):
    client.force_login(officer_binh)
    response = client.post(
        f"{API}/{failed.pk}/resolve", {"note": " "}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "payload.note"
