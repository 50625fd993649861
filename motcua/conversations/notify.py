"""Telling the applicant that an officer wrote to them: in-app, and by SMS (or email)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from motcua.notifications.sending import send

if TYPE_CHECKING:
    from .models import Message


def notify_applicant(message: Message, site_url: str) -> None:
    """Queue the notifications in the caller's transaction: they leave only if it commits.

    The text holds the dossier's code (or reference) and a link, not the message itself: an
    SMS or an email is read by whoever holds the phone or the mailbox.
    """
    dossier = message.dossier
    user = dossier.applicant
    context: dict[str, Any] = {
        "reference": dossier.code or dossier.reference,
        "agency": message.agency.name if message.agency else "",
        "link": site_url + reverse("portal:my-dossier", args=[dossier.reference]),
    }
    # One key per message and channel: sending is at least once, messages arrive once.
    key = f"dossier-message:{message.pk}"
    send(
        channel="in_app",
        to=str(user.pk),
        user=user,
        template="dossier_message",
        context=context,
        key=f"{key}:in_app",
        dossier=dossier,
    )
    if user.phone:
        send(
            channel="sms",
            to=user.phone,
            user=user,
            template="dossier_message",
            context=context,
            key=f"{key}:sms",
            dossier=dossier,
        )
    elif user.email:
        send(
            channel="email",
            to=user.email,
            user=user,
            template="dossier_message",
            context=context,
            key=f"{key}:email",
            dossier=dossier,
        )
