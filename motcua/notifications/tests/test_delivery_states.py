"""Where a message is: queued, sent, delivered or failed; retries with a growing wait and a cap;
and nothing lost, nothing in the inbox twice, when a worker dies in the middle of a batch."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from motcua.notifications import channels
from motcua.notifications.delivery_reports import report_delivery
from motcua.notifications.kinds import DeliveryState
from motcua.notifications.models import InAppMessage, Notification
from motcua.notifications.sending import deliver_notification, send
from motcua.outbox.delivery import claim, deliver_batch, deliver_one

pytestmark = pytest.mark.django_db

CODE = {"code": "123456", "minutes": 10, "purpose": ""}
FAILING_PHONE = "0999999001"  # the SMS stand-in's failing range


def sms(to: str = "0912345678", key: str | None = None) -> Notification:
    return send(channel="sms", to=to, template="one_time_code", context=CODE, key=key)


def worker() -> None:
    deliver_batch(Notification, deliver_notification, "worker-test")


def fresh(row: Notification) -> Notification:
    row.refresh_from_db()
    return row


def test_a_message_is_queued_until_a_channel_takes_it():
    assert sms().delivery_state is DeliveryState.QUEUED


def test_the_sms_stand_in_accepts_then_reports_delivery(committed):
    with committed():
        row = sms()
    row = fresh(row)
    assert row.delivery_state is DeliveryState.DELIVERED
    assert row.sent_at is not None
    assert row.confirmed_at is not None


def test_an_email_is_sent_and_stays_sent_without_a_delivery_report(committed):
    with committed():
        row = send(channel="email", to="an@example.vn", template="one_time_code", context=CODE)
    assert fresh(row).delivery_state is DeliveryState.SENT


def test_an_in_app_message_is_delivered_once_in_the_inbox(committed, citizen_an):
    with committed():
        row = send(channel="in_app", to=str(citizen_an.pk), template="one_time_code", context=CODE)
    assert fresh(row).delivery_state is DeliveryState.DELIVERED


def test_a_provider_report_of_delivery_marks_it_delivered():
    row = send(channel="email", to="an@example.vn", template="one_time_code", context=CODE)
    worker()
    assert report_delivery(row.idempotency_key, delivered=True)
    assert fresh(row).delivery_state is DeliveryState.DELIVERED
    assert not report_delivery(row.idempotency_key, delivered=True)  # once is enough


def test_a_failing_sms_is_retried_with_a_doubling_wait_then_fails(time_machine):
    time_machine.move_to("2026-03-09 09:00 +0700", tick=False)
    row = sms(FAILING_PHONE)
    waits = []
    for _attempt in range(7):
        worker()
        row = fresh(row)
        assert row.delivery_state is DeliveryState.QUEUED
        waits.append(row.available_at - timezone.now())
        time_machine.shift(row.available_at - timezone.now())
        assert row.attempts == _attempt + 1
    assert waits == [timedelta(seconds=30 * 2**n) for n in range(7)]  # 30 s … 32 min
    worker()  # the 8th attempt is the last
    row = fresh(row)
    assert row.delivery_state is DeliveryState.FAILED
    assert row.attempts == 8
    assert row.last_error.startswith("Undeliverable: The SMS stand-in cannot reach 0999999001")


def test_the_wait_never_passes_the_cap():
    assert Notification().next_delay(20) == timedelta(hours=1)


def test_a_message_is_not_tried_again_before_its_wait_is_over(time_machine):
    time_machine.move_to("2026-03-09 09:00 +0700", tick=False)
    row = sms(FAILING_PHONE)
    worker()
    time_machine.shift(timedelta(seconds=29))
    assert deliver_batch(Notification, deliver_notification, "worker-test").claimed == 0
    time_machine.shift(timedelta(seconds=1))
    assert deliver_batch(Notification, deliver_notification, "worker-test").claimed == 1
    assert fresh(row).attempts == 2


def test_an_email_to_an_undeliverable_domain_fails_its_attempt():
    row = send(
        channel="email", to="an@khong-ton-tai.invalid", template="one_time_code", context=CODE
    )
    worker()
    assert fresh(row).attempts == 1
    assert "cannot receive mail" in fresh(row).last_error


@time_machine.travel("2026-03-09 09:00 +0700", tick=False)
def test_a_report_of_non_delivery_counts_an_attempt_and_backs_off():
    row = send(channel="email", to="an@example.vn", template="one_time_code", context=CODE)
    worker()
    assert report_delivery(row.idempotency_key, delivered=False, detail="mailbox full")
    row = fresh(row)
    assert (row.delivery_state, row.attempts) == (DeliveryState.QUEUED, 1)
    assert row.available_at == timezone.now() + timedelta(seconds=30)
    assert row.last_error == "Delivery report: mailbox full"


def test_a_report_of_non_delivery_at_the_last_attempt_fails_it():
    row = send(channel="email", to="an@example.vn", template="one_time_code", context=CODE)
    Notification.objects.filter(pk=row.pk).update(attempts=7, delivered_at=timezone.now())
    assert report_delivery(row.idempotency_key, delivered=False)
    assert fresh(row).delivery_state is DeliveryState.FAILED


def test_a_worker_killed_mid_batch_loses_nothing_and_fills_no_inbox_twice(time_machine, citizen_an):
    time_machine.move_to("2026-03-09 09:00 +0700", tick=False)
    rows = [
        send(
            channel="in_app",
            to=str(citizen_an.pk),
            user=citizen_an,
            template="one_time_code",
            context=CODE,
            key=f"otp:{n}:in_app",
        )
        for n in range(3)
    ]
    rows += [sms(key=f"otp:{n}:sms") for n in range(3)]
    claimed = claim(Notification, "worker-a", batch=10, lease=timedelta(seconds=60))
    assert len(claimed) == 6
    deliver_one(claimed[0], deliver_notification, "worker-a")
    # Killed while delivering the second row: the channel got it, the outcome was not written.
    deliver_notification(claimed[1])

    time_machine.shift(timedelta(seconds=30))  # the lease still holds: nobody takes them
    assert deliver_batch(Notification, deliver_notification, "worker-b").claimed == 0
    time_machine.shift(timedelta(seconds=31))  # the lease ran out
    result = deliver_batch(Notification, deliver_notification, "worker-b")

    assert (result.claimed, result.delivered) == (5, 5)
    assert all(fresh(r).delivered_at is not None for r in rows)
    assert InAppMessage.objects.filter(user=citizen_an).count() == 3  # the key kept one copy
    assert sorted(m.key for m in channels.sent) == ["otp:0:sms", "otp:1:sms", "otp:2:sms"]
