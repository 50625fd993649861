"""Each dossier event tells the applicant with its own message, in Vietnamese or English:
submitted, received with the date of the result, supplement asked (with the officer's list),
payment asked, apology with a new date, result ready, and the invitation to rate."""

from __future__ import annotations

import pytest
import time_machine
from django.db import transaction
from django.db.models import Q

from motcua.dossiers.tests.factories import COMMITTEE, agency, at, online, walk_in
from motcua.events.models import EventMessage
from motcua.events.publish import deliver_event, publish
from motcua.events.registry import subscribers
from motcua.notifications.models import Notification, NotificationPreference
from motcua.notifications.subscribers import notify_applicant
from motcua.outbox.delivery import deliver_batch

pytestmark = pytest.mark.usefixtures("demo_catalog")


def deliver_events() -> None:
    """What the worker does with the events' outbox."""
    deliver_batch(EventMessage, deliver_event, "worker-test", batch=200)


def payment_message(user) -> Notification:
    """The in-app message of the payment this module's test asks for (the payments app may
    ask for others, such as the fees at receipt)."""
    return Notification.objects.filter(
        Q(body__contains="1.500.000") | Q(body__contains="1,500,000"),
        user=user,
        channel="in_app",
        template="payment_requested",
    ).get()


def inbox(user) -> dict[str, Notification]:
    """The in-app message of each template sent to ``user``, the last one of each."""
    rows = Notification.objects.filter(user=user, channel="in_app").order_by("pk")
    return {n.template: n for n in rows}


def every_step(counter_cuong, citizen_an, officer_binh, leader_dung):
    """A walk-in dossier taken through every step the applicant hears of."""
    with time_machine.travel("2026-03-09 08:30 +0700", tick=False):
        dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 09:00")
        dossier.apply(
            "forward",
            by=counter_cuong,
            at=at("2026-03-02 10:00"),
            agency_id=agency(COMMITTEE).pk,
            assignee_id=officer_binh.pk,
        )
        dossier.apply(
            "request_supplement",
            by=officer_binh,
            at=at("2026-03-03 09:00"),
            note="- Giấy xác nhận cư trú\n- Ảnh 4x6",
        )
        dossier.apply("provide_supplement", by=citizen_an, at=at("2026-03-04 09:00"))
        dossier.apply(
            "extend",
            by=leader_dung,
            at=at("2026-03-05 09:00"),
            note="Cần xác minh thêm tại địa phương",
            new_due_at=at("2026-03-25 17:00"),
        )
        with transaction.atomic():
            publish(
                "payment.requested",
                f"dossier:{dossier.pk}",
                {"dossier": dossier.pk, "payment": None, "amount": 1500000},
            )
        dossier.apply("approve", by=leader_dung, at=at("2026-03-06 09:00"))
        dossier.apply("decide", by=leader_dung, at=at("2026-03-06 10:00"))
        dossier.apply("return_result", by=counter_cuong, at=at("2026-03-09 08:00"))
        deliver_events()
    return dossier


@pytest.fixture
def handled(counter_cuong, citizen_an, officer_binh, leader_dung):
    return every_step(counter_cuong, citizen_an, officer_binh, leader_dung)


def test_the_applicant_subscriber_takes_every_event_of_issue_six():
    for event in (
        "dossier.submit_online",
        "dossier.receive",
        "dossier.receive_at_counter",
        "dossier.request_intake_supplement",
        "dossier.request_supplement",
        "payment.requested",
        "dossier.extend",
        "dossier.decide",
        "dossier.return_result",
    ):
        assert "notify-applicant" in [s.name for s in subscribers(event)], event


def test_each_event_sends_its_message_in_vietnamese(handled, citizen_an):
    messages = inbox(citizen_an)
    code = handled.code
    assert set(messages) == {
        "dossier_received",
        "dossier_supplement_requested",
        "dossier_extended",
        "payment_requested",
        "dossier_result_ready",
        "dossier_rating_invitation",
    }
    supplement = messages["dossier_supplement_requested"]
    assert supplement.subject == f"Hồ sơ {code} cần bổ sung giấy tờ"
    assert "- Giấy xác nhận cư trú\n- Ảnh 4x6" in supplement.body
    assert f"/ho-so-cua-toi/{handled.reference}/" in supplement.body
    extended = messages["dossier_extended"]
    assert extended.subject == f"Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code}"
    assert "Lý do: Cần xác minh thêm tại địa phương" in extended.body
    assert "Ngày hẹn trả kết quả mới: 25/03/2026." in extended.body
    assert "cần nộp 1.500.000 đồng" in payment_message(citizen_an).body
    assert messages["dossier_result_ready"].subject == f"Hồ sơ {code} đã có kết quả"
    rating = messages["dossier_rating_invitation"]
    assert f"/ho-so-cua-toi/{handled.reference}/danh-gia/" in rating.body
    assert all(n.dossier_id == handled.pk and n.language == "vi" for n in messages.values())


def test_each_event_sends_its_message_in_english_when_chosen(
    citizen_an, counter_cuong, officer_binh, leader_dung
):
    NotificationPreference.objects.create(user=citizen_an, language="en")
    dossier = every_step(counter_cuong, citizen_an, officer_binh, leader_dung)
    messages = inbox(citizen_an)
    code = dossier.code
    assert messages["dossier_received"].subject == f"Dossier {code} received"
    assert messages["dossier_supplement_requested"].subject == (
        f"Dossier {code}: papers to supplement"
    )
    assert "What is missing:\n- Giấy xác nhận cư trú" in (
        messages["dossier_supplement_requested"].body
    )
    assert "The new date for the result is 25 March 2026." in messages["dossier_extended"].body
    assert "a payment of 1,500,000 VND" in payment_message(citizen_an).body
    assert messages["dossier_result_ready"].subject == f"Dossier {code} has its result"
    assert messages["dossier_rating_invitation"].subject == (
        f"Please rate how dossier {code} was handled"
    )


@time_machine.travel("2026-03-03 08:00 +0700", tick=False)
def test_an_online_dossier_hears_of_submission_and_the_intake_supplement(citizen_an, counter_cuong):
    dossier = online(citizen_an, when="2026-03-02 09:00")
    dossier.apply(
        "request_intake_supplement",
        by=counter_cuong,
        at=at("2026-03-02 10:00"),
        note="- Tờ khai theo mẫu",
        documents=[],
    )
    deliver_events()
    messages = inbox(citizen_an)
    assert messages["dossier_submitted"].subject == f"Đã nộp hồ sơ {dossier.reference}"
    assert "- Tờ khai theo mẫu" in messages["dossier_supplement_requested"].body


def test_a_payment_event_for_a_dossier_tells_its_applicant_once(handled, citizen_an):
    """A redelivered event (same key) sends nothing twice."""
    row = EventMessage.objects.get(
        event="payment.requested", subscriber="notify-applicant", payload__amount=1500000
    )
    before = Notification.objects.filter(template="payment_requested").count()
    notify_applicant(row.as_event())
    assert Notification.objects.filter(template="payment_requested").count() == before
    assert (
        Notification.objects.filter(
            idempotency_key__startswith=row.idempotency_key, template="payment_requested"
        ).count()
        == 2
    )  # app, SMS
