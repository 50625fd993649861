"""{% citizen_result dossier user %} on the applicant's dossier page and
{% officer_result dossier %} on the officers' dossier page."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.dossiers.models import Dossier
from motcua.results.views import panel_context

register = template.Library()


@register.inclusion_tag("results/_citizen_panel.html")
def citizen_result(dossier: Dossier, user: Any) -> dict[str, Any]:
    """The signed result for the applicant to download; nothing for anyone else."""
    return {
        **panel_context(dossier, user),
        "mine": getattr(user, "pk", None) == dossier.applicant_id,
    }


@register.inclusion_tag("results/_officer_panel.html")
def officer_result(dossier: Dossier, user: Any = None) -> dict[str, Any]:
    """The result's state and the link to its page (the page is scoped like the dossier)."""
    return panel_context(dossier, user)
