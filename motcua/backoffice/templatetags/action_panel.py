"""{% available_actions dossier as actions %}: the actions the current user may take now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier
from motcua.dossiers.transitions import Event

register = template.Library()


@dataclass(frozen=True)
class Link:
    event: str
    title: str
    url: str


@register.simple_tag(takes_context=True)
def available_actions(context: dict[str, Any], dossier: Dossier) -> list[Link]:
    from motcua.backoffice.action_forms import TITLES
    from motcua.backoffice.action_views import available_events

    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    ref = dossier.code or dossier.reference
    links = []
    for e in available_events(dossier, user):
        if e is Event.PAY_OBLIGATION:
            # Money taken at the counter goes through the payments app, which records the
            # payment, issues the receipt and then applies the event itself.
            links.append(
                Link(
                    "collect",
                    _("Collect the payment at the counter (receipt)"),
                    reverse("payments:counter", args=[ref]),
                )
            )
        links.append(Link(e.value, str(TITLES[e]), reverse("backoffice:act", args=[ref, e.value])))
    return links
