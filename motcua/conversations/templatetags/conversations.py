"""The dossier page's "Papers of this dossier" and "Messages" sections (portal/my_dossier.html)."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier

from .. import papers, services
from ..access import access_to
from ..choices import Side
from ..forms import MessageForm

register = template.Library()

# The view that sends a message re-renders the dossier page with its bound form on the request
# under this name, so that the section shows the errors and keeps what the person typed.
FORM_ATTRIBUTE = "conversation_form"


@register.inclusion_tag("conversations/_documents.html")
def dossier_documents(dossier: Dossier) -> dict[str, Any]:
    return {
        "dossier": dossier,
        "papers": list(papers.papers_of(dossier)),
        "e_result": papers.e_result_of(dossier),
    }


@register.inclusion_tag("conversations/_messages.html", takes_context=True)
def dossier_messages(context: template.Context, dossier: Dossier) -> dict[str, Any]:
    """The thread, oldest first, and the form; opening it marks the other side's messages read.

    Marking happens here because this tag is the one piece of the dossier page this feature
    owns; it is an idempotent update of read times, not a change to the dossier.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"show": False}
    access = access_to(user, dossier)
    messages = list(services.thread(dossier))
    new = set(services.mark_read(dossier, access))
    return {
        "show": True,
        "dossier": dossier,
        "may_send": access.may_send,
        "items": [
            {
                "message": m,
                "speaker": services.speaker(m, user, access),
                "new": m.pk in new,
                "from_officer": m.side == Side.OFFICER,
            }
            for m in messages
        ],
        "form": getattr(request, FORM_ATTRIBUTE, None) or MessageForm(),
        "csrf_token": context.get("csrf_token"),
    }
