"""Who a VNeID log-in is in our accounts (accounts.federation), without the HTTP around it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from motcua.accounts.federation import (
    Identity,
    NoWayToSignIn,
    parse_level,
    parse_sex,
    read_claims,
    sign_in,
)
from motcua.accounts.models import ExternalIdentity, User

pytestmark = pytest.mark.django_db

HOA = Identity(
    subject="sub-hoa",
    full_name="Lý Thị Hoa",
    id_number="019196001122",
    date_of_birth=dt.date(1996, 5, 20),
    sex="female",
    phone="0912000099",
    email="hoa@example.vn",
    level=2,
)


@pytest.mark.parametrize(
    ("claim", "level"),
    [
        ("2", 2),
        (2, 2),
        ("level2", 2),
        ("urn:vneid:loa:2", 2),
        ("1", 1),
        (None, 0),
        ("x", 0),
        (True, 0),
    ],
)
def test_the_account_level_is_read_from_an_acr_like_claim(claim, level):
    assert parse_level(claim) == level


@pytest.mark.parametrize(
    ("claim", "sex"),
    [
        ("male", "male"),
        ("Nam", "male"),
        ("F", "female"),
        ("Nữ", "female"),
        ("other", ""),
    ],
)
def test_sex_is_read_in_english_or_vietnamese(claim, sex):
    assert parse_sex(claim) == sex


def test_claims_are_read_under_the_configured_names():
    identity = read_claims(
        {
            "sub": "abc",
            "ho_ten": "Lý Thị Hoa",
            "so_dinh_danh": "019 196 001122",
            "ngay_sinh": "20/05/1996",
            "gioi_tinh": "Nữ",
            "phone_number": "+84912000099",
            "email": "Hoa@Example.vn",
            "loa": "2",
        },
        {
            "full_name": "ho_ten",
            "id_number": "so_dinh_danh",
            "birthdate": "ngay_sinh",
            "sex": "gioi_tinh",
            "level": "loa",
        },
    )

    assert identity == Identity(
        "abc",
        "Lý Thị Hoa",
        "019196001122",
        dt.date(1996, 5, 20),
        "female",
        "0912000099",
        "hoa@example.vn",
        2,
    )


def test_a_number_that_contradicts_the_other_claims_is_not_kept():
    identity = read_claims({"sub": "abc", "citizen_id": "019085001234", "gender": "female"})

    assert identity.id_number == ""


def test_an_email_the_provider_did_not_verify_is_not_used():
    identity = read_claims({"sub": "abc", "email": "x@example.vn", "email_verified": False})

    assert identity.email == ""


def test_a_new_person_gets_a_citizen_account_linked_to_the_subject():
    user = sign_in("vneid", HOA)

    assert (user.full_name, user.id_number, user.kind) == ("Lý Thị Hoa", "019196001122", "citizen")
    assert user.vneid_verified
    assert ExternalIdentity.objects.get(subject="sub-hoa").user == user
    assert sign_in("vneid", HOA) == user


def test_the_subject_finds_the_user_even_after_their_phone_changed():
    user = sign_in("vneid", HOA)
    moved = Identity(**{**HOA.__dict__, "phone": "0988000000", "email": ""})

    assert sign_in("vneid", moved) == user


def test_a_number_merely_typed_into_another_account_is_not_trusted(citizen_an):
    """Someone who knows Hoa's number types it into their own profile: Hoa's log-in must not
    land in their account."""
    User.objects.filter(pk=citizen_an.pk).update(id_number=HOA.id_number)

    user = sign_in("vneid", HOA)

    assert user != citizen_an
    assert user.id_number == HOA.id_number


def test_a_number_verified_through_vneid_before_finds_the_account(citizen_an):
    User.objects.filter(pk=citizen_an.pk).update(
        id_number=HOA.id_number, vneid_verified_at=timezone.now()
    )

    assert sign_in("vneid", HOA) == citizen_an


def test_a_level_2_log_in_replaces_what_the_person_typed(citizen_an):
    an = Identity(
        "sub-an", "Nguyễn Văn An", "019085001234", dt.date(1985, 3, 12), "male", "0912000001", "", 2
    )
    User.objects.filter(pk=citizen_an.pk).update(full_name="An Nguyen")

    user = sign_in("vneid", an)

    assert user == citizen_an
    assert user.full_name == "Nguyễn Văn An"
    assert user.vneid_verified


def test_a_level_1_log_in_only_fills_empty_fields(citizen_an):
    User.objects.filter(pk=citizen_an.pk).update(full_name="An Nguyen", address="")
    an = Identity(
        "sub-an", "Nguyễn Văn An", "019085001234", dt.date(1985, 3, 12), "male", "0912000001", "", 1
    )

    user = sign_in("vneid", an)

    assert user.full_name == "An Nguyen"
    assert not user.vneid_verified


def test_a_phone_now_verified_as_someone_else_is_not_followed(citizen_an):
    User.objects.filter(pk=citizen_an.pk).update(vneid_verified_at=timezone.now())
    newcomer = Identity(
        "sub-new",
        "Lê Văn Mới",
        "019099004321",
        dt.date(1999, 1, 1),
        "male",
        "0912000001",
        "moi@example.vn",
        2,
    )

    user = sign_in("vneid", newcomer)

    assert user != citizen_an
    assert (user.phone, user.email) == (None, "moi@example.vn")


def test_without_a_free_phone_or_email_nobody_is_signed_in(citizen_an):
    User.objects.filter(pk=citizen_an.pk).update(vneid_verified_at=timezone.now())
    newcomer = Identity("sub-new", "Lê Văn Mới", "019099004321", None, "male", "0912000001", "", 2)

    with pytest.raises(NoWayToSignIn):
        sign_in("vneid", newcomer)
    assert not ExternalIdentity.objects.exists()
