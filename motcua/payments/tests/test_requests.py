"""Payment requests: at submission, at receipt, at status 6, at the return of the result."""

import pytest
import time_machine

from motcua.dossiers.models import Fact, Fee
from motcua.dossiers.tests.factories import COMMITTEE, agency, at, online, walk_in
from motcua.payments.models import PaymentRequest

from .conftest import NOW

pytestmark = pytest.mark.usefixtures("demo_catalog")


@pytest.fixture
def published(monkeypatch):
    """The payment.requested events, as the notifications would receive them."""
    calls = []
    monkeypatch.setattr(
        "motcua.payments.requests.publish",
        lambda name, subject, payload: calls.append((name, subject, payload)),
    )
    return calls


def test_an_online_submission_asks_for_the_online_fee(citizen_an, committed, published):
    with time_machine.travel(NOW, tick=False), committed():
        dossier = online(citizen_an, when="2026-03-02 07:30")

    fee = Fee.objects.get(dossier=dossier)
    assert (fee.amount, fee.state, fee.payment_channel) == (10_000, "due", None)
    request = PaymentRequest.objects.get(dossier=dossier)
    assert (request.stage, request.amount) == ("receipt", 10_000)
    assert published == [
        (
            "payment.requested",
            f"dossier:{dossier.pk}",
            {"dossier": dossier.pk, "payment": None, "amount": 10_000},
        )
    ]
    fact = Fact.objects.filter(dossier=dossier, event="fees_set").get()
    assert fact.flags["fees_total"] == 10_000


def test_a_counter_receipt_asks_for_the_in_person_fee(
    counter_cuong, citizen_an, committed, published
):
    with time_machine.travel(NOW, tick=False), committed():
        dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 08:00")

    assert list(Fee.objects.filter(dossier=dossier).values_list("amount", flat=True)) == [20_000]
    assert published[0][2]["amount"] == 20_000


def test_an_unknown_local_fee_raises_no_request(citizen_an, committed, published, client):
    with time_machine.travel(NOW, tick=False), committed():
        dossier = online(citizen_an, when="2026-03-02 07:30", code="1.001193")

    assert not Fee.objects.filter(dossier=dossier).exists()
    assert not PaymentRequest.objects.exists()
    assert published == []
    client.force_login(citizen_an)
    page = client.get(f"/ho-so-cua-toi/{dossier.reference}/").content.decode()
    assert "Mức phí chưa được xác nhận" in page
    assert "Thanh toán trực tuyến" not in page


def test_a_request_is_raised_once_even_if_the_event_comes_twice(citizen_an, committed):
    from motcua.payments.requests import request_version_fees

    with time_machine.travel(NOW, tick=False), committed():
        dossier = online(citizen_an, when="2026-03-02 07:30")
    request_version_fees(dossier)

    assert Fee.objects.filter(dossier=dossier).count() == 1
    assert PaymentRequest.objects.count() == 1


def test_the_obligation_request_carries_the_officers_amount(in_obligation, published):
    fee = Fee.objects.get(dossier=in_obligation)
    assert (fee.name, fee.kind, fee.amount, fee.state) == (
        "Nghĩa vụ tài chính",
        "nvtc",
        500_000,
        "due",
    )
    assert PaymentRequest.objects.get(dossier=in_obligation).stage == "obligation"


def test_an_obligation_without_an_amount_waits_for_one(
    counter_cuong, officer_binh, citizen_an, committed, published, client
):
    with time_machine.travel(NOW, tick=False):
        dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 08:00")
        dossier.apply("forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk)
        with committed():
            dossier.apply("request_obligation", by=officer_binh, note="Thuế trước bạ")

    assert not Fee.objects.filter(dossier=dossier).exists()
    client.force_login(citizen_an)
    page = client.get(f"/ho-so-cua-toi/{dossier.reference}/").content.decode()
    assert "nghĩa vụ tài chính" in page


def test_fees_still_due_at_the_decision_are_asked_for_at_the_return(
    counter_cuong, leader_dung, citizen_an, committed, published
):
    with time_machine.travel(NOW, tick=False):
        with committed():
            dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 08:00")
        dossier.apply("forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk)
        dossier.apply("approve", by=leader_dung)
        with committed():
            dossier.apply("decide", by=leader_dung, at=at("2026-03-02 09:00"))

    request = PaymentRequest.objects.get(dossier=dossier, stage="return")
    assert request.amount == 20_000
    assert [p[2]["amount"] for p in published] == [20_000, 20_000]
