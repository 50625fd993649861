"""A citizen sees their own dossiers and their timeline; another citizen gets 404."""

import pytest

from motcua.accounts.models import User
from motcua.dossiers.tests.factories import at, walk_in

pytestmark = pytest.mark.usefixtures("demo_catalog")


@pytest.fixture
def dossier(counter_cuong, citizen_an, officer_binh):
    dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 09:00")
    dossier.apply(
        "forward",
        by=counter_cuong,
        at=at("2026-03-02 10:00"),
        agency_id=dossier.competent_agency_id,
    )
    dossier.apply(
        "request_supplement",
        by=officer_binh,
        at=at("2026-03-03 09:00"),
        note="Thiếu giấy tờ chứng minh chỗ ở hợp pháp",
    )
    return dossier


def test_the_list_and_timeline_show_each_step_in_plain_words(client, dossier, citizen_an):
    client.force_login(citizen_an)

    listing = client.get("/ho-so-cua-toi/").content.decode()
    page = client.get(f"/ho-so-cua-toi/{dossier.reference}/").content.decode()

    assert "Đăng ký thường trú" in listing
    assert "Chờ bổ sung hồ sơ" in page
    assert "Thiếu giấy tờ chứng minh chỗ ở hợp pháp" in page
    assert page.index("Hồ sơ đã được tiếp nhận tại quầy") < page.index("Được yêu cầu bổ sung")


def test_another_citizen_gets_404(client, dossier):
    other = User.objects.create_user(phone="0912999999", full_name="Người khác", password="x")
    client.force_login(other)

    assert client.get(f"/ho-so-cua-toi/{dossier.reference}/").status_code == 404
    assert dossier.reference not in client.get("/ho-so-cua-toi/").content.decode()


def test_the_applicant_asks_to_withdraw_and_the_timeline_says_so(client, dossier, citizen_an):
    client.force_login(citizen_an)

    response = client.post(
        f"/ho-so-cua-toi/{dossier.reference}/rut-ho-so/", {"reason": "Tôi đã chuyển nơi ở"}
    )

    assert response["Location"] == f"/ho-so-cua-toi/{dossier.reference}/"
    dossier.refresh_from_db()
    assert dossier.status == 7
    page = client.get(response["Location"]).content.decode()
    assert "Bạn đã yêu cầu rút hồ sơ" in page
    assert "Rút hồ sơ này" not in page  # nothing left to withdraw


def test_another_citizen_cannot_withdraw_it(client, dossier):
    other = User.objects.create_user(phone="0912999998", full_name="Người khác", password="x")
    client.force_login(other)

    assert client.post(f"/ho-so-cua-toi/{dossier.reference}/rut-ho-so/").status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == 5
