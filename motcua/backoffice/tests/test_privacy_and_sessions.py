"""Personal answers stay out of caches; staff sessions end when idle (security review D11)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.accounts.models import ApiToken
from motcua.dossiers.tests.factories import at

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    value = response.get("Cache-Control", "")
    return "no-store" in value and "private" in value


def test_d11_personal_pages_not_cached(client, settings, citizen_an, officer_binh, demo_catalog):
    settings.STAFF_OTP_REQUIRED = False
    anonymous = [client.get("/thu-tuc/"), client.get("/api/v1/procedures")]
    client.force_login(citizen_an)
    citizen = [
        client.get("/ho-so-cua-toi/"),
        client.get("/api/v1/me"),
        client.get("/api/v1/dossiers"),
    ]
    client.force_login(officer_binh)
    staff = [client.get("/mot-cua/"), client.get("/api/v1/queues/mine")]
    client.logout()
    _token, secret = ApiToken.issue(citizen_an, "script", "read")
    token = client.get("/api/v1/dossiers", headers={"Authorization": f"Bearer {secret}"})

    assert [r.status_code for r in citizen + staff + [token]] == [200] * 6
    assert all(no_store(r) for r in citizen + staff + [token])
    assert not any(no_store(r) for r in anonymous)


def test_d11_signing_in_is_not_cached(client, citizen_an):
    citizen_an.set_password("mật-khẩu-đủ-dài")
    citizen_an.save()

    response = client.post(
        "/dang-nhap/", {"login": citizen_an.phone, "password": "mật-khẩu-đủ-dài"}
    )

    assert response.status_code == 302
    assert no_store(response)


def test_d11_an_api_write_is_never_cached(client):
    response = client.post("/api/v1/verifications", {})

    assert no_store(response)


def test_d11_permissions_policy_header(client, citizen_an):
    pages = [client.get("/"), client.get("/api/v1/procedures"), client.get("/khong-co/")]
    client.force_login(citizen_an)
    pages.append(client.get("/ho-so-cua-toi/"))

    for response in pages:
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy
        assert "microphone=()" in policy
        assert "geolocation=()" in policy


def test_d11_staff_session_expires_when_idle(client, settings, officer_binh, citizen_an):
    settings.STAFF_OTP_REQUIRED = False
    citizen = client_class_copy(client)
    start = at("2026-03-02 08:00")
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(officer_binh)
        citizen.force_login(citizen_an)
        assert client.get("/mot-cua/").status_code == 200
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/mot-cua/").status_code == 200  # still within the idle time
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/mot-cua/").status_code == 200  # activity kept it alive
        clock.shift(dt.timedelta(minutes=31))

        idle = client.get("/mot-cua/")
        api = client.get("/api/v1/queues/mine")

        assert idle.status_code == 302
        assert idle["Location"].startswith("/mot-cua/dang-nhap/")
        assert api.status_code == 401
        assert citizen.get("/ho-so-cua-toi/").status_code == 200  # citizens keep theirs


def test_d11_staff_session_ends_after_ten_hours_even_when_busy(client, settings, officer_binh):
    settings.STAFF_OTP_REQUIRED = False
    with time_machine.travel(at("2026-03-02 07:00"), tick=False) as clock:
        client.force_login(officer_binh)
        for _step in range(29):  # a request every 20 minutes, 9 h 40 min in all
            assert client.get("/mot-cua/").status_code == 200
            clock.shift(dt.timedelta(minutes=20))
        clock.shift(dt.timedelta(minutes=21))

        assert client.get("/mot-cua/").status_code == 302


def client_class_copy(client):
    """Another browser."""
    return type(client)()
