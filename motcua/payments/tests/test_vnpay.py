"""VNPay 2.1.0 signing, checked against vectors computed here independently (hmac + urllib)."""

import datetime as dt
import hashlib
import hmac
from urllib.parse import parse_qsl, quote_plus, urlencode

import pytest

from motcua.payments import vnpay

SECRET = "SECRETKEYOFTHEMERCHANT"
PARAMS = {
    "vnp_Version": "2.1.0",
    "vnp_Command": "pay",
    "vnp_TmnCode": "DEMOV210",
    "vnp_Amount": "1000000",
    "vnp_CurrCode": "VND",
    "vnp_TxnRef": "MC0000000042",
    "vnp_OrderInfo": "Thanh toan phi le phi ho so 000.01.31.H19-260302-0001",
    "vnp_OrderType": "other",
    "vnp_Locale": "vn",
    "vnp_ReturnUrl": "https://dichvucong.example.vn/thanh-toan/ket-qua/",
    "vnp_IpAddr": "203.0.113.7",
    "vnp_CreateDate": "20260302080000",
    "vnp_ExpireDate": "20260302081500",
}


def independent_hash(params, secret):
    data = urlencode(sorted(params.items()), quote_via=quote_plus)
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def test_the_signature_is_hmac_sha512_of_the_sorted_quote_plus_encoded_parameters():
    assert vnpay.sign(PARAMS, SECRET) == independent_hash(PARAMS, SECRET)
    assert vnpay.hash_data(PARAMS) == urlencode(sorted(PARAMS.items()), quote_via=quote_plus)


def test_the_redirect_query_carries_the_parameters_and_their_signature():
    query = dict(parse_qsl(vnpay.signed_query(PARAMS, SECRET)))

    assert query.pop("vnp_SecureHash") == independent_hash(PARAMS, SECRET)
    assert query == PARAMS


def test_a_known_vector_stays_the_same():
    # Written down once from hmac.new(b"SECRETKEYOFTHEMERCHANT", data, sha512); a change in
    # the encoding (quote vs quote_plus, order, separators) breaks it.
    assert vnpay.sign({"vnp_Amount": "1000000", "vnp_OrderInfo": "a b&c"}, SECRET) == (
        hmac.new(
            SECRET.encode(), b"vnp_Amount=1000000&vnp_OrderInfo=a+b%26c", hashlib.sha512
        ).hexdigest()
    )


def test_verification_drops_the_hash_fields_and_accepts_either_case():
    signed = {
        **PARAMS,
        "vnp_SecureHashType": "HmacSHA512",
        "vnp_SecureHash": independent_hash(PARAMS, SECRET).upper(),
    }
    assert vnpay.verify(signed, SECRET)


@pytest.mark.parametrize(
    "change",
    [
        {"vnp_Amount": "2000000"},
        {"vnp_TxnRef": "MC0000000043"},
        {"vnp_Extra": "x"},
        {"vnp_SecureHash": "0" * 128},
        {"vnp_SecureHash": ""},
    ],
)
def test_any_change_breaks_the_signature(change):
    signed = {**PARAMS, "vnp_SecureHash": independent_hash(PARAMS, SECRET), **change}
    assert not vnpay.verify(signed, SECRET)


def test_another_secret_does_not_verify():
    signed = {**PARAMS, "vnp_SecureHash": independent_hash(PARAMS, "another")}
    assert not vnpay.verify(signed, SECRET)


def test_the_amount_is_sent_times_100_and_must_be_positive():
    assert vnpay.to_vnp_amount(10_000) == 1_000_000
    with pytest.raises(ValueError, match="positive"):
        vnpay.to_vnp_amount(0)


def test_pay_parameters_follow_api_2_1_0_in_vietnam_time():
    created = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
    params = vnpay.pay_params(
        tmn_code="T",
        amount=10_000,
        txn_ref="MC1",
        order_info="x",
        return_url="https://e.vn/r",
        ip="",
        created=created,
        expires=created + dt.timedelta(minutes=15),
    )

    assert params["vnp_Version"] == "2.1.0"
    assert params["vnp_Command"] == "pay"
    assert params["vnp_Amount"] == "1000000"
    assert params["vnp_CurrCode"] == "VND"
    assert params["vnp_CreateDate"] == "20260302080000"  # 01:00 UTC is 08:00 in Vietnam
    assert params["vnp_ExpireDate"] == "20260302081500"
    assert params["vnp_IpAddr"] == "127.0.0.1"


def test_success_needs_both_codes_00():
    assert vnpay.is_success({"vnp_ResponseCode": "00", "vnp_TransactionStatus": "00"})
    assert not vnpay.is_success({"vnp_ResponseCode": "24", "vnp_TransactionStatus": "02"})
    assert not vnpay.is_success({"vnp_ResponseCode": "00", "vnp_TransactionStatus": "02"})


def test_ipn_answers_are_the_documented_codes():
    assert vnpay.ipn_answer("00") == {"RspCode": "00", "Message": "Confirm Success"}
    assert {vnpay.ipn_answer(c)["RspCode"] for c in ("00", "01", "02", "04", "97", "99")} == {
        "00",
        "01",
        "02",
        "04",
        "97",
        "99",
    }


def test_the_merchant_api_checksum_joins_the_fields_with_pipes():
    fields = ["req1", "2.1.0", "querydr", "DEMOV210", "MC1", "20260302080000"]
    expected = hmac.new(SECRET.encode(), "|".join(fields).encode(), hashlib.sha512).hexdigest()
    assert vnpay.querydr_checksum(fields, SECRET) == expected


def test_dates_read_back_in_vietnam_time():
    moment = vnpay.parse_date("20260302081500")
    assert moment is not None
    assert vnpay.format_date(moment) == "20260302081500"
    assert vnpay.parse_date("not a date") is None
