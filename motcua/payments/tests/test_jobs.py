"""Periodic work: pending payments expire after the gateway's timeout; the daily
reconciliation lists what differs between our payments and the gateway's ledger."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from motcua.payments.gateways import GatewayTransaction, SandboxGateway
from motcua.payments.models import Payment, ReconciliationReport, SandboxTransaction
from motcua.payments.reconcile import compare
from motcua.payments.workflow import start_online

from .conftest import NOW
from .helpers import ipn_params


def test_a_pending_payment_expires_after_15_minutes_and_a_late_ipn_still_counts(
    client, citizen_an, submitted
):
    with time_machine.travel(NOW, tick=False):
        payment = start_online(submitted, citizen_an, SandboxGateway())
    with time_machine.travel("2026-03-02 08:14 +0700", tick=False):
        call_command("expire_payments", stdout=io.StringIO())
    assert Payment.objects.get(pk=payment.pk).state == "pending"

    with time_machine.travel("2026-03-02 08:16 +0700", tick=False):
        call_command("expire_payments", stdout=io.StringIO())
        assert Payment.objects.get(pk=payment.pk).state == "expired"
        # The money was taken at the gateway before it timed out: the IPN wins.
        answer = client.get("/api/v1/payments/vnpay/ipn", ipn_params(payment)).json()

    assert answer["RspCode"] == "00"
    assert Payment.objects.get(pk=payment.pk).state == "paid"


def test_a_new_start_after_expiry_makes_a_new_order(citizen_an, submitted):
    with time_machine.travel(NOW, tick=False):
        first = start_online(submitted, citizen_an, SandboxGateway())
    with time_machine.travel("2026-03-02 08:20 +0700", tick=False):
        call_command("expire_payments", stdout=io.StringIO())
        second = start_online(submitted, citizen_an, SandboxGateway())
    assert second.pk != first.pk
    assert second.txn_ref != first.txn_ref


@pytest.mark.parametrize(
    ("ours", "theirs", "kinds"),
    [
        ({"A": (10, True)}, [GatewayTransaction("A", 10, True)], []),
        ({"A": (10, True)}, [], ["missing-there"]),
        ({"A": (10, True)}, [GatewayTransaction("A", 10, False)], ["missing-there"]),
        ({"A": (10, False)}, [GatewayTransaction("A", 10, True)], ["missing-here"]),
        ({}, [GatewayTransaction("B", 10, True)], ["missing-here"]),
        ({"A": (10, True)}, [GatewayTransaction("A", 20, True)], ["amount"]),
        ({"A": (10, False)}, [GatewayTransaction("A", 10, False)], []),
    ],
)
def test_the_comparison_finds_each_kind_of_mismatch(ours, theirs, kinds):
    assert [row["kind"] for row in compare(ours, theirs)] == kinds


def test_the_daily_report_lists_the_sandbox_ledgers_differences(citizen_an, submitted, client):
    with time_machine.travel(NOW, tick=False):
        paid = start_online(submitted, citizen_an, SandboxGateway())
        client.get("/api/v1/payments/vnpay/ipn", ipn_params(paid))
        # The gateway took money for an order we never wrote, at a wrong amount for ours.
        SandboxTransaction.objects.create(
            txn_ref="MC0000009999",
            transaction_no="1",
            amount=5000,
            paid=True,
            at=dt.datetime.now(dt.UTC),
        )
        SandboxTransaction.objects.create(
            txn_ref=paid.txn_ref or "",
            transaction_no="2",
            amount=9000,
            paid=True,
            at=dt.datetime.now(dt.UTC),
        )
        out = io.StringIO()
        call_command("reconcile_payments", "--date", "2026-03-02", stdout=out)

    report = ReconciliationReport.objects.get(day=dt.date(2026, 3, 2), gateway="sandbox")
    assert report.checked == 1
    assert sorted(row["kind"] for row in report.mismatches) == ["amount", "missing-here"]
    assert "2 mismatches" in out.getvalue()
