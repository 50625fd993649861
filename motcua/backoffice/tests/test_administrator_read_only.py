"""The Administrator role reads the whole province but never acts (security review D4)."""

from __future__ import annotations

import pytest
import time_machine

from motcua.conversations.models import Message
from motcua.dossiers.tests.factories import at

pytestmark = pytest.mark.django_db


@time_machine.travel(at("2026-03-03 09:00"), tick=False)
def test_d4_administrator_gets_404_on_action_fee_and_result_pages(
    client, settings, binh_dossier, admin_em
):
    settings.STAFF_OTP_REQUIRED = False
    client.force_login(admin_em)
    ref = binh_dossier.code

    assert client.get(f"/mot-cua/ho-so/{ref}/").status_code == 200  # reading stays
    for path in (
        f"/mot-cua/ho-so/{ref}/xu-ly/",
        f"/mot-cua/ho-so/{ref}/xu-ly/forward/",
        f"/mot-cua/ho-so/{ref}/thu-phi/",
        f"/mot-cua/ho-so/{ref}/ket-qua/",
    ):
        assert client.get(path).status_code == 404, path
    for path in (f"/mot-cua/ho-so/{ref}/thu-phi/yeu-cau/", f"/mot-cua/ho-so/{ref}/ket-qua/tao/"):
        assert client.post(path, {}).status_code == 404, path


@time_machine.travel(at("2026-03-03 09:00"), tick=False)
def test_d4_administrator_cannot_message_from_the_dossier_page(
    client, settings, binh_dossier, admin_em
):
    settings.STAFF_OTP_REQUIRED = False
    client.force_login(admin_em)

    client.post(f"/mot-cua/ho-so/{binh_dossier.code}/trao-doi/", {"message-body": "x"})

    assert not Message.objects.exists()


@time_machine.travel(at("2026-03-03 09:00"), tick=False)
def test_d4_administrator_gets_404_on_api_actions(client, binh_dossier, admin_em):
    client.force_login(admin_em)

    response = client.post(
        f"/api/v1/dossiers/{binh_dossier.code}/actions/request_withdrawal",
        {},
        content_type="application/json",
    )

    assert response.status_code == 404
