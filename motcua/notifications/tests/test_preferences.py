"""The applicant chooses SMS and/or email per kind of message, and the language; the inbox is
always on, and a notice required by law keeps at least one external channel."""

from __future__ import annotations

import pytest

from motcua.dossiers.tests.factories import walk_in
from motcua.notifications.models import Notification, NotificationPreference

pytestmark = pytest.mark.usefixtures("demo_catalog")

PAGE = "/tai-khoan/thong-bao/"
API = "/api/v1/me/notification-preferences"
EVERY_KIND = ["submitted", "received", "supplement", "payment", "extension", "result", "rating"]


def form(language: str = "vi", **chosen: list[str]) -> dict[str, object]:
    data: dict[str, object] = {"language": language}
    for kind in EVERY_KIND:
        data[f"kind_{kind}"] = chosen.get(kind, ["sms"])
    return data


def channels_of_receipt(citizen) -> set[str]:
    return set(
        Notification.objects.filter(user=citizen, template="dossier_received").values_list(
            "channel", flat=True
        )
    )


def test_without_a_choice_the_receipt_goes_in_app_and_by_sms(counter_cuong, citizen_an, committed):
    with committed():
        walk_in(counter_cuong, citizen_an)
    assert channels_of_receipt(citizen_an) == {"in_app", "sms"}


def test_the_page_shows_every_kind_and_says_which_are_required(client, citizen_an):
    client.force_login(citizen_an)
    html = client.get(PAGE).content.decode()
    assert "Cách nhận thông báo về hồ sơ của bạn" in html
    assert "Yêu cầu bổ sung hồ sơ" in html
    assert html.count("Bắt buộc theo quy định") == 4
    assert 'name="kind_received" value="sms" id="id_kind_received_0" checked' in html


def test_the_profile_links_to_the_page(client, citizen_an):
    client.force_login(citizen_an)
    assert f'href="{PAGE}"' in client.get("/tai-khoan/").content.decode()


def test_a_visitor_signs_in_first(client):
    assert client.get(PAGE).status_code == 302


def test_a_choice_is_saved_and_followed(client, citizen_an, counter_cuong, committed):
    client.force_login(citizen_an)
    response = client.post(PAGE, form("en", received=["email"], rating=[]))
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=citizen_an)
    assert (preference.language, preference.channels["received"]) == ("en", ["email"])

    with committed():
        walk_in(counter_cuong, citizen_an)
    assert channels_of_receipt(citizen_an) == {"in_app", "email"}
    receipt = Notification.objects.get(
        user=citizen_an, template="dossier_received", channel="email"
    )
    assert receipt.language == "en"
    assert receipt.subject.endswith("received")


def test_both_channels_can_be_chosen(citizen_an, counter_cuong, client, committed):
    client.force_login(citizen_an)
    client.post(PAGE, form(received=["sms", "email"]))
    with committed():
        walk_in(counter_cuong, citizen_an)
    assert channels_of_receipt(citizen_an) == {"in_app", "sms", "email"}


def test_a_required_notice_cannot_lose_every_external_channel(client, citizen_an):
    client.force_login(citizen_an)
    response = client.post(PAGE, form(result=[], rating=[]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_kind_result"' in html
    assert "Thông báo này là bắt buộc theo quy định" in html
    assert 'name="kind_rating" value="sms" id="id_kind_rating_0" checked' not in html  # kept
    assert not NotificationPreference.objects.exists()


def test_the_api_reads_and_replaces_the_choice(client, citizen_an):
    client.force_login(citizen_an)
    body = client.get(API).json()
    assert body["language"] == "vi"
    assert body["channels"]["result"] == ["sms"]
    assert body["available"] == ["sms", "email"]
    assert "supplement" in body["required"]

    response = client.put(
        API,
        {"language": "en", "channels": {"rating": [], "result": ["sms", "email"]}},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["channels"]["result"] == ["sms", "email"]
    assert response.json()["channels"]["rating"] == []
    assert response.json()["channels"]["received"] == ["sms"]  # left out: the default


def test_the_api_refuses_a_required_notice_without_a_channel(client, citizen_an):
    client.force_login(citizen_an)
    response = client.put(
        API, {"language": "vi", "channels": {"supplement": []}}, content_type="application/json"
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "payload.channels.supplement"
    assert error["message"].startswith("Thông báo này là bắt buộc")


def test_the_api_refuses_an_unknown_channel(client, citizen_an):
    client.force_login(citizen_an)
    response = client.put(
        API, {"language": "vi", "channels": {"result": ["fax"]}}, content_type="application/json"
    )
    assert response.status_code == 422
