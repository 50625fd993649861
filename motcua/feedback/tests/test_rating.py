"""The applicant rates the handling of their dossier once it has a result."""

from __future__ import annotations

import pytest

from motcua.accounts.models import ApiToken
from motcua.dossiers.models import Fact
from motcua.dossiers.tests.factories import at, walk_in
from motcua.feedback.errors import Hidden, Invalid, Refused
from motcua.feedback.rating import rate

pytestmark = pytest.mark.usefixtures("demo_catalog")


def bearer(user, scope="write"):
    _token, secret = ApiToken.issue(user, "script", scope)
    return {"Authorization": f"Bearer {secret}"}


def put(client, path, body, headers):
    return client.put(path, body, content_type="application/json", headers=headers)


# --- the rules -------------------------------------------------------------------------------


def test_the_applicant_rates_a_decided_dossier_and_a_fact_is_recorded(decided, citizen_an):
    rate(decided, citizen_an, "very-satisfied", at=at("2026-03-06 09:00"))

    decided.refresh_from_db()
    assert (decided.rating, decided.rated_at) == ("very-satisfied", at("2026-03-06 09:00"))
    fact = Fact.objects.filter(dossier=decided).latest("id")
    assert (fact.event, fact.flags, fact.status) == ("rate", {"rating": "very-satisfied"}, 9)


def test_the_rating_can_change_and_each_change_is_a_fact(decided, citizen_an):
    rate(decided, citizen_an, "satisfied")
    rate(decided, citizen_an, "not-satisfied", "Phải đi lại hai lần")

    decided.refresh_from_db()
    assert (decided.rating, decided.rating_reason) == ("not-satisfied", "Phải đi lại hai lần")
    assert list(
        Fact.objects.filter(dossier=decided, event="rate").values_list("flags__rating", flat=True)
    ) == ["satisfied", "not-satisfied"]


def test_not_satisfied_needs_a_reason(decided, citizen_an):
    with pytest.raises(Invalid) as caught:
        rate(decided, citizen_an, "not-satisfied", "  ")

    assert caught.value.field == "reason"
    decided.refresh_from_db()
    assert decided.rating == ""


def test_there_is_nothing_to_rate_before_the_result(counter_cuong, citizen_an):
    dossier = walk_in(counter_cuong, citizen_an)

    with pytest.raises(Refused):
        rate(dossier, citizen_an, "satisfied")
    assert not Fact.objects.filter(event="rate").exists()


def test_only_the_applicant_rates(decided, citizen_binh_b, leader_dung):
    for person in (citizen_binh_b, leader_dung):
        with pytest.raises(Hidden):
            rate(decided, person, "satisfied")


# --- the dossier page ------------------------------------------------------------------------


def test_the_dossier_page_offers_the_rating_form_once_there_is_a_result(
    client, decided, citizen_an
):
    client.force_login(citizen_an)

    page = client.get(f"/ho-so-cua-toi/{decided.reference}/").content.decode()

    assert f'action="/ho-so-cua-toi/{decided.reference}/danh-gia/"' in page
    assert page.count('type="radio" name="rating"') == 3
    assert 'name="reason"' in page
    assert f'href="/phan-anh/gui/?ho-so={decided.reference}"' in page


def test_no_rating_form_while_the_dossier_is_being_handled(client, counter_cuong, citizen_an):
    dossier = walk_in(counter_cuong, citizen_an)
    client.force_login(citizen_an)

    page = client.get(f"/ho-so-cua-toi/{dossier.reference}/").content.decode()

    assert 'name="rating"' not in page
    assert f"/phan-anh/gui/?ho-so={dossier.reference}" in page
    assert (
        client.post(
            f"/ho-so-cua-toi/{dossier.reference}/danh-gia/", {"rating": "satisfied"}
        ).status_code
        == 302
    )
    dossier.refresh_from_db()
    assert dossier.rating == ""


def test_rating_on_the_page_thanks_and_shows_the_rating(client, decided, citizen_an):
    client.force_login(citizen_an)

    response = client.post(
        f"/ho-so-cua-toi/{decided.reference}/danh-gia/", {"rating": "satisfied", "reason": ""}
    )

    assert response["Location"] == f"/ho-so-cua-toi/{decided.reference}/"
    decided.refresh_from_db()
    assert decided.rating == "satisfied"
    page = client.get(response["Location"]).content.decode()
    assert 'class="thanks"' in page
    assert "badge-rating-satisfied" in page
    assert '<details class="change-rating">' in page  # a way to change it


def test_not_satisfied_without_a_reason_comes_back_with_an_error_summary(
    client, decided, citizen_an
):
    client.force_login(citizen_an)

    response = client.post(
        f"/ho-so-cua-toi/{decided.reference}/danh-gia/", {"rating": "not-satisfied", "reason": ""}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#rating_reason"' in html
    assert 'value="not-satisfied" id="rating_rating_2" required checked' in html
    decided.refresh_from_db()
    assert decided.rating == ""


def test_another_citizen_gets_404_on_the_rating_page(client, decided, citizen_binh_b):
    client.force_login(citizen_binh_b)

    assert client.get(f"/ho-so-cua-toi/{decided.reference}/danh-gia/").status_code == 404
    assert (
        client.post(
            f"/ho-so-cua-toi/{decided.reference}/danh-gia/", {"rating": "satisfied"}
        ).status_code
        == 404
    )


# --- the API ---------------------------------------------------------------------------------


def test_the_api_rates_by_code_or_reference(client, decided, citizen_an):
    response = put(
        client,
        f"/api/v1/dossiers/{decided.code}/rating",
        {"rating": "very-satisfied"},
        bearer(citizen_an),
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["dossier"], body["rating"]) == (decided.reference, "very-satisfied")
    assert body["rated_at"].endswith("+07:00")


def test_the_api_answers_422_without_a_reason_for_not_satisfied(client, decided, citizen_an):
    response = put(
        client,
        f"/api/v1/dossiers/{decided.reference}/rating",
        {"rating": "not-satisfied"},
        bearer(citizen_an),
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["payload.reason"]


def test_the_api_answers_409_before_the_result(client, counter_cuong, citizen_an):
    dossier = walk_in(counter_cuong, citizen_an)

    response = put(
        client,
        f"/api/v1/dossiers/{dossier.code}/rating",
        {"rating": "satisfied"},
        bearer(citizen_an),
    )

    assert response.status_code == 409
    assert response.json()["message"]


def test_the_api_answers_404_to_anyone_but_the_applicant(
    client, decided, leader_dung, citizen_binh_b
):
    for person in (leader_dung, citizen_binh_b):
        response = put(
            client,
            f"/api/v1/dossiers/{decided.code}/rating",
            {"rating": "satisfied"},
            bearer(person),
        )
        assert response.status_code == 404


def test_a_read_only_token_may_not_rate(client, decided, citizen_an):
    response = put(
        client,
        f"/api/v1/dossiers/{decided.code}/rating",
        {"rating": "satisfied"},
        bearer(citizen_an, "read"),
    )

    assert response.status_code == 403
