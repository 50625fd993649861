"""Staff sign in at /mot-cua/dang-nhap/ with a password, then a TOTP code when the policy
asks; citizens are turned away politely."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.demo import DEMO_PASSWORD
from motcua.backoffice.models import StaffSecurity

pytestmark = pytest.mark.django_db


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def sign_in(client, login="binh@example.vn", password=DEMO_PASSWORD, next_=""):
    data = {"login": login, "password": password}
    if next_:
        data["next"] = next_
    return client.post("/mot-cua/dang-nhap/", data)


def test_an_officer_signs_in_with_a_password_when_no_second_factor_is_required(
    client, officer_binh, settings
):
    settings.STAFF_OTP_REQUIRED = False
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/mot-cua/"
    assert client.get("/mot-cua/").status_code == 200


def test_a_citizen_is_refused_politely_and_stays_signed_out(client, citizen_an):
    response = sign_in(client, login="an@example.vn")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert b"error-summary" in response.content


def test_a_wrong_password_signs_nobody_in(client, officer_binh):
    response = sign_in(client, password="not-it")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_attempts_are_rate_limited(client, officer_binh, settings):
    settings.LOGIN_RATE = (2, 600)
    for _ in range(2):
        sign_in(client, password="wrong")
    response = sign_in(client)  # the right password, but too late
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_first_sign_in_under_the_policy_sets_up_an_authenticator(
    client, officer_binh, settings
):
    settings.STAFF_OTP_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code delays the next try, not here
    response = sign_in(client, next_="/mot-cua/phan-anh/")
    assert response["Location"] == "/mot-cua/xac-thuc-hai-buoc/"
    assert "_auth_user_id" not in client.session  # a password alone opens nothing
    page = client.get("/mot-cua/xac-thuc-hai-buoc/")
    assert b"<svg" in page.content
    assert b"otpauth" not in page.content
    device = TOTPDevice.objects.get(user=officer_binh)
    assert not device.confirmed
    wrong = client.post(
        "/mot-cua/xac-thuc-hai-buoc/",
        {"code": "000000" if code_of(device) != "000000" else "111111"},
    )
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    done = client.post("/mot-cua/xac-thuc-hai-buoc/", {"code": code_of(device)})
    assert done["Location"] == "/mot-cua/phan-anh/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/mot-cua/").status_code == 200


def test_later_sign_ins_ask_for_the_code(client, officer_binh, settings):
    settings.STAFF_OTP_REQUIRED = True
    device = TOTPDevice.objects.create(user=officer_binh, name="app", confirmed=True)
    assert sign_in(client)["Location"] == "/mot-cua/dang-nhap/ma-xac-thuc/"
    assert client.get("/mot-cua/").status_code == 302
    response = client.post("/mot-cua/dang-nhap/ma-xac-thuc/", {"code": code_of(device)})
    assert response["Location"] == "/mot-cua/"
    assert client.get("/mot-cua/").status_code == 200


def test_the_administrator_can_require_the_second_factor_of_one_person(
    client, officer_binh, settings
):
    settings.STAFF_OTP_REQUIRED = False
    StaffSecurity.objects.create(user=officer_binh, require_second_factor=True)
    assert sign_in(client)["Location"] == "/mot-cua/xac-thuc-hai-buoc/"


def test_a_session_without_the_second_factor_is_sent_to_the_staff_sign_in(
    client, officer_binh, settings
):
    settings.STAFF_OTP_REQUIRED = True
    client.force_login(officer_binh)  # e.g. through the citizens' sign-in page
    response = client.get("/mot-cua/phan-anh/")
    assert response.status_code == 302
    assert response["Location"].startswith("/mot-cua/dang-nhap/?next=")


def test_sign_out(client, officer_binh):
    client.force_login(officer_binh)
    response = client.post("/mot-cua/dang-xuat/")
    assert response["Location"] == "/mot-cua/dang-nhap/"
    assert "_auth_user_id" not in client.session
