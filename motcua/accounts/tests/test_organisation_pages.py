"""/tai-khoan/to-chuc/: declaring the organisations one acts for, and ending them."""

from __future__ import annotations

import pytest
import time_machine

from motcua.accounts.models import Representation

pytestmark = pytest.mark.django_db

DECLARATION = {
    "tax_code": "4600123456",
    "name": "Công ty TNHH Chè Tân Cương",
    "address": "Phường Phan Đình Phùng",
    "title": "Giám đốc",
    "valid_from": "01/03/2026",
    "valid_until": "",
}


@pytest.fixture
def signed_in(client, citizen_an):
    client.force_login(citizen_an)
    return client


@time_machine.travel("2026-03-10 09:00 +0700", tick=False)
def test_a_person_declares_an_organisation_they_act_for(signed_in, citizen_an):
    response = signed_in.post("/tai-khoan/to-chuc/khai-bao/", DECLARATION)

    assert response.status_code == 302
    row = Representation.objects.get(user=citizen_an)
    assert (row.organisation.tax_code, row.title, str(row.valid_from)) == (
        "4600123456",
        "Giám đốc",
        "2026-03-01",
    )
    assert "Công ty TNHH Chè Tân Cương" in signed_in.get("/tai-khoan/to-chuc/").content.decode()
    assert "Công ty TNHH Chè Tân Cương" in signed_in.get("/tai-khoan/").content.decode()


def test_a_malformed_tax_code_is_explained(signed_in):
    response = signed_in.post(
        "/tai-khoan/to-chuc/khai-bao/", {**DECLARATION, "tax_code": "46001234"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_tax_code"' in page
    assert "0101234567-001" in page
    assert not Representation.objects.exists()


@time_machine.travel("2026-03-10 09:00 +0700", tick=False)
def test_ending_a_representation_moves_it_to_the_ended_ones(signed_in, citizen_an):
    signed_in.post("/tai-khoan/to-chuc/khai-bao/", DECLARATION)
    row = Representation.objects.get(user=citizen_an)

    response = signed_in.post(f"/tai-khoan/to-chuc/{row.pk}/ket-thuc/", {"last_day": "09/03/2026"})

    assert response.status_code == 302
    row.refresh_from_db()
    assert str(row.valid_until) == "2026-03-09"
    assert (
        f"/tai-khoan/to-chuc/{row.pk}/ket-thuc/"
        not in signed_in.get("/tai-khoan/to-chuc/").content.decode()
    )


@time_machine.travel("2026-03-10 09:00 +0700", tick=False)
def test_it_cannot_end_before_it_began(signed_in, citizen_an):
    signed_in.post("/tai-khoan/to-chuc/khai-bao/", DECLARATION)
    row = Representation.objects.get(user=citizen_an)

    response = signed_in.post(f"/tai-khoan/to-chuc/{row.pk}/ket-thuc/", {"last_day": "28/02/2026"})

    assert response.status_code == 200
    assert "01/03/2026" in response.content.decode()


def test_someone_elses_declaration_is_404(client, citizen_an, volunteer_bao):
    client.force_login(citizen_an)
    client.post("/tai-khoan/to-chuc/khai-bao/", DECLARATION)
    row = Representation.objects.get(user=citizen_an)
    client.force_login(volunteer_bao)

    assert client.get(f"/tai-khoan/to-chuc/{row.pk}/ket-thuc/").status_code == 404
