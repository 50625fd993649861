"""Event deliveries in the admin: admin_em sees what failed and retries it (outbox/admin.py)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.utils import timezone

from motcua.events.models import EventMessage

pytestmark = pytest.mark.django_db

URL = "/admin/events/eventmessage/"


@pytest.fixture
def deliveries() -> None:
    """One delivery in each state; the dead one's error is a whole traceback."""
    now = timezone.now()
    states: list[tuple[str, dict[str, Any]]] = [
        ("pending", {}),
        ("delivered", {"delivered_at": now}),
        (
            "dead",
            {
                "dead_at": now,
                "attempts": 8,
                "last_error": "TimeoutError: SMS gateway timed out\n\nTraceback …",
            },
        ),
    ]
    for key, changes in states:
        EventMessage.objects.create(
            idempotency_key=f"{key}:notifications.receipt",
            event_id=uuid.uuid4(),
            event="dossier.received",
            subject=f"dossier:{key}",
            occurred_at=now,
            subscriber="notifications.receipt",
            **changes,
        )


def test_it_lists_the_deliveries_by_state(client, admin_em, deliveries):
    client.force_login(admin_em)
    page = client.get(URL, {"state": "dead"}).content.decode()
    assert "dossier:dead" in page
    assert "TimeoutError: SMS gateway timed out" in page
    assert "Traceback" not in page  # the list shows the error's first line only
    assert "dossier:pending" not in page
    assert "dossier:delivered" not in page


def test_it_retries_the_selected_dead_deliveries(client, admin_em, deliveries):
    client.force_login(admin_em)
    response = client.post(
        URL,
        {
            "action": "retry_dead",
            "_selected_action": list(EventMessage.objects.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 302
    dead = EventMessage.objects.get(idempotency_key="dead:notifications.receipt")
    assert (dead.state, dead.attempts) == ("pending", 0)
    assert EventMessage.objects.get(idempotency_key="delivered:notifications.receipt").state == (
        "delivered"
    )


def test_deliveries_cannot_be_added_edited_or_deleted(client, admin_em, deliveries):
    client.force_login(admin_em)
    dead = EventMessage.objects.get(idempotency_key="dead:notifications.receipt")
    assert client.get(URL + "add/").status_code == 403
    assert client.get(f"{URL}{dead.pk}/delete/").status_code == 403
    change = client.get(f"{URL}{dead.pk}/change/")
    assert change.status_code == 200
    assert not change.context["has_change_permission"]
