"""The applicant's rating of a dossier (đánh giá mức độ hài lòng), once there is a result.

A rating is not a lifecycle event, so it does not go through Dossier.apply(): it updates the
three rating columns only and records a fact for reports (architecture.md, "Reports"). The
applicant may change it; the dossier keeps the latest, and every change leaves a fact.
"Not satisfied" is the dislike of Decision 766 indicator 5.3 and needs a reason.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.choices import Rating
from motcua.dossiers.facts import record_fact
from motcua.dossiers.models import Dossier
from motcua.dossiers.transitions import State

from .errors import Hidden, Invalid, Refused

if TYPE_CHECKING:
    from motcua.accounts.models import User

# Decided (9) or returned (10): there is a result to judge.
RESULT_STATES = frozenset({State.DECIDED.value, State.RETURNED.value})
REASON_MAX = 2000


def has_result(dossier: Dossier) -> bool:
    return dossier.state in RESULT_STATES


def can_rate(dossier: Dossier, user: object) -> bool:
    """Return True when `user` is the applicant and the dossier has its result."""
    return getattr(user, "pk", None) == dossier.applicant_id and has_result(dossier)


def check(rating: str, reason: str) -> tuple[Rating, str]:
    """Return the rating and the trimmed reason; raise Invalid when one is missing or wrong."""
    try:
        value = Rating(rating)
    except ValueError:
        raise Invalid(
            "rating", _("Choose how satisfied you are with the handling of the dossier.")
        ) from None
    reason = reason.strip()
    if value == Rating.NOT_SATISFIED and not reason:
        raise Invalid(
            "reason", _("Tell us why you are not satisfied, so that the agency can do better.")
        )
    if len(reason) > REASON_MAX:
        raise Invalid(
            "reason", _("Keep the reason under %(max)d characters.") % {"max": REASON_MAX}
        )
    return value, reason


def rate(
    dossier: Dossier, by: User, rating: str, reason: str = "", at: dt.datetime | None = None
) -> Dossier:
    """Store the applicant's rating of `dossier` and record a fact; return the dossier.

    Raises Hidden for anyone but the applicant, Invalid for a missing reason and Refused
    while the dossier has no result.
    """
    if by.pk != dossier.applicant_id:
        raise Hidden
    value, reason = check(rating, reason)
    at = at or timezone.now()
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if not has_result(locked):
            raise Refused(_("You can rate the handling of your dossier once its result is ready."))
        Dossier.objects.filter(pk=locked.pk).update(
            rating=value.value, rating_reason=reason, rated_at=at
        )
        record_fact(locked, "rate", at, {"rating": value.value})
    dossier.refresh_from_db(fields=["rating", "rating_reason", "rated_at"])
    return dossier
