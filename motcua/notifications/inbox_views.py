"""The inbox pages: the applicant's at /tai-khoan/hop-thu/, the officer's at /mot-cua/hop-thu/.

One view code for both; each area has its own layout (the portal's, or the back office's with
its navigation) and its own URL names. The list is a GET that changes nothing: it shows which
messages are unread. Opening one message (GET /hop-thu/<id>/) marks that message read. That GET
writes, on purpose: it is the person's own message, marking it read again changes nothing, and
a mail reader does the same; a forged link can at most mark one message read. Marking every
message read is a POST with CSRF, as it touches many rows at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.staff import staff_required

from . import inbox
from .models import InAppMessage

PAGE_SIZE = 20


@dataclass(frozen=True)
class Area:
    """Where an inbox is shown: its layout template and its URL names."""

    layout: str
    namespace: str
    for_applicants: bool  # the portal's: says what applicants get, links to their preferences

    @property
    def list_url(self) -> str:
        return f"{self.namespace}:inbox"

    @property
    def message_url(self) -> str:
        return f"{self.namespace}:inbox-message"

    @property
    def read_all_url(self) -> str:
        return f"{self.namespace}:inbox-read-all"


PORTAL = Area("notifications/inbox_portal.html", "portal", for_applicants=True)
BACK_OFFICE = Area("notifications/inbox_backoffice.html", "backoffice", for_applicants=False)


def inbox_page(request: HttpRequest, area: Area) -> HttpResponse:
    page = Paginator(inbox.messages_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(m, inbox.own_dossier(m, request.user)) for m in page.object_list]
    return render(
        request,
        area.layout,
        {
            "area": area,
            "body": "notifications/_inbox.html",
            "title": _("Inbox"),
            "page": page,
            "items": items,
            "unread": inbox.unread_count(request.user),
        },
    )


def message_page(request: HttpRequest, pk: int, area: Area) -> HttpResponse:
    try:
        message = inbox.mark_read(inbox.find(request.user, pk))
    except InAppMessage.DoesNotExist:
        raise Http404("No such message in your inbox") from None
    return render(
        request,
        area.layout,
        {
            "area": area,
            "body": "notifications/_inbox_message.html",
            "title": message.subject or _("Message"),
            "message": message,
            "dossier": inbox.own_dossier(message, request.user),
        },
    )


def read_all(request: HttpRequest, area: Area) -> HttpResponse:
    if inbox.mark_all_read(request.user):
        messages.success(request, _("All your messages are marked as read."))
    return redirect(area.list_url)


# The applicant's pages (portal) and the officer's (back office: staff, second factor).


@login_required
@require_GET
def citizen_inbox(request: HttpRequest) -> HttpResponse:
    return inbox_page(request, PORTAL)


@login_required
@require_GET
def citizen_message(request: HttpRequest, pk: int) -> HttpResponse:
    return message_page(request, pk, PORTAL)


@login_required
@require_POST
def citizen_read_all(request: HttpRequest) -> HttpResponse:
    return read_all(request, PORTAL)


@staff_required
@require_GET
def officer_inbox(request: HttpRequest) -> HttpResponse:
    return inbox_page(request, BACK_OFFICE)


@staff_required
@require_GET
def officer_message(request: HttpRequest, pk: int) -> HttpResponse:
    return message_page(request, pk, BACK_OFFICE)


@staff_required
@require_POST
def officer_read_all(request: HttpRequest) -> HttpResponse:
    return read_all(request, BACK_OFFICE)
