"""The supplement section of the applicant's dossier page."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.dossiers.models import Dossier

from ..supplement import the_request, waiting

register = template.Library()


@register.inclusion_tag("submissions/_supplement.html", takes_context=True)
def supplement_answer(context: dict[str, Any], dossier: Dossier) -> dict[str, Any]:
    shown = waiting(dossier)
    return {
        "dossier": dossier,
        "shown": shown,
        "asked": the_request(dossier) if shown else None,
        "error": context.get("supplement_error", ""),
        "typed": context.get("supplement_typed", ""),
        "csrf_token": context.get("csrf_token"),
    }
