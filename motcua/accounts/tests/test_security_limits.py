"""Security review D6 and D9: limits that hold behind the province's reverse proxy, that nobody
can turn against an account's owner, and a one-time code that is judged at most 5 times even
when guesses race on one session."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client, RequestFactory

from motcua.accounts.demo import DEMO_PASSWORD
from motcua.lib.net import client_address
from motcua.notifications import channels

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


def through_proxy(client_ip: str) -> dict[str, Any]:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_ip}


def test_d6_the_client_address_comes_from_a_trusted_proxy_only(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    factory = RequestFactory()
    assert client_address(factory.get("/", **through_proxy("203.0.113.7"))) == "203.0.113.7"
    # What the client wrote itself stands left of what the proxy saw: it is not believed.
    spoofed = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_address(spoofed) == "203.0.113.7"
    # A client that talks to the app directly cannot choose its address with the header.
    direct = factory.get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_address(direct) == "198.51.100.9"
    assert (
        client_address(factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="garbage")) == PROXY
    )


def test_d6_without_a_configured_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", **through_proxy("203.0.113.7"))
    assert client_address(request) == PROXY


def test_d6_the_public_lookup_limit_counts_each_client_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.LOOKUP_RATE = (2, 600)
    for _ in range(2):
        assert (
            client.get("/api/v1/lookup/N000000-XXXXXX", **through_proxy("203.0.113.7")).status_code
            == 404
        )
    assert (
        client.get("/api/v1/lookup/N000000-XXXXXX", **through_proxy("203.0.113.7")).status_code
        == 429
    )
    assert (
        client.get("/api/v1/lookup/N000000-XXXXXX", **through_proxy("203.0.113.8")).status_code
        == 404
    )


def sign_in(client: Client, password: str, address: str = "203.0.113.7"):
    return client.post(
        "/dang-nhap/", {"login": "0912000001", "password": password}, **through_proxy(address)
    )


def test_d6_a_stranger_cannot_lock_the_owner_out_of_her_account(citizen_an, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.LOGIN_RATE = (3, 600)
    settings.LOGIN_RATE_PER_ACCOUNT = (5, 3600)
    own_phone = Client()
    assert sign_in(own_phone, DEMO_PASSWORD, "198.51.100.20").status_code == 302
    own_phone.post("/dang-xuat/")

    stranger = Client()
    for attempt in range(12):  # from four addresses: both limits spent
        sign_in(stranger, "guess", f"203.0.113.{attempt % 4}")
    assert sign_in(stranger, DEMO_PASSWORD, "203.0.113.99").status_code == 200
    assert sign_in(Client(), DEMO_PASSWORD, "198.51.100.21").status_code == 200

    # Her phone, where she signed in before, still opens her account, from any address.
    assert sign_in(own_phone, DEMO_PASSWORD, "203.0.113.0").status_code == 302


def test_d6_a_known_browser_has_its_own_limit(citizen_an, settings):
    settings.LOGIN_RATE = (3, 600)
    own_phone = Client()
    assert sign_in(own_phone, DEMO_PASSWORD).status_code == 302
    own_phone.post("/dang-xuat/")
    for _ in range(3):
        sign_in(own_phone, "guess")
    assert sign_in(own_phone, DEMO_PASSWORD).status_code == 200


def test_d6_only_failures_count(citizen_an, settings):
    settings.LOGIN_RATE = (2, 600)
    for _ in range(4):
        browser = Client()
        assert sign_in(browser, DEMO_PASSWORD).status_code == 302


def test_d6_a_forged_device_cookie_is_worth_nothing(citizen_an, settings):
    settings.LOGIN_RATE = (2, 600)
    forged = Client()
    forged.cookies["mc_device"] = '{"d": "x", "a": []}'
    for _ in range(2):
        sign_in(forged, "guess")
    assert sign_in(forged, DEMO_PASSWORD).status_code == 200


def test_d9_guesses_racing_on_one_session_are_judged_at_most_five_times(
    client, django_capture_on_commit_callbacks
):
    channels.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/dang-ky/",
            {
                "full_name": "Lò Thị Mai",
                "login": "0987 654 321",
                "password1": "Bac-Kan-2026!",
                "password2": "Bac-Kan-2026!",
            },
        )
    match = re.search(r"\b(\d{6})\b", channels.sent[-1].text)
    assert match is not None
    code = match.group(1)
    wrong = "000000" if code != "000000" else "111111"
    # Parallel requests each read the session before any of them wrote it back: every guess
    # starts from the same session, as if the others had not happened.
    before = dict(client.session["registration"])
    for _ in range(10):
        session = client.session
        session["registration"] = before
        session.save()
        client.post("/dang-ky/xac-thuc/", {"code": wrong})
    session = client.session
    session["registration"] = before
    session.save()
    html = client.post("/dang-ky/xac-thuc/", {"code": code}).content.decode()
    assert "quá nhiều lần" in html
    assert "_auth_user_id" not in client.session
