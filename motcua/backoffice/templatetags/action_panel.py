"""{% available_actions dossier as actions %}: the actions the current user may take now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse

from motcua.dossiers.models import Dossier

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
    return [Link(e.value, str(TITLES[e]), reverse("backoffice:act", args=[ref, e.value]))
            for e in available_events(dossier, user)]
