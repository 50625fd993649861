"""The counter officer records a payment in cash or by transfer (/mot-cua/ho-so/<ref>/thu-phi/)."""

import pytest
import time_machine

from motcua.dossiers.models import Dossier, Fee
from motcua.dossiers.tests.factories import walk_in
from motcua.payments.models import Payment

from .conftest import NOW

pytestmark = pytest.mark.usefixtures("demo_catalog")


def page(dossier):
    return f"/mot-cua/ho-so/{dossier.code}/thu-phi/"


@time_machine.travel(NOW, tick=False)
def test_a_cash_payment_pays_the_obligation_and_the_dossier_goes_back_to_processing(
    client, counter_cuong, in_obligation
):
    client.force_login(counter_cuong)
    form = client.get(page(in_obligation))
    assert form.status_code == 200
    assert 'value="500000"' in form.content.decode()  # the amount comes filled in

    response = client.post(page(in_obligation), {"method": "cash", "amount": "500000"})

    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (payment.state, payment.method, payment.recorded_by) == ("paid", "cash", counter_cuong)
    fee = Fee.objects.get(dossier=in_obligation)
    # Cash is not an online payment: Decision 766's DuocThanhToanTrucTuyen stays empty.
    assert (fee.state, fee.paid_online, fee.payment_channel) == ("paid", False, None)
    dossier = Dossier.objects.get(pk=in_obligation.pk)
    assert dossier.status == 4
    assert dossier.transitions.latest("id").by == counter_cuong
    shown = client.get(response["Location"]).content.decode()
    assert payment.receipt_number in shown
    assert f"/thanh-toan/{payment.pk}/bien-lai.pdf" in shown
    receipt = client.get(f"/thanh-toan/{payment.pk}/bien-lai.pdf")
    assert receipt.content.startswith(b"%PDF")


@time_machine.travel(NOW, tick=False)
def test_the_fee_at_receipt_is_paid_by_transfer_with_its_reference(
    client, counter_cuong, citizen_an, committed
):
    with committed():
        dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 08:00")
    client.force_login(counter_cuong)

    missing = client.post(page(dossier), {"method": "transfer", "amount": "20000"})
    assert missing.status_code == 400
    assert "Nhập mã chuyển khoản để đối soát" in missing.content.decode()
    assert 'href="#id_transfer_reference"' in missing.content.decode()

    client.post(
        page(dossier),
        {"method": "transfer", "amount": "20000", "transfer_reference": "FT26061000123"},
    )
    payment = Payment.objects.get()
    assert (payment.method, payment.transfer_reference, payment.amount) == (
        "transfer",
        "FT26061000123",
        20_000,
    )
    assert Dossier.objects.get(pk=dossier.pk).status == 2  # a fee at receipt moves nothing


@time_machine.travel(NOW, tick=False)
def test_a_wrong_amount_is_refused_and_what_was_typed_is_kept(client, counter_cuong, in_obligation):
    client.force_login(counter_cuong)
    response = client.post(page(in_obligation), {"method": "cash", "amount": "50000"})

    assert response.status_code == 400
    body = response.content.decode()
    assert "Số tiền phải nộp là 500.000 đồng" in body
    assert 'value="50000"' in body
    assert not Payment.objects.exists()
    assert Dossier.objects.get(pk=in_obligation.pk).status == 6


@time_machine.travel(NOW, tick=False)
def test_an_amount_no_rule_gave_is_named_at_the_counter(client, counter_cuong, citizen_an):
    dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 08:00", code="1.001193")
    client.force_login(counter_cuong)

    unnamed = client.post(page(dossier), {"method": "cash", "amount": "8000"})
    assert "Nhập tên khoản thu" in unnamed.content.decode()
    client.post(
        page(dossier), {"method": "cash", "amount": "8000", "fee_name": "Lệ phí đăng ký khai sinh"}
    )

    fee = Fee.objects.get(dossier=dossier)
    assert (fee.name, fee.amount, fee.state) == ("Lệ phí đăng ký khai sinh", 8000, "paid")


@time_machine.travel(NOW, tick=False)
def test_an_officer_asks_for_an_obligation_amount_the_applicant_then_pays(
    client, officer_binh, counter_cuong, officer_chi, citizen_an
):
    dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 08:00")
    dossier.apply("forward", by=counter_cuong, agency_id=dossier.competent_agency_id)
    dossier.apply("request_obligation", by=officer_binh, note="Thuế")
    client.force_login(officer_binh)

    response = client.post(
        f"/mot-cua/ho-so/{dossier.code}/thu-phi/yeu-cau/",
        {"ask-fee_name": "Lệ phí trước bạ", "ask-amount": "300000"},
    )

    assert response.status_code == 302
    fee = Fee.objects.get(dossier=dossier)
    assert (fee.name, fee.kind, fee.amount, fee.state) == (
        "Lệ phí trước bạ",
        "nvtc",
        300_000,
        "due",
    )
    client.force_login(citizen_an)
    assert (
        "Thanh toán trực tuyến"
        in client.get(f"/ho-so-cua-toi/{dossier.reference}/").content.decode()
    )


def test_a_specialist_sees_the_page_but_only_the_counter_takes_money(
    client, officer_binh, in_obligation
):
    client.force_login(officer_binh)
    assert "Chỉ cán bộ Bộ phận Một cửa" in client.get(page(in_obligation)).content.decode()

    response = client.post(page(in_obligation), {"method": "cash", "amount": "500000"})

    assert response.status_code == 400
    assert not Payment.objects.exists()


def test_another_agencys_officer_gets_404(client, officer_chi, in_obligation):
    client.force_login(officer_chi)
    assert client.get(page(in_obligation)).status_code == 404
    assert (
        client.post(page(in_obligation), {"method": "cash", "amount": "500000"}).status_code == 404
    )
    assert client.post(f"{page(in_obligation)}yeu-cau/", {}).status_code == 404


def test_a_citizen_gets_403_and_a_visitor_signs_in(client, citizen_an, in_obligation):
    assert client.get(page(in_obligation)).status_code == 302
    client.force_login(citizen_an)
    assert client.get(page(in_obligation)).status_code == 403
    assert (
        client.post(page(in_obligation), {"method": "cash", "amount": "500000"}).status_code == 403
    )


def test_the_officers_dossier_page_shows_the_fees(client, counter_cuong, in_obligation):
    client.force_login(counter_cuong)
    body = client.get(f"/mot-cua/ho-so/{in_obligation.code}/").content.decode()

    assert "Phí, lệ phí và thanh toán" in body
    assert "500.000" in body
    assert page(in_obligation) in body


@time_machine.travel(NOW, tick=False)
def test_the_specialist_names_the_obligation_and_its_amount_when_asking_for_it(
    client, officer_binh, counter_cuong, citizen_an, committed
):
    dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 08:00")
    dossier.apply("forward", by=counter_cuong, agency_id=dossier.competent_agency_id)
    client.force_login(officer_binh)

    with committed():
        response = client.post(
            f"/mot-cua/ho-so/{dossier.code}/xu-ly/request_obligation/",
            {
                "note": "Nộp lệ phí trước bạ theo thông báo của cơ quan thuế",
                "fee_name": "Lệ phí trước bạ",
                "amount": "450000",
            },
        )

    assert response.status_code == 302
    fee = Fee.objects.get(dossier=dossier)
    assert (fee.name, fee.amount, fee.state) == ("Lệ phí trước bạ", 450_000, "due")
    client.force_login(counter_cuong)
    panel = client.get(f"/mot-cua/ho-so/{dossier.code}/").content.decode()
    assert f"/mot-cua/ho-so/{dossier.code}/thu-phi/" in panel
    assert "Thu tiền tại quầy (cấp biên lai)" in panel


@time_machine.travel(NOW, tick=False)
def test_the_actions_api_takes_the_obligation_amount(
    client, officer_binh, counter_cuong, citizen_an, committed
):
    from .conftest import bearer

    dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 08:00")
    dossier.apply("forward", by=counter_cuong, agency_id=dossier.competent_agency_id)

    with committed():
        response = client.post(
            f"/api/v1/dossiers/{dossier.code}/actions/request_obligation",
            {"note": "Thuế", "amount": 120000, "fee_name": "Thuế thu nhập cá nhân"},
            content_type="application/json",
            headers=bearer(officer_binh),
        )

    assert response.status_code == 200, response.content
    assert Fee.objects.get(dossier=dossier).amount == 120_000
    refused = client.post(
        f"/api/v1/dossiers/{dossier.code}/actions/request_obligation",
        {"note": "Thuế", "amount": 0},
        content_type="application/json",
        headers=bearer(officer_binh),
    )
    assert refused.status_code == 422
