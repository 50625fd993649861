"""The back office's navigation link to the failed notifications, with their count."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.notifications.tasks import failures_for

register = template.Library()

PAGES = {"notification-failures", "notification-failure"}


@register.inclusion_tag("notifications/_failures_link.html", takes_context=True)
def failures_link(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    return {
        "count": failures_for(request.user).count(),
        "current": bool(match and match.url_name in PAGES),
    }
