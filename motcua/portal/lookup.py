"""Public lookup of a dossier by code or submission reference, without signing in."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.dossiers.choices import STATUS_LABELS
from motcua.dossiers.public import find_public
from motcua.lib.net import client_address
from motcua.lib.ratelimit import allow


def lookup(request: HttpRequest) -> HttpResponse:
    ref = request.GET.get("ma", "").strip()[:40]
    context: dict[str, object] = {"ref": ref}
    status = 200
    if ref:
        if not allow("lookup", client_address(request), *settings.LOOKUP_RATE):
            context["limited"] = True
            status = 429
        else:
            found = find_public(ref)
            context["dossier"] = found
            context["not_found"] = found is None
            if found:
                context["status_label"] = STATUS_LABELS.get(found.status, "")
                context["overdue"] = bool(
                    found.due_at and not found.finished_at and found.due_at < timezone.now()
                )
    return render(request, "portal/lookup.html", context, status=status)
