"""Notifications and inbox messages in the admin: read-only lists."""

from __future__ import annotations

import pytest

from motcua.notifications.models import InAppMessage
from motcua.notifications.sending import send

pytestmark = pytest.mark.django_db


def test_the_admin_lists_notifications_and_inbox_messages(client, admin_em, citizen_an, committed):
    with committed():
        send(
            channel="in_app",
            to=str(citizen_an.pk),
            template="dossier_submitted",
            context={"reference": "HS-0042", "procedure": "P"},
        )
    client.force_login(admin_em)
    assert "HS-0042" in client.get("/admin/notifications/notification/").content.decode()
    assert "HS-0042" in client.get("/admin/notifications/inappmessage/").content.decode()
    message = InAppMessage.objects.get()
    page = client.get(f"/admin/notifications/inappmessage/{message.pk}/change/")
    assert page.status_code == 200
    assert client.get("/admin/notifications/inappmessage/add/").status_code == 403
