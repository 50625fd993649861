"""A citizen creates an account with a one-time code, signs in, and follows their dossiers."""

from __future__ import annotations

import re

import pytest

from motcua.accounts.models import User
from motcua.notifications import channels

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Lò Thị Mai",
    "login": "0987 654 321",
    "password1": "Bac-Kan-2026!",
    "password2": "Bac-Kan-2026!",
}


@pytest.fixture(autouse=True)
def _no_sms_left():
    channels.sent.clear()


def last_code() -> str:
    match = re.search(r"\b(\d{6})\b", channels.sent[-1].text)
    assert match is not None
    return match.group(1)


def register(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/dang-ky/", {**FORM, **changes})


def test_a_citizen_registers_with_a_code_sent_by_sms(client, django_capture_on_commit_callbacks):
    response = register(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == "/dang-ky/xac-thuc/"
    assert channels.sent[-1].to == "0987654321"
    assert not User.objects.filter(phone="0987654321").exists()

    response = client.post("/dang-ky/xac-thuc/", {"code": last_code()})

    assert response["Location"] == "/ho-so-cua-toi/"
    user = User.objects.get(phone="0987654321")
    assert user.full_name == "Lò Thị Mai"
    assert user.check_password("Bac-Kan-2026!")
    assert "Hồ sơ của tôi" in client.get("/ho-so-cua-toi/").content.decode()


def test_a_wrong_code_says_how_many_tries_are_left(client, django_capture_on_commit_callbacks):
    register(client, django_capture_on_commit_callbacks)
    wrong = "000000" if last_code() != "000000" else "111111"

    html = client.post("/dang-ky/xac-thuc/", {"code": wrong}).content.decode()

    assert "Bạn còn 4 lần thử" in html
    assert not User.objects.filter(phone="0987654321").exists()


def test_bad_input_is_explained_and_kept(client, django_capture_on_commit_callbacks):
    response = register(
        client, django_capture_on_commit_callbacks, login="12345", password2="other"
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert 'role="alert"' in html
    assert 'href="#id_login"' in html
    assert "Lò Thị Mai" in html  # what the person typed is kept
    assert channels.sent == []


def test_an_existing_phone_number_is_sent_to_sign_in(
    client, citizen_an, django_capture_on_commit_callbacks
):
    html = register(client, django_capture_on_commit_callbacks, login="0912000001").content.decode()
    assert "đã có tài khoản. Vui lòng đăng nhập." in html
    assert channels.sent == []


def test_codes_are_rate_limited(client, settings, django_capture_on_commit_callbacks):
    settings.OTP_RATE = (1, 3600)
    register(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        html = client.post("/dang-ky/xac-thuc/", {"resend": "1"}).content.decode()
    assert len(channels.sent) == 1
    assert 'role="alert"' in html


def test_sign_in_with_phone_and_out(client, citizen_an):
    response = client.post("/dang-nhap/", {"login": "0912 000 001", "password": "motcua-demo-2026"})
    assert response["Location"] == "/ho-so-cua-toi/"

    client.post("/dang-xuat/")
    assert client.get("/ho-so-cua-toi/")["Location"].startswith("/dang-nhap/")


def test_a_wrong_password_is_refused_with_a_message(client, citizen_an):
    html = client.post(
        "/dang-nhap/", {"login": "an@example.vn", "password": "wrong"}
    ).content.decode()
    assert "không khớp" in html


def test_sign_in_attempts_are_rate_limited(client, citizen_an, settings):
    settings.LOGIN_RATE = (2, 600)
    for _ in range(2):
        client.post("/dang-nhap/", {"login": "an@example.vn", "password": "wrong"})
    html = client.post(
        "/dang-nhap/", {"login": "an@example.vn", "password": "motcua-demo-2026"}
    ).content.decode()
    assert "10 phút" in html
