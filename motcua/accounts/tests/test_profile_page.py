"""/tai-khoan/: the profile page that pre-fills forms."""

from __future__ import annotations

import pytest
from django.utils import timezone

from motcua.units.choices import Level, Scheme
from motcua.units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Nguyễn Văn An",
    "id_number": "019085001234",
    "date_of_birth": "12/03/1985",
    "sex": "male",
    "address": "Tổ 5",
    "province": "19",
    "commune": "05443",
}


@pytest.fixture
def signed_in(client, demo_agencies, citizen_an):
    client.force_login(citizen_an)
    return client


def test_it_needs_a_signed_in_person(client):
    response = client.get("/tai-khoan/")

    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_it_shows_the_profile_and_the_communes_of_the_province(signed_in):
    page = signed_in.get("/tai-khoan/").content.decode()

    assert 'value="019085001234"' in page
    assert 'value="12/03/1985"' in page
    assert '<option value="05443" selected>' in page
    assert "0912000001" in page


def test_it_saves_the_profile(signed_in, citizen_an):
    response = signed_in.post("/tai-khoan/", {**FORM, "address": "Số 7, tổ 2", "commune": "05467"})

    assert response.status_code == 302
    citizen_an.refresh_from_db()
    assert citizen_an.address == "Số 7, tổ 2"
    assert citizen_an.commune.code == "05467"


def test_a_number_that_does_not_match_the_date_of_birth_is_explained(signed_in, citizen_an):
    response = signed_in.post("/tai-khoan/", {**FORM, "date_of_birth": "12/03/1990"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "phải là hai số cuối của năm sinh" in page
    assert 'href="#id_id_number"' in page
    citizen_an.refresh_from_db()
    assert str(citizen_an.date_of_birth) == "1985-03-12"


def test_a_number_of_the_wrong_length_is_explained(signed_in):
    page = signed_in.post("/tai-khoan/", {**FORM, "id_number": "019085001"}).content.decode()

    assert "số chứng minh nhân dân cũ" in page


def test_choosing_another_province_lists_its_communes_and_keeps_what_was_typed(signed_in):
    other = AdministrativeUnit.objects.create(
        scheme=Scheme.FROM_2025,
        level=Level.PROVINCE,
        code="01",
        name="Thành phố Hà Nội",
        division_type="thành phố",
        codename="ha_noi",
    )
    AdministrativeUnit.objects.create(
        scheme=Scheme.FROM_2025,
        level=Level.COMMUNE,
        code="00004",
        name="Phường Ba Đình",
        parent=other,
        division_type="phường",
        codename="ba_dinh",
    )

    response = signed_in.post(
        "/tai-khoan/", {**FORM, "province": "01", "address": "Ngõ 1", "show_communes": "1"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Phường Ba Đình" in page
    assert 'value="Ngõ 1"' in page
    assert "error-summary" not in page


def test_a_commune_of_another_province_is_refused_with_the_way_out(signed_in):
    AdministrativeUnit.objects.create(
        scheme=Scheme.FROM_2025,
        level=Level.PROVINCE,
        code="01",
        name="Thành phố Hà Nội",
        division_type="thành phố",
        codename="ha_noi",
    )

    response = signed_in.post("/tai-khoan/", {**FORM, "province": "01"})

    assert response.status_code == 200
    assert 'href="#id_commune"' in response.content.decode()


def test_what_vneid_vouches_for_cannot_be_changed(signed_in, citizen_an):
    citizen_an.vneid_verified_at = timezone.now()
    citizen_an.save()

    page = signed_in.get("/tai-khoan/").content.decode()
    response = signed_in.post(
        "/tai-khoan/",
        {**FORM, "full_name": "Someone Else", "id_number": "019090001234", "address": "Tổ 8"},
    )

    assert "VNeID" in page
    assert page.count("disabled") >= 4
    assert response.status_code == 302
    citizen_an.refresh_from_db()
    assert (citizen_an.full_name, citizen_an.id_number, citizen_an.address) == (
        "Nguyễn Văn An",
        "019085001234",
        "Tổ 8",
    )
