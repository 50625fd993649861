"""Sending notifications through their outbox (sending.py, channels.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from motcua.notifications import channels
from motcua.notifications.models import InAppMessage, Notification
from motcua.notifications.sending import deliver_notification, render, send
from motcua.outbox.delivery import deliver_batch
from motcua.outbox.registry import outboxes

pytestmark = pytest.mark.django_db

CODE = {"code": "123456", "minutes": 10, "purpose": ""}
RECEIVED = {"code": "000.01.31.H19-260309-0001", "due_date": date(2026, 3, 20)}


class FlakySms:
    """An SMS gateway that is down for its first call, and records every key it is given."""

    keys: ClassVar[list[str]] = []
    down: ClassVar[list[Exception]] = []

    def send(self, to: str, text: str, key: str) -> None:
        self.keys.append(key)
        if self.down:
            raise self.down.pop()


def test_a_message_in_a_rolled_back_transaction_is_neither_written_nor_sent(committed):
    def change_that_fails() -> None:
        with transaction.atomic():
            send(channel="sms", to="0912345678", template="one_time_code", context=CODE)
            raise RuntimeError("the sign-in failed")

    with committed(), pytest.raises(RuntimeError):
        change_that_fails()
    assert Notification.objects.count() == 0
    assert channels.sent == []


def test_a_committed_sms_is_sent_once_with_its_key(committed):
    with committed(), transaction.atomic():
        row = send(channel="sms", to="0912345678", template="one_time_code", context=CODE)
    [sms] = channels.sent
    assert (sms.to, sms.key) == ("0912345678", row.idempotency_key)
    assert sms.text.startswith("Mã xác thực của bạn là 123456, có hiệu lực trong 10 phút.")
    row.refresh_from_db()
    assert row.sent_at is not None
    assert deliver_batch(Notification, deliver_notification, "worker-a").claimed == 0


def test_a_committed_email_is_sent_once_with_a_message_id_from_its_key(committed):
    with committed(), transaction.atomic():
        row = send(
            channel="email",
            to="an@example.vn",
            template="dossier_received",
            context=RECEIVED,
            key="evt-1:notifications.receipt",
        )
    [email] = mail.outbox
    assert email.to == ["an@example.vn"]
    assert email.subject == "Đã tiếp nhận hồ sơ 000.01.31.H19-260309-0001"
    assert "Ngày hẹn trả kết quả: 20/03/2026." in email.body
    assert email.extra_headers["Message-ID"] == channels.message_id(row.idempotency_key)
    assert deliver_batch(Notification, deliver_notification, "worker-a").claimed == 0


def test_a_committed_in_app_message_lands_in_the_inbox_once(committed, citizen_an):
    with committed(), transaction.atomic():
        send(
            channel="in_app",
            to=str(citizen_an.pk),
            user=citizen_an,
            template="dossier_submitted",
            context={"reference": "HS-0042", "procedure": "Đăng ký & cấp giấy phép"},
        )
    [message] = InAppMessage.objects.all()
    assert message.user == citizen_an
    assert message.subject == "Đã nộp hồ sơ HS-0042"
    assert '"Đăng ký & cấp giấy phép"' in message.body  # plain text: no HTML escaping


@pytest.mark.django_db(transaction=True)
def test_sending_outside_a_transaction_delivers_at_once():
    row = send(channel="sms", to="0912345678", template="one_time_code", context=CODE)
    assert len(channels.sent) == 1
    row.refresh_from_db()
    assert row.delivered_at is not None


def test_a_failing_gateway_is_retried_by_the_worker_with_the_same_key(committed, settings):
    settings.SMS_BACKEND = f"{__name__}.FlakySms"
    FlakySms.keys[:], FlakySms.down[:] = [], [ConnectionError("SMS gateway down")]
    with time_machine.travel("2026-03-09 09:00 +0700", tick=False) as traveller:
        with committed(), transaction.atomic():
            row = send(channel="sms", to="0912345678", template="one_time_code", context=CODE)
        row.refresh_from_db()
        assert (row.attempts, row.delivered_at) == (1, None)
        assert row.last_error.startswith("ConnectionError: SMS gateway down")
        traveller.shift(timedelta(seconds=31))  # the first retry waits 30 seconds
        assert deliver_batch(Notification, deliver_notification, "worker-a").delivered == 1
    assert FlakySms.keys == [row.idempotency_key, row.idempotency_key]
    assert Notification.objects.get().delivered_at is not None


def test_an_in_app_redelivery_with_the_same_key_leaves_one_message(citizen_an):
    row = send(channel="in_app", to=str(citizen_an.pk), template="one_time_code", context=CODE)
    deliver_notification(row)
    deliver_notification(row)  # as after a worker died before recording the delivery
    assert InAppMessage.objects.filter(idempotency_key=row.idempotency_key).count() == 1


def test_sending_again_with_the_same_key_returns_the_first_message(committed):
    with committed():
        first = send(
            channel="sms",
            to="0912345678",
            template="one_time_code",
            context=CODE,
            key="otp:login:42",
        )
        again = send(
            channel="sms",
            to="0912345678",
            template="one_time_code",
            context=CODE,
            key="otp:login:42",
        )
    assert again.pk == first.pk
    assert len(channels.sent) == 1


@pytest.mark.parametrize(
    ("language", "subject", "body"),
    [
        (
            "vi",
            "Đã tiếp nhận hồ sơ 000.01.31.H19-260309-0001",
            "Hồ sơ của bạn đã được tiếp nhận, mã hồ sơ 000.01.31.H19-260309-0001. "
            "Ngày hẹn trả kết quả: 20/03/2026.",
        ),
        (
            "en",
            "Dossier 000.01.31.H19-260309-0001 received",
            "Your dossier has been received under code 000.01.31.H19-260309-0001. "
            "Results are due on 20 March 2026.",
        ),
    ],
)
def test_it_renders_each_message_in_the_chosen_language(language, subject, body):
    assert render("dossier_received", RECEIVED, language)[0] == subject
    assert render("dossier_received", RECEIVED, language)[1].startswith(body)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_one_time_code_fits_one_sms_length(language):
    _subject, body = render("one_time_code", {**CODE, "purpose": "x" * 12}, language)
    assert len(body) <= 160


@pytest.mark.parametrize("template", ["one_time_code", "dossier_submitted", "dossier_received"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_message_has_a_subject_and_a_body(template, language):
    context = {**CODE, **RECEIVED, "reference": "HS-1", "procedure": "P"}
    subject, body = render(template, context, language)
    assert subject
    assert body
    assert "\n" not in subject


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"channel": "fax"}, "Unknown notification channel 'fax'"),
        ({"template": "no_such_message"}, "Unknown notification template 'no_such_message'"),
        ({"template": "../../admin/base"}, "Invalid notification template name"),
        ({"language": "fr"}, "Unknown notification language 'fr'"),
        ({"channel": "in_app", "to": "an@example.vn"}, "An in-app recipient is a user id"),
    ],
)
def test_unknown_channels_templates_and_languages_are_refused(changes, error):
    arguments = {
        "channel": "sms",
        "to": "0912345678",
        "template": "one_time_code",
        "context": CODE,
        **changes,
    }
    with pytest.raises(ValueError, match=error):
        send(**arguments)
    assert Notification.objects.count() == 0


def test_the_worker_drains_the_notification_outbox():
    assert Notification in [outbox.model for outbox in outboxes()]
