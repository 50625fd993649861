"""/api/v1 payments: start (idempotent), read, list, receipt, counter payment, scoping."""

import time_machine

from motcua.dossiers.models import Dossier
from motcua.payments.models import Payment

from .conftest import NOW, bearer
from .helpers import ipn_params


def start(client, dossier, user, key="k-1"):
    return client.post(
        f"/api/v1/dossiers/{dossier.reference}/payments",
        headers={**bearer(user), "Idempotency-Key": key},
    )


@time_machine.travel(NOW, tick=False)
def test_the_applicant_starts_a_payment_and_a_retry_gets_the_same_one(
    client, citizen_an, submitted
):
    first = start(client, submitted, citizen_an)
    again = start(client, submitted, citizen_an)

    assert first.status_code == again.status_code == 201
    body = first.json()
    assert body["payment"]["id"] == again.json()["payment"]["id"]
    assert (body["payment"]["state"], body["payment"]["amount"]) == ("pending", 10_000)
    assert body["redirect_url"].startswith("/thanh-toan/sandbox/?")
    assert "vnp_Amount=1000000" in body["redirect_url"]
    assert Payment.objects.count() == 1


def test_someone_else_cannot_start_a_payment(client, officer_chi, volunteer_bao, submitted):
    for person in (officer_chi, volunteer_bao):
        assert start(client, submitted, person).status_code == 404


def test_a_read_token_may_not_start_a_payment(client, citizen_an, submitted):
    response = client.post(
        f"/api/v1/dossiers/{submitted.reference}/payments", headers=bearer(citizen_an, "read")
    )
    assert response.status_code == 403


@time_machine.travel(NOW, tick=False)
def test_payment_status_and_receipt_for_the_owner_and_scoped_staff_only(
    client, citizen_an, counter_cuong, officer_chi, submitted
):
    payment_id = start(client, submitted, citizen_an).json()["payment"]["id"]
    url = f"/api/v1/payments/{payment_id}"

    assert client.get(url, headers=bearer(citizen_an)).json()["state"] == "pending"
    assert client.get(f"{url}/receipt.pdf", headers=bearer(citizen_an)).status_code == 404
    assert client.get(url, headers=bearer(officer_chi)).status_code == 404

    client.get("/api/v1/payments/vnpay/ipn", ipn_params(Payment.objects.get()))

    paid = client.get(url, headers=bearer(counter_cuong)).json()
    assert paid["state"] == "paid"
    assert paid["receipt_url"] == f"/api/v1/payments/{payment_id}/receipt.pdf"
    assert paid["fees"] == [
        {"name": "Lệ phí đăng ký cư trú (trực tuyến)", "amount": 10_000, "state": "paid"}
    ]
    receipt = client.get(f"{url}/receipt.pdf", headers=bearer(citizen_an))
    assert receipt.status_code == 200
    assert receipt.content.startswith(b"%PDF")
    assert client.get(f"{url}/receipt.pdf", headers=bearer(officer_chi)).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_dossiers_payments_are_listed_in_the_usual_envelope(
    client, citizen_an, officer_chi, submitted
):
    start(client, submitted, citizen_an)
    url = f"/api/v1/dossiers/{submitted.reference}/payments"

    body = client.get(url, headers=bearer(citizen_an)).json()
    assert (body["count"], body["page"], body["page_size"]) == (1, 1, 20)
    assert body["items"][0]["dossier"] == submitted.reference
    assert client.get(url, headers=bearer(officer_chi)).status_code == 404


def test_nothing_to_pay_answers_409(client, citizen_an, demo_catalog):
    from motcua.dossiers.tests.factories import online

    with time_machine.travel(NOW, tick=False):
        dossier = online(citizen_an, code="1.001193")  # a fee nobody has confirmed
    response = start(client, dossier, citizen_an)
    assert response.status_code == 409
    assert "không còn khoản nào phải nộp" in response.json()["message"]


@time_machine.travel(NOW, tick=False)
def test_the_counter_records_a_payment_through_the_api(
    client, counter_cuong, officer_chi, citizen_an, in_obligation
):
    url = f"/api/v1/dossiers/{in_obligation.code}/payments/counter"

    def post(user, body):
        return client.post(url, body, content_type="application/json", headers=bearer(user))

    assert post(officer_chi, {"method": "cash", "amount": 500_000}).status_code == 404
    assert post(citizen_an, {"method": "cash", "amount": 500_000}).status_code == 403
    assert post(counter_cuong, {"method": "cash", "amount": "500000x"}).status_code == 422
    wrong = post(counter_cuong, {"method": "cash", "amount": 5})
    assert wrong.status_code == 409
    assert "500.000" in wrong.json()["message"]

    done = post(counter_cuong, {"method": "cash", "amount": 500_000})

    assert done.status_code == 201
    assert done.json()["receipt_number"] == "2026-0000001"
    assert Dossier.objects.get(pk=in_obligation.pk).status == 4
    again = post(counter_cuong, {"method": "cash", "amount": 500_000})
    assert again.status_code == 409  # nothing is due any more


def test_the_ipn_needs_no_sign_in_and_answers_json(client, db):
    response = client.get("/api/v1/payments/vnpay/ipn", {"vnp_TxnRef": "MC1"})
    assert response.status_code == 200
    assert response.json() == {"RspCode": "97", "Message": "Invalid signature"}
