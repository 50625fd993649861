"""The applicant pays online through the sandbox gateway, from the dossier page and back."""

import subprocess
from urllib.parse import urlsplit

import pytest
import time_machine

from motcua.dossiers.models import Fee
from motcua.payments.models import Payment, SandboxTransaction

from .conftest import NOW
from .helpers import signed

pytestmark = pytest.mark.usefixtures("submitted")


def pay_button(client, dossier):
    page = client.get(f"/ho-so-cua-toi/{dossier.reference}/").content.decode()
    assert "Phí, lệ phí và thanh toán" in page
    assert "10.000 đ" in page
    assert "Thanh toán trực tuyến" in page
    key = page.split('name="key" value="')[1].split('"')[0]
    return client.post(f"/thanh-toan/ho-so/{dossier.reference}/", {"key": key})


@time_machine.travel(NOW, tick=False)
def test_the_applicant_pays_on_the_sandbox_and_gets_a_receipt(client, citizen_an, submitted):
    client.force_login(citizen_an)

    to_gateway = pay_button(client, submitted)
    assert to_gateway.status_code == 302
    assert to_gateway["Location"].startswith("/thanh-toan/sandbox/?")
    gateway_page = client.get(to_gateway["Location"])
    assert gateway_page.status_code == 200
    assert "10.000 đồng" in gateway_page.content.decode()
    form = {k: v for k, v in client.get(to_gateway["Location"]).context["order"].params.items()}

    back = client.post("/thanh-toan/sandbox/", {**form, "action": "pay"})
    assert back.status_code == 302
    result = client.get(urlsplit(back["Location"]).path + "?" + urlsplit(back["Location"]).query)
    assert "Đã nhận được khoản thanh toán của bạn" in result.content.decode()

    payment = Payment.objects.get()
    assert (payment.state, payment.amount, payment.gateway) == ("paid", 10_000, "sandbox")
    assert SandboxTransaction.objects.get().paid
    page = client.get(f"/ho-so-cua-toi/{submitted.reference}/").content.decode()
    assert f"/thanh-toan/{payment.pk}/bien-lai.pdf" in page
    assert "Không còn khoản nào phải nộp" in page

    receipt = client.get(f"/thanh-toan/{payment.pk}/bien-lai.pdf")
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=receipt.content, capture_output=True, check=True
    ).stdout.decode()
    assert submitted.reference in text
    assert "Mười nghìn đồng" in text
    assert payment.receipt_number in text


@time_machine.travel(NOW, tick=False)
def test_a_double_click_starts_one_payment(client, citizen_an, submitted):
    client.force_login(citizen_an)
    first = client.post(f"/thanh-toan/ho-so/{submitted.reference}/", {"key": "k1"})
    second = client.post(f"/thanh-toan/ho-so/{submitted.reference}/", {"key": "k1"})
    third = client.post(f"/thanh-toan/ho-so/{submitted.reference}/", {"key": "k2"})

    assert first["Location"] == second["Location"] == third["Location"]
    assert Payment.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_cancelling_on_the_gateway_leaves_the_fee_due(client, citizen_an, submitted):
    client.force_login(citizen_an)
    to_gateway = pay_button(client, submitted)
    form = client.get(to_gateway["Location"]).context["order"].params

    back = client.post("/thanh-toan/sandbox/", {**form, "action": "cancel"})
    result = client.get(back["Location"].removeprefix("http://testserver"))

    assert "Thanh toán không thành công" in result.content.decode()
    assert Payment.objects.get().state == "failed"
    assert Fee.objects.get(dossier=submitted).state == "due"
    assert client.get(f"/thanh-toan/{Payment.objects.get().pk}/bien-lai.pdf").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_return_page_never_marks_a_payment_paid(client, citizen_an, submitted):
    client.force_login(citizen_an)
    pay_button(client, submitted)
    payment = Payment.objects.get()
    params = signed(
        {
            "vnp_TxnRef": str(payment.txn_ref),
            "vnp_Amount": "1000000",
            "vnp_ResponseCode": "00",
            "vnp_TransactionStatus": "00",
        }
    )

    page = client.get("/thanh-toan/ket-qua/", params).content.decode()

    assert "Cổng thanh toán đang xác nhận giao dịch" in page
    assert Payment.objects.get().state == "pending"


def test_a_forged_order_is_refused_by_the_sandbox(client):
    response = client.get(
        "/thanh-toan/sandbox/", {"vnp_TxnRef": "MC1", "vnp_Amount": "100", "vnp_SecureHash": "00"}
    )
    assert response.status_code == 400
    assert "chữ ký không khớp" in response.content.decode()


def test_the_sandbox_is_off_with_the_real_gateway(client, settings):
    settings.PAYMENT_GATEWAY = "vnpay"
    assert client.get("/thanh-toan/sandbox/").status_code == 404


def test_only_the_applicant_pays(client, officer_chi, volunteer_bao, submitted):
    for person in (volunteer_bao, officer_chi):
        client.force_login(person)
        assert client.post(f"/thanh-toan/ho-so/{submitted.reference}/").status_code == 404
    assert not Payment.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_another_persons_receipt_is_not_found(
    client, citizen_an, officer_chi, counter_cuong, submitted
):
    client.force_login(citizen_an)
    form = client.get(pay_button(client, submitted)["Location"]).context["order"].params
    client.post("/thanh-toan/sandbox/", {**form, "action": "pay"})
    payment = Payment.objects.get()

    client.force_login(officer_chi)
    assert client.get(f"/thanh-toan/{payment.pk}/bien-lai.pdf").status_code == 404
    client.force_login(counter_cuong)  # the receiving unit's counter sees it
    assert client.get(f"/thanh-toan/{payment.pk}/bien-lai.pdf").status_code == 200
