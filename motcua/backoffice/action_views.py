"""The officers' actions on one dossier, and the batch actions the law allows on several.

Every POST goes through dossier.apply(); a guard's refusal is shown on the form, in the error
summary, keeping what was typed. A dossier the officer may not act on answers 404 (never 403);
a citizen gets 403 from staff_required.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.accounts.models import User
from motcua.accounts.staff import staff_required
from motcua.dossiers import lifecycle
from motcua.dossiers.choices import STATE_LABELS
from motcua.dossiers.lifecycle import Refused
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import ACT
from motcua.dossiers.roles import roles_towards
from motcua.dossiers.transitions import Event, InvalidTransition, State, allowed_events

from .action_forms import BATCH_EVENTS, FORMS, TITLES, batch_teams, form_for


def acting_dossier(user: Any, ref: str) -> Dossier:
    """The dossier by reference or code, if `user` may act on it; else 404."""
    key = ref.strip().upper()
    dossier = (
        Dossier.objects.visible_to(user, ACT)
        .filter(Q(reference=key) | Q(code=key))
        .select_related("procedure_version__procedure", "competent_agency")
        .first()
    )
    if dossier is None:
        raise Http404(_("No dossier %(ref)s that you may act on.") % {"ref": ref})
    return dossier


def available_events(dossier: Dossier, user: User) -> list[Event]:
    """The events `user` may take on `dossier` now: the state allows them, a role grants them,
    and the back office has a form for them."""
    if not dossier.state:
        return []
    roles = roles_towards(dossier, user)
    return [
        e
        for e in allowed_events(State(dossier.state))
        if e in FORMS and roles & lifecycle.EVENT_ROLES[e]
    ]


def refusal_message(exc: Exception, dossier: Dossier) -> str:
    """The guard's reason; for an event the state does not allow, the state in words."""
    if isinstance(exc, InvalidTransition):
        return _("This action is not possible while the dossier is “%(state)s”.") % {
            "state": STATE_LABELS.get(dossier.state, dossier.state)
        }
    return str(exc)


def dossier_page(dossier: Dossier) -> str:
    """The officers' dossier page (the back-office core); this list of actions until it exists."""
    ref = dossier.code or dossier.reference
    try:
        return reverse("backoffice:dossier", args=[ref])
    except NoReverseMatch:
        return reverse("backoffice:actions", args=[ref])


def newer_version(dossier: Dossier) -> Any:
    """The procedure version in force today when it is not the dossier's (the procedure changed
    since the citizen's draft: architecture.md, "Procedure versions")."""
    current = dossier.procedure_version.procedure.version_on(timezone.localdate())
    if current is None or current.pk == dossier.procedure_version_id:
        return None
    return current


@staff_required
def actions(request: HttpRequest, ref: str) -> HttpResponse:
    dossier = acting_dossier(request.user, ref)
    return render(request, "backoffice/actions/index.html", {"dossier": dossier})


@staff_required
@require_http_methods(["GET", "POST"])
def act(request: HttpRequest, ref: str, event: str) -> HttpResponse:
    dossier = acting_dossier(request.user, ref)
    try:
        chosen = Event(event)
    except ValueError:
        raise Http404(_("No such action.")) from None
    if chosen not in FORMS:
        raise Http404(_("No such action."))
    user: User = request.user  # type: ignore[assignment]
    form = form_for(chosen, dossier, user, request.POST if request.method == "POST" else None)
    problems: list[str] = []
    if chosen not in available_events(dossier, user):
        problems.append(
            _("You cannot take this action on this dossier now (it is “%(state)s”).")
            % {"state": STATE_LABELS.get(dossier.state, dossier.state)}
        )
    elif request.method == "POST" and form.is_valid():
        note, data = form.payload()
        try:
            dossier.apply(chosen, by=user, note=note, **data)
        except (Refused, InvalidTransition) as exc:
            problems.append(refusal_message(exc, dossier))
        else:
            messages.success(
                request,
                _("Done: %(action)s — dossier %(ref)s.")
                % {"action": TITLES[chosen], "ref": dossier.code or dossier.reference},
            )
            return HttpResponseRedirect(dossier_page(dossier))
    return render(
        request,
        "backoffice/actions/form.html",
        {
            "dossier": dossier,
            "event": chosen,
            "title": TITLES[chosen],
            "form": form,
            "problems": problems,
            "newer_version": newer_version(dossier)
            if chosen in (Event.RECEIVE, Event.REQUEST_INTAKE_SUPPLEMENT)
            else None,
        },
    )


@dataclass
class Row:
    ref: str
    ok: bool
    message: str


def _apply_one(user: User, ref: str, event: Event, post: Any) -> Row:
    """Apply the batch's event to one dossier, with the batch's data checked for it."""
    try:
        dossier = acting_dossier(user, ref)
    except Http404:
        return Row(ref, False, _("No dossier %(ref)s that you may act on.") % {"ref": ref})
    form = form_for(event, dossier, user, post)
    if not form.is_valid():
        return Row(ref, False, " ".join(str(m) for errors in form.errors.values() for m in errors))
    note, data = form.payload()
    try:
        dossier.apply(event, by=user, note=note, **data)
    except (Refused, InvalidTransition) as exc:
        return Row(ref, False, refusal_message(exc, dossier))
    return Row(dossier.code or ref, True, _("Done."))


def batch_refs(request: HttpRequest) -> list[str]:
    """The references ticked in a queue (refs) or typed one a line (refs_text), each once."""
    found = [r.strip() for r in request.POST.getlist("refs")]
    found += request.POST.get("refs_text", "").split()
    return list(dict.fromkeys(r.upper() for r in found if r))


@staff_required
@require_http_methods(["GET", "POST"])
def batch(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    teams, people = batch_teams(user)
    context: dict[str, Any] = {
        "events": [(e.value, TITLES[e]) for e in BATCH_EVENTS],
        "teams": teams,
        "people": people,
        "problems": [],
        "posted": request.POST,
    }
    if request.method == "GET":
        return render(request, "backoffice/actions/batch.html", context)
    refs, event = batch_refs(request), request.POST.get("event", "")
    context.update(refs_text="\n".join(refs), chosen=event)
    if event not in {e.value for e in BATCH_EVENTS}:
        context["problems"].append(
            _(
                "Only forwarding, a leader's approval and returning results can be done for "
                "several dossiers at once. Receive, refuse or ask for a supplement one dossier "
                "at a time, after looking at its papers."
            )
        )
    if not refs:
        context["problems"].append(_("Choose at least one dossier."))
    if context["problems"]:
        return render(request, "backoffice/actions/batch.html", context, status=400)
    rows = [_apply_one(user, ref, Event(event), request.POST) for ref in refs]
    context.update(
        rows=rows,
        title=TITLES[Event(event)],
        done=sum(r.ok for r in rows),
        refused=sum(not r.ok for r in rows),
    )
    return render(request, "backoffice/actions/batch_result.html", context)
