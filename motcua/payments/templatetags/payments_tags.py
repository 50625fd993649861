"""The fee sections of the dossier pages, as inclusion tags, so that no other app's view
changes:

- {% dossier_fees dossier request.user %} on the applicant's page (portal/my_dossier.html):
  what is due, the "Pay online" button, the receipts;
- {% backoffice_fees dossier request.user %} on the officer's page (backoffice/dossier.html):
  the fee rows, the payments, the link to the counter's fee page.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import template

from motcua.dossiers.choices import FeeState
from motcua.dossiers.models import Dossier, Fee
from motcua.dossiers.queries import ACT
from motcua.dossiers.transitions import State

from ..models import Payment
from ..requests import rules_result
from ..states import OPEN
from ..words import grouped

register = template.Library()


@register.filter
def dong(amount: int | None) -> str:
    """An amount in đồng with its thousands grouped: {{ fee.amount|dong }} gives 10.000."""
    return "" if amount is None else grouped(int(amount))


def _fees_and_payments(dossier: Dossier) -> dict[str, Any]:
    fees = list(Fee.objects.filter(dossier=dossier).order_by("id"))
    payments = list(Payment.objects.filter(dossier=dossier).order_by("-id"))
    due = [f for f in fees if f.state == FeeState.DUE and f.amount]
    return {
        "dossier": dossier,
        "fees": fees,
        "due": due,
        "due_total": sum(f.amount for f in due),
        "payments": payments,
        "receipts": [p for p in payments if p.receipt_number],
        "pending": next((p for p in payments if p.state in OPEN and p.is_online), None),
        "obligation": dossier.state == State.OBLIGATION,
    }


@register.inclusion_tag("payments/_dossier_fees.html", takes_context=True)
def dossier_fees(context: template.Context, dossier: Dossier, user: Any) -> dict[str, Any]:
    """The applicant's fee section; empty for anyone else, and for a dossier without fees."""
    if getattr(user, "pk", None) != dossier.applicant_id:
        return {"show": False}
    found = _fees_and_payments(dossier)
    # Fee rules whose amount no source gives (a local fee without a resolution): say so.
    rules = None if found["fees"] else rules_result(dossier)
    unknown = rules is not None and bool(rules.lines) and rules.total is None
    return {
        **found,
        "show": bool(found["fees"] or found["obligation"] or unknown),
        "unknown": unknown,
        "key": uuid.uuid4().hex,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("payments/_backoffice_fees.html")
def backoffice_fees(dossier: Dossier, user: Any) -> dict[str, Any]:
    """The officer's fee section, with the fee page's link for officers who act on it."""
    found = _fees_and_payments(dossier)
    acts = Dossier.objects.visible_to(user, ACT).filter(pk=dossier.pk).exists()
    return {**found, "acts": acts}
