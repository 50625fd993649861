"""Who may open a draft: its applicant, and the volunteer helping while consent lasts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import User

from .consent_states import HELPING, sees_profile
from .models import Consent, Draft


def active_consents(volunteer: User, at: dt.datetime | None = None) -> QuerySet[Consent]:
    """The consents under which `volunteer` helps now: confirmed, or awaiting confirmation
    (then the volunteer may prepare and submit, but sees nothing of the citizen: D5)."""
    moment = at or timezone.now()
    return Consent.objects.filter(
        volunteer=volunteer,
        ends_at__gt=moment,
        ended_at__isnull=True,
        state__in=[s.value for s in HELPING],
    )


def current_consent(volunteer: User, citizen_id: int) -> Consent | None:
    """The consent in force between them; a confirmed one before one awaiting confirmation."""
    helping = list(active_consents(volunteer).filter(citizen_id=citizen_id).order_by("-granted_at"))
    return next((c for c in helping if sees_profile(c.state)), helping[0] if helping else None)


def drafts_for(user: User | AnonymousUser) -> QuerySet[Draft]:
    """The applicant's drafts, and those a volunteer prepares while the citizen's consent
    lasts; a submitted draft is the applicant's alone (hand-off)."""
    if not user.is_authenticated:
        return Draft.objects.none()
    assert isinstance(user, User)
    helping = active_consents(user).values("citizen_id")
    return Draft.objects.filter(
        Q(owner=user) | Q(helped_by=user, dossier__isnull=True, owner__in=helping)
    )


def sees_owner_data(user: Any, draft: Draft) -> bool:
    """Whether `user` may see the draft owner's profile and repository papers: the owner
    always, the volunteer only under a confirmed consent (security review D5)."""
    if getattr(user, "pk", None) == draft.owner_id:
        return True
    if draft.helped_by_id is None or draft.helped_by_id != getattr(user, "pk", None):
        return False
    consent = current_consent(user, draft.owner_id)
    return consent is not None and sees_profile(consent.state)
