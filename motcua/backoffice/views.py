"""The officers' pages: the queues (/mot-cua/) and a dossier (/mot-cua/ho-so/<ref>/).

Every dossier comes through access.find_dossier (visible_to): another agency's answers 404.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from typing import Any

from csp.constants import SELF
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import Context, TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.models import User
from motcua.accounts.staff import staff_required
from motcua.conversations import papers as paper_files
from motcua.conversations.posting import post_message
from motcua.conversations.templatetags.conversations import FORM_ATTRIBUTE, dossier_messages
from motcua.dossiers import reminders
from motcua.dossiers.choices import EVENT_LABELS, STATE_LABELS, STATUS_LABELS
from motcua.dossiers.models import Dossier, Paper
from motcua.eforms import schema
from motcua.eforms.loader import form_for

from . import queues, timing
from .access import find_dossier, may_read_notes, notes_dossier
from .forms import NoteForm, QueueFilterForm
from .models import InternalNote

PAGE_SIZE = 20
ACTIONS_PANEL = "backoffice/actions/_panel.html"
TABS = [
    (queues.MINE, gettext_lazy("My work")),
    (queues.TEAM, gettext_lazy("Team inbox")),
    (queues.DUE_SOON, gettext_lazy("Due soon")),
    (queues.OVERDUE, gettext_lazy("Overdue")),
]
INTAKE_TAB = (queues.INTAKE, gettext_lazy("Waiting for intake"))
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp"}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # staff_required let only a signed-in user through
    return request.user


def template_exists(name: str) -> bool:
    try:
        select_template([name])
    except TemplateDoesNotExist:
        return False
    return True


@staff_required
@require_GET
def queue_page(request: HttpRequest, name: str = queues.MINE) -> HttpResponse:
    if name not in queues.QUEUES:
        raise Http404("No such queue")
    user = _user(request)
    form = QueueFilterForm(request.GET or None)
    now = timezone.now()
    rows = queues.queue(user, name, form.filters(), now=now)
    page = queues.CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = TABS + ([INTAKE_TAB] if queues.has_counter_role(user) else [])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "backoffice/queues.html",
        {
            "tabs": tabs,
            "current": name,
            "form": form,
            "page": page,
            "items": [_row(d, now) for d in page.object_list],
            "query": query.urlencode(),
            "cap": queues.COUNT_CAP,
        },
    )


def _row(dossier: Dossier, now: Any) -> dict[str, Any]:
    return {
        "dossier": dossier,
        "status": STATUS_LABELS.get(dossier.status, ""),
        "overdue": queues.is_overdue(dossier, now),
    }


def _summary(dossier: Dossier) -> list[dict[str, Any]]:
    """The form answers by section, as the citizen's check-answers page shows them."""
    form = form_for(dossier.procedure_version)
    if form is None:
        return []
    answers = dossier.answers or {}
    sections = []
    for section in form.sections:
        rows = [
            {"q": q, "value": schema.shown_value(q, answers.get(q.key))}
            for page in section.pages
            if page.shown(answers)
            for q in page.visible_questions(answers)
            if q.kind is not schema.Kind.EXPLANATION
        ]
        if rows:
            sections.append({"title": section.title, "rows": rows})
    return sections


def _paper_kind(paper: Paper) -> str:
    """ "pdf", "image" or "" (download only), from the stored file's name."""
    guessed, _enc = mimetypes.guess_type(PurePosixPath(paper.file).name)
    if guessed not in INLINE_TYPES:
        return ""
    return "pdf" if guessed == "application/pdf" else "image"


@staff_required
@require_GET
def dossier_page(request: HttpRequest, ref: str) -> HttpResponse:
    return _dossier_page(request, find_dossier(_user(request), ref))


def _dossier_page(request: HttpRequest, dossier: Dossier, **extra: Any) -> HttpResponse:
    user = _user(request)
    now = timezone.now()
    notes_allowed = may_read_notes(user, dossier)
    steps = [
        {
            "step": s,
            "standing": timing.standing(s.due_at, s.ended_at, now),
            "label": timing.LABELS[timing.standing(s.due_at, s.ended_at, now)],
        }
        for s in dossier.steps.select_related("agency", "assignee").order_by("number")
    ]
    history = [
        {"t": t, "label": EVENT_LABELS.get(t.event, t.event)}
        for t in dossier.transitions.select_related("by").order_by("id")
    ]
    papers = [
        {"paper": p, "kind": _paper_kind(p) if p.file else ""}
        for p in dossier.papers.order_by("id")
    ]
    standing = timing.standing(dossier.due_at, dossier.finished_at, now)
    conversation = dossier_messages(Context({"request": request}), dossier)
    return render(
        request,
        "backoffice/dossier.html",
        {
            "dossier": dossier,
            "status_label": STATUS_LABELS.get(dossier.status, ""),
            "state_label": STATE_LABELS.get(dossier.state, dossier.state),
            "standing": standing,
            "standing_label": timing.LABELS[standing],
            "summary": _summary(dossier),
            "papers": papers,
            "steps": steps,
            "history": history,
            "conversation": conversation,
            "notes_allowed": notes_allowed,
            "notes": (
                InternalNote.objects.filter(dossier=dossier).select_related("author")
                if notes_allowed
                else []
            ),
            "note_form": extra.pop("note_form", None) or NoteForm(),
            "actions_panel": template_exists(ACTIONS_PANEL),
            # Form 04 while it can still go out, or the word that it is too late (reminders.py).
            "extension_offer": reminders.extension_offer(dossier, now),
            **extra,
        },
    )


@staff_required
@require_POST
def add_note(request: HttpRequest, ref: str) -> HttpResponse:
    user = _user(request)
    dossier = notes_dossier(user, ref)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _dossier_page(request, dossier, note_form=form)
    InternalNote.objects.create(dossier=dossier, author=user, body=form.cleaned_data["body"])
    messages.success(request, _("Your note was added."))
    return redirect(reverse("backoffice:dossier", args=[ref]) + "#ghi-chu")


@staff_required
@require_POST
def send_message(request: HttpRequest, ref: str) -> HttpResponse:
    """An officer writes to the applicant from the dossier page."""
    user = _user(request)
    dossier = find_dossier(user, ref)
    form = post_message(request, dossier, user)
    if form is None:
        messages.success(request, _("Your message was sent to the applicant."))
        return redirect(reverse("backoffice:dossier", args=[ref]) + "#trao-doi")
    setattr(request, FORM_ATTRIBUTE, form)
    return _dossier_page(request, dossier)


@staff_required
@require_GET
def paper_file(request: HttpRequest, ref: str, paper_id: int) -> FileResponse:
    """A paper shown in the page (PDF and images inline), or downloaded (anything else)."""
    dossier = find_dossier(_user(request), ref)
    paper = dossier.papers.filter(pk=paper_id).first()
    response = paper_files.file_response(paper) if paper else None
    if paper is None or response is None:
        raise Http404("No such paper, or no file")
    if _paper_kind(paper):
        name = paper_files.download_name(paper)
        response["Content-Disposition"] = f'inline; filename="{name}"'
        guessed, _enc = mimetypes.guess_type(PurePosixPath(paper.file).name)
        response["Content-Type"] = guessed or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    # The dossier page shows it in an <iframe>: this site may frame it, no other.
    response["X-Frame-Options"] = "SAMEORIGIN"
    response._csp_replace = {"frame-ancestors": [SELF]}  # type: ignore[attr-defined]
    return response
