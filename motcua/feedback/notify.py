"""Tell the petitioner what the agency did: in their inbox on the portal always, and by SMS or
email when they asked for it (notifications/sending.py; sent after the commit)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from motcua.notifications.sending import send

from .choices import ContactBy
from .transitions import Event

if TYPE_CHECKING:
    from .models import Petition, PetitionEntry

TEMPLATES = {
    Event.ANSWER: "petition_answered",
    Event.REFUSE: "petition_refused",
    Event.REQUEST_MORE: "petition_more_info",
}


def tell_petitioner(petition: Petition, entry: PetitionEntry) -> None:
    """Queue the message of `entry`, if its event has one; once per entry and channel."""
    template = TEMPLATES.get(Event(entry.event))
    if template is None:
        return
    user = petition.petitioner
    context: dict[str, Any] = {
        "reference": petition.reference,
        "subject": petition.subject,
        "text": entry.text,
        "agency": petition.agency.name if petition.agency else "",
    }
    key = f"petition-entry:{entry.pk}"
    send(
        channel="in_app",
        to=str(user.pk),
        user=user,
        template=template,
        context=context,
        key=f"{key}:in_app",
        dossier=petition.dossier,
    )
    if petition.contact_by == ContactBy.SMS and user.phone:
        send(
            channel="sms",
            to=user.phone,
            user=user,
            template=template,
            context=context,
            key=f"{key}:sms",
            dossier=petition.dossier,
        )
    elif petition.contact_by == ContactBy.EMAIL and user.email:
        send(
            channel="email",
            to=user.email,
            user=user,
            template=template,
            context=context,
            key=f"{key}:email",
            dossier=petition.dossier,
        )
