"""A person's choice of channels and language for the messages about their dossiers (ADR 0015).

The rules are in kinds.py; this module reads and stores the choice. The preferences page and
``PUT /api/v1/me/notification-preferences`` both save through ``save()``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .kinds import REQUIRED, Choice, External, Kind, available_channels, channels_for, problems
from .models import Language, NotificationPreference


class Invalid(Exception):
    """A choice the rules refuse; ``errors`` maps each kind (or "language") to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def reachable(user: Any) -> list[External]:
    return available_channels(user.phone, user.email)


def current(user: Any) -> tuple[str, dict[str, list[str]]]:
    """The language and, for every kind, the external channels a message would go on now."""
    preference = NotificationPreference.objects.filter(user=user).first()
    stored = preference.channels if preference else None
    channels = {
        kind.value: [c.value for c in channels_for(kind, stored, reachable(user))] for kind in Kind
    }
    return (preference.language if preference else Language.VI), channels


def save(user: Any, language: str, chosen: Choice) -> NotificationPreference:
    """Store the choice, every kind at once (a kind left out keeps its default); raise Invalid
    with a translated message per problem, storing nothing."""
    errors = {key: _(message) for key, message in problems(chosen, reachable(user)).items()}
    if language not in Language.values:
        errors["language"] = _("Choose Vietnamese or English.")
    if errors:
        raise Invalid(errors)
    channels = {key: sorted(set(values)) for key, values in chosen.items()}
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"language": language, "channels": channels}
    )
    return preference


def is_required(kind: Kind) -> bool:
    return kind in REQUIRED
