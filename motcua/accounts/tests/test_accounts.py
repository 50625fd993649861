import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from motcua.accounts.choices import Role
from motcua.accounts.models import ApiToken, Membership, User


@pytest.mark.django_db
def test_a_citizen_signs_in_with_phone_or_email(citizen_an):
    assert authenticate(username="0912000001", password="motcua-demo-2026") == citizen_an
    assert authenticate(username="+84 912 000 001", password="motcua-demo-2026") == citizen_an
    assert authenticate(username="AN@example.vn", password="motcua-demo-2026") == citizen_an
    assert authenticate(username="0912000001", password="wrong") is None


@pytest.mark.django_db
def test_a_user_needs_a_phone_or_an_email():
    with pytest.raises(ValueError, match="phone number or an email"):
        User.objects.create_user(full_name="Nobody", password="x")
    with pytest.raises(IntegrityError):
        User.objects.create(full_name="Nobody")


@pytest.mark.django_db
def test_a_phone_number_must_be_vietnamese():
    with pytest.raises(ValidationError) as err:
        User.objects.create_user(phone="12345", full_name="Bad phone", password="x")
    assert "phone" in err.value.message_dict


@pytest.mark.django_db
def test_officer_chi_belongs_to_another_agency_than_officer_binh(officer_binh, officer_chi):
    binh = {(m.agency.code, m.role) for m in officer_binh.roles_on()}
    chi = {(m.agency.code, m.role) for m in officer_chi.roles_on()}

    assert binh == {("000.00.31.H19", Role.SPECIALIST)}
    assert chi == {("000.00.33.H19", Role.SPECIALIST)}


def test_memberships_are_read_once_per_user_until_one_is_written(
    officer_binh, django_assert_num_queries
):
    with django_assert_num_queries(1):
        first = officer_binh.memberships_today()
        assert officer_binh.memberships_today() is first  # the scope, the queue, apply()…

    Membership.objects.filter(user=officer_binh).update(valid_until=dt.date(2000, 1, 1))

    assert officer_binh.memberships_today() == []


@pytest.mark.django_db
def test_a_token_is_stored_hashed_and_can_be_revoked(citizen_an):
    token, secret = ApiToken.issue(citizen_an, "my script")

    assert secret.startswith(token.prefix + ".")
    assert secret not in token.hashed
    assert ApiToken.objects.authenticate(secret) == token
    token.revoke()
    assert ApiToken.objects.authenticate(secret) is None
    assert ApiToken.objects.authenticate(token.prefix + ".guess") is None
