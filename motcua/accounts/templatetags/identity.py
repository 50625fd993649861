"""{% load identity %}: what the sign-in page needs to know about identity providers."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def oidc_enabled() -> bool:
    """Whether the sign-in page offers log-in through VNeID (OpenID Connect)."""
    return bool(settings.OIDC_ENABLED)
