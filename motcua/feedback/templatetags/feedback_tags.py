"""{% dossier_feedback dossier user %}: the rating form and the petitions of a dossier, on the
applicant's dossier page (portal/my_dossier.html)."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.dossiers.models import Dossier
from motcua.feedback.forms import RatingForm
from motcua.feedback.rating import can_rate

register = template.Library()


@register.inclusion_tag("feedback/_dossier_feedback.html", takes_context=True)
def dossier_feedback(context: template.Context, dossier: Dossier, user: Any) -> dict[str, Any]:
    """Return what the section needs; the section is empty for anyone but the applicant."""
    mine = getattr(user, "pk", None) == dossier.applicant_id
    return {
        "mine": mine,
        "dossier": dossier,
        "can_rate": mine and can_rate(dossier, user),
        "form": RatingForm(initial={"rating": dossier.rating, "reason": dossier.rating_reason}),
        "petitions": dossier.petitions.filter(petitioner=user).order_by("-received_at")
        if mine
        else [],
        "csrf_token": context.get("csrf_token"),
    }
