"""Tell the applicant what happened to their dossier (architecture.md: notifications subscribe
to the dossier's domain events; the dossier core knows nothing of them)."""

from __future__ import annotations

from typing import Any

from motcua.dossiers.models import Dossier
from motcua.events.registry import Event

from .sending import send

TEMPLATES = {
    "dossier.submit_online": "dossier_submitted",
    "dossier.receive": "dossier_received",
    "dossier.receive_at_counter": "dossier_received",
}


def notify_applicant(event: Event) -> None:
    """Send the event's message in-app, and by SMS (or email when there is no phone)."""
    dossier = Dossier.objects.select_related("applicant", "procedure_version").get(
        pk=event.payload["dossier"])
    user = dossier.applicant
    template = TEMPLATES[event.name]
    context: dict[str, Any] = {
        "reference": dossier.reference, "code": dossier.code,
        "procedure": dossier.procedure_version.name, "due_date": dossier.due_at,
    }
    # Keys derive from the event's, so a redelivered event sends nothing twice.
    send(channel="in_app", to=str(user.pk), user=user, template=template, context=context,
         key=f"{event.idempotency_key}:in_app")
    if user.phone:
        send(channel="sms", to=user.phone, user=user, template=template, context=context,
             key=f"{event.idempotency_key}:sms")
    elif user.email:
        send(channel="email", to=user.email, user=user, template=template, context=context,
             key=f"{event.idempotency_key}:email")
