"""Tell the applicant what happened to their dossier (architecture.md: notifications subscribe
to the dossier's domain events; the dossier core knows nothing of them)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from motcua.dossiers.choices import Outcome
from motcua.dossiers.models import Dossier
from motcua.events.registry import Event

from . import kinds
from .kinds import Kind
from .models import Language, NotificationPreference
from .sending import send

# Every event the applicant hears of, and its template (kinds.py says which and why).
TEMPLATES = {event: kinds.TEMPLATES[kind] for event, kind in kinds.EVENTS.items()}


def notify_applicant(event: Event) -> None:
    """Send the event's message in-app, and by SMS and/or email as the applicant chose
    (kinds.channels_for), in the language they chose."""
    dossier = Dossier.objects.select_related("applicant", "procedure_version").get(
        pk=event.payload["dossier"]
    )
    user = dossier.applicant
    kind = kinds.EVENTS[event.name]
    preference = NotificationPreference.objects.filter(user=user).first()
    language = preference.language if preference else Language.VI
    context = message_context(dossier, kind, event)
    reachable = kinds.available_channels(user.phone, user.email)
    external = kinds.channels_for(kind, preference.channels if preference else None, reachable)
    recipients = [("in_app", str(user.pk))] + [
        (c.value, user.phone if c is kinds.External.SMS else user.email) for c in external
    ]
    for channel, to in recipients:
        # Keys derive from the event's, so a redelivered event sends nothing twice.
        send(
            channel=channel,
            to=str(to),
            user=user,
            template=kinds.TEMPLATES[kind],
            context=context,
            language=language,
            key=f"{event.idempotency_key}:{channel}",
            dossier=dossier,
            kind=kind.value,
        )


def portal_link(name: str, dossier: Dossier) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[dossier.reference])


def message_context(dossier: Dossier, kind: Kind, event: Event) -> dict[str, Any]:
    """What the templates of ``kind`` show: the dossier, and what the event adds."""
    context: dict[str, Any] = {
        "reference": dossier.reference,
        "code": dossier.code or dossier.reference,
        "procedure": dossier.procedure_version.name,
        "due_date": dossier.due_at,
        "link": portal_link("portal:my-dossier", dossier),
    }
    if kind in (Kind.SUPPLEMENT, Kind.EXTENSION):
        # The officer's list of missing papers, or the reasons of the delay (Form 02, Form 04),
        # as the transition recorded them.
        transition = (
            dossier.transitions.filter(event=event.name.removeprefix("dossier."))
            .order_by("-id")
            .first()
        )
        context["details"] = transition.note.strip() if transition else ""
    if kind is Kind.PAYMENT:
        # Grouped as each language writes amounts (Django's "vi" formats do not group).
        amount = f"{int(event.payload.get('amount') or 0):,}"
        context["amount_vi"], context["amount_en"] = amount.replace(",", "."), amount
    if kind is Kind.RESULT:
        context["refused"] = dossier.outcome == Outcome.REFUSED
        context["e_result_url"] = dossier.e_result_url
    if kind is Kind.RATING:
        context["rating_link"] = portal_link("portal:my-dossier-rating", dossier)
    return context


# Reminders and escalation (backoffice.reminders says who): the deadline job publishes these
# once per due date; the holder hears of both, the leaders above hear of an overdue dossier.
OFFICER_TEMPLATES = {"dossier.due_soon": "dossier_due_soon", "dossier.overdue": "dossier_overdue"}
LEADER_TEMPLATE = "dossier_overdue_leader"


def notify_officers(event: Event) -> None:
    """Remind whoever holds the dossier; on overdue, tell the leaders above them too."""
    from motcua.dossiers import reminders  # loaded when used

    dossier = Dossier.objects.select_related("procedure_version", "competent_agency").get(
        pk=event.payload["dossier"]
    )
    if not reminders.is_held_by_agency(dossier):
        return  # finished, or back with the applicant, before the reminder went out
    step = reminders.open_step(dossier)
    context: dict[str, Any] = {
        "reference": dossier.reference,
        "code": dossier.code or dossier.reference,
        "procedure": dossier.procedure_version.name,
        "due_date": dossier.due_at,
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
    return f"{settings.SITE_URL.rstrip('/')}/mot-cua/ho-so/{dossier.code or dossier.reference}/"


def _tell_officer(user: Any, template: str, context: dict[str, Any], event_key: str) -> None:
    """In-app, and by email when the officer has one; keys per person derive from the event's."""
    key = f"{event_key}:{user.pk}"
    send(
        channel="in_app",
        to=str(user.pk),
        user=user,
        template=template,
        context=context,
        key=f"{key}:in_app",
    )
    if user.email:
        send(
            channel="email",
            to=user.email,
            user=user,
            template=template,
            context=context,
            key=f"{key}:email",
        )
