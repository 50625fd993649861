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


# Reminders and escalation (backoffice.reminders says who): the deadline job publishes these
# once per due date; the holder hears of both, the leaders above hear of an overdue dossier.
OFFICER_TEMPLATES = {"dossier.due_soon": "dossier_due_soon", "dossier.overdue": "dossier_overdue"}
LEADER_TEMPLATE = "dossier_overdue_leader"


def notify_officers(event: Event) -> None:
    """Remind whoever holds the dossier; on overdue, tell the leaders above them too."""
    from motcua.backoffice import reminders  # the back office's rules, loaded when used

    dossier = Dossier.objects.select_related("procedure_version", "competent_agency").get(
        pk=event.payload["dossier"])
    if not reminders.is_held_by_agency(dossier):
        return  # finished, or back with the applicant, before the reminder went out
    step = reminders.open_step(dossier)
    context: dict[str, Any] = {
        "reference": dossier.reference, "code": dossier.code or dossier.reference,
        "procedure": dossier.procedure_version.name, "due_date": dossier.due_at,
        "applicant": dossier.applicant_name,
        "agency": step.agency.name if step else dossier.competent_agency.name,
        "link": _officer_link(dossier),
    }
    holders = reminders.holders(dossier)
    for user in holders:
        _tell_officer(user, OFFICER_TEMPLATES[event.name], context, event.idempotency_key)
    if event.name == "dossier.overdue":
        held = {u.pk for u in holders}
        for leader in reminders.escalation_leaders(dossier):
            if leader.pk not in held:
                _tell_officer(leader, LEADER_TEMPLATE, context, event.idempotency_key)


def _officer_link(dossier: Dossier) -> str:
    from django.conf import settings

    return f"{settings.SITE_URL.rstrip('/')}/mot-cua/ho-so/{dossier.code or dossier.reference}/"


def _tell_officer(user: Any, template: str, context: dict[str, Any], event_key: str) -> None:
    """In-app, and by email when the officer has one; keys per person derive from the event's."""
    key = f"{event_key}:{user.pk}"
    send(channel="in_app", to=str(user.pk), user=user, template=template, context=context,
         key=f"{key}:in_app")
    if user.email:
        send(channel="email", to=user.email, user=user, template=template, context=context,
             key=f"{key}:email")
