"""The profile's rules (accounts.profile), shared by the profile page and PATCH /api/v1/me."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from motcua.accounts import profile
from motcua.units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def test_prefill_values_give_every_answer_as_a_string(demo_agencies, citizen_an):
    assert profile.prefill_values(citizen_an) == {
        "full_name": "Nguyễn Văn An",
        "id_number": "019085001234",
        "date_of_birth": "1985-03-12",
        "sex": "male",
        "phone": "0912000001",
        "email": "an@example.vn",
        "address": "Số 12, ngõ 3, đường Hoàng Văn Thụ, tổ 5",
        "commune": "05443",
    }


def test_a_persona_whose_commune_is_not_loaded_has_none(citizen_an):
    assert not AdministrativeUnit.objects.exists()
    assert citizen_an.commune is None
    assert profile.prefill_values(citizen_an)["commune"] == ""


def test_an_empty_profile_prefills_empty_strings(django_user_model):
    user = django_user_model.objects.create_user(phone="0912345678", full_name="Mai")

    values = profile.prefill_values(user)

    assert values["id_number"] == values["date_of_birth"] == values["commune"] == ""
    assert values["email"] == ""


def test_volunteer_bao_has_a_valid_number_of_a_woman_born_in_the_1900s(volunteer_bao):
    assert volunteer_bao.id_number[:4] == "0191"
    assert profile.problems(volunteer_bao, {}) == {}


def test_a_number_that_disagrees_with_the_birth_year_is_explained(citizen_an):
    found = profile.problems(citizen_an, {"id_number": "019090001234"})

    assert list(found) == ["id_number"]
    assert "«90»" in found["id_number"][0]
    assert "«85»" in found["id_number"][0]


def test_a_number_that_disagrees_with_the_sex_is_explained(citizen_an):
    found = profile.problems(citizen_an, {"sex": "female"})

    assert "nữ" in found["id_number"][0]


def test_separators_are_dropped_when_saving(citizen_an):
    changed = profile.save(citizen_an, {"id_number": "019 085 001 234", "address": "Tổ 1"})

    citizen_an.refresh_from_db()
    assert citizen_an.id_number == "019085001234"
    assert changed == ["address"]


def test_what_vneid_vouches_for_is_locked_once_verified(citizen_an):
    assert profile.locked_fields(citizen_an) == frozenset()
    citizen_an.vneid_verified_at = timezone.now()

    found = profile.problems(
        citizen_an,
        {"full_name": "Nguyễn Văn Ân", "date_of_birth": dt.date(1985, 3, 12), "address": "Tổ 2"},
    )

    assert profile.locked_fields(citizen_an) == {"full_name", "id_number", "date_of_birth", "sex"}
    assert list(found) == ["full_name"]  # the same date of birth is not a change
    assert "VNeID" in found["full_name"][0]


def test_a_phone_only_account_has_no_email(django_user_model):
    user = django_user_model.objects.create_user(phone="0912345678", full_name="Mai")

    user.refresh_from_db()
    assert user.email is None
