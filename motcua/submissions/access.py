"""Who may open a draft: its applicant, and the volunteer helping while consent lasts."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import User

from .models import Consent, Draft


def active_consents(volunteer: User, at: dt.datetime | None = None) -> QuerySet[Consent]:
    moment = at or timezone.now()
    return Consent.objects.filter(volunteer=volunteer, ends_at__gt=moment, ended_at__isnull=True)


def drafts_for(user: User | AnonymousUser) -> QuerySet[Draft]:
    """The applicant's drafts, and those a volunteer prepares while the citizen's consent
    lasts; a submitted draft is the applicant's alone (hand-off)."""
    if not user.is_authenticated:
        return Draft.objects.none()
    assert isinstance(user, User)
    helping = active_consents(user).values("citizen_id")
    return Draft.objects.filter(
        Q(owner=user) | Q(helped_by=user, dossier__isnull=True, owner__in=helping))
