"""The IPN settles payments; tampered calls get their code and change nothing (VNPay 2.1.0)."""

import pytest
import time_machine

from motcua.dossiers.models import Dossier, Fact, Fee
from motcua.payments.gateways import SandboxGateway
from motcua.payments.models import Payment
from motcua.payments.workflow import start_online

from .conftest import NOW
from .helpers import ipn_params, signed

IPN = "/api/v1/payments/vnpay/ipn"


@pytest.fixture
def pending(submitted, citizen_an):
    with time_machine.travel(NOW, tick=False):
        return start_online(submitted, citizen_an, SandboxGateway())


def snapshot(payment):
    """Everything an IPN may change."""
    payment.refresh_from_db()
    fees = list(
        Fee.objects.filter(dossier=payment.dossier_id).values_list(
            "state", "payment_channel", "paid_online", "paid_at"
        )
    )
    facts = Fact.objects.filter(dossier=payment.dossier_id).count()
    return (
        payment.state,
        payment.receipt_number,
        payment.gateway_transaction,
        fees,
        facts,
        Dossier.objects.get(pk=payment.dossier_id).state,
    )


def call(client, params):
    response = client.get(IPN, params)
    assert response.status_code == 200
    return response.json()


def test_a_signed_successful_ipn_marks_the_payment_and_its_fees_paid(client, pending):
    with time_machine.travel(NOW, tick=False):
        answer = call(client, ipn_params(pending))

    assert answer == {"RspCode": "00", "Message": "Confirm Success"}
    pending.refresh_from_db()
    assert pending.state == "paid"
    assert pending.receipt_number == "2026-0000001"
    assert pending.gateway_transaction == "14226112"
    fee = Fee.objects.get(dossier=pending.dossier_id)
    # DuocThanhToanTrucTuyen = 2: paid through the province's gateway.
    assert (fee.state, fee.payment_channel, fee.paid_online) == ("paid", 2, True)
    fact = Fact.objects.filter(dossier=pending.dossier_id, event="payment_paid").get()
    assert fact.flags["paid_online"] is True
    assert fact.flags["payment_channel"] == 2


def test_a_refused_payment_is_marked_failed_and_the_fee_stays_due(client, pending):
    assert call(client, ipn_params(pending, code="24"))["RspCode"] == "00"

    pending.refresh_from_db()
    assert pending.state == "failed"
    assert Fee.objects.get(dossier=pending.dossier_id).state == "due"


def test_a_wrong_amount_answers_04_and_changes_nothing(client, pending):
    before = snapshot(pending)
    params = ipn_params(pending, vnp_Amount=str(pending.amount))  # forgot the × 100

    assert call(client, params) == {"RspCode": "04", "Message": "Invalid amount"}
    assert snapshot(pending) == before


def test_a_bad_signature_answers_97_and_changes_nothing(client, pending):
    before = snapshot(pending)
    params = ipn_params(pending)
    params["vnp_Amount"] = str(pending.amount * 100 - 100)  # tampered after signing

    assert call(client, params)["RspCode"] == "97"
    assert call(client, signed(dict(params), secret="another-secret"))["RspCode"] == "97"
    assert call(client, {})["RspCode"] == "97"
    assert snapshot(pending) == before


def test_an_unknown_order_answers_01_and_changes_nothing(client, pending):
    before = snapshot(pending)

    assert call(client, ipn_params(pending, vnp_TxnRef="MC9999999999"))["RspCode"] == "01"
    assert snapshot(pending) == before


def test_a_replayed_ipn_answers_02_and_changes_nothing(client, pending):
    params = ipn_params(pending)
    assert call(client, params)["RspCode"] == "00"
    after_first = snapshot(pending)

    assert call(client, params) == {"RspCode": "02", "Message": "Order already confirmed"}
    assert call(client, ipn_params(pending, code="24"))["RspCode"] == "02"
    assert snapshot(pending) == after_first


def test_paying_the_obligation_online_sends_the_dossier_back_to_processing(
    client, in_obligation, citizen_an
):
    payment = start_online(in_obligation, citizen_an, SandboxGateway())
    assert payment.amount == 500_000

    assert call(client, ipn_params(payment))["RspCode"] == "00"

    dossier = Dossier.objects.get(pk=in_obligation.pk)
    assert (dossier.state, dossier.status) == ("processing", 4)
    row = dossier.transitions.latest("id")
    assert (row.event, row.by) == ("pay_obligation", None)  # the system, on the IPN's word
    assert str(Payment.objects.get(pk=payment.pk).receipt_number) in row.note
