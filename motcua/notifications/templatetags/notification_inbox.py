"""The navigation link to a person's inbox, with how many messages are unread: in the portal's
header for applicants and volunteers, in the back office's navigation for staff."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from motcua.accounts.choices import UserKind
from motcua.notifications.inbox import unread_count

register = template.Library()

PAGES = {"inbox", "inbox-message"}


@register.inclusion_tag("notifications/_inbox_link.html", takes_context=True)
def inbox_link(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    staff = getattr(user, "kind", "") == UserKind.STAFF
    match = getattr(request, "resolver_match", None)
    return {
        "url": reverse("backoffice:inbox" if staff else "portal:inbox"),
        "count": unread_count(user),
        "current": bool(match and match.url_name in PAGES),
    }
