"""Petitions (phản ánh, kiến nghị) for the agencies that handle them: a queue and one page each.

The steps go through motcua.feedback.workflow, which checks the state, the handler and the
deadlines. A petition of another agency answers 404 (Petition.objects.handled_by).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.models import User
from motcua.accounts.staff import staff_required
from motcua.feedback import workflow
from motcua.feedback.choices import EVENT_LABELS
from motcua.feedback.errors import Hidden, Invalid, Refused
from motcua.feedback.models import Petition
from motcua.feedback.transitions import State

from .forms import PetitionStepForm

Step = Callable[[Petition, User, str], Petition]
# The officer's steps, the field name each workflow function reports, and their wording.
STEPS: dict[str, tuple[Step, object, object]] = {
    "refuse": (
        workflow.refuse,
        gettext_lazy("Refuse the petition"),
        gettext_lazy("Reason for refusal"),
    ),
    "request-more": (
        workflow.request_more,
        gettext_lazy("Ask for more information"),
        gettext_lazy("Information the citizen must add"),
    ),
    "answer": (workflow.answer, gettext_lazy("Answer"), gettext_lazy("Answer")),
    "publish": (
        workflow.publish,
        gettext_lazy("Publish the answer"),
        gettext_lazy(
            "Text to publish, without personal details (empty keeps the petition as written)"
        ),
    ),
}
# Which steps the petition's state allows (feedback/transitions.py's table).
ALLOWED = {State.SUBMITTED: ["refuse", "request-more", "answer"], State.ANSWERED: ["publish"]}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@staff_required
@require_GET
def petition_list(request: HttpRequest) -> HttpResponse:
    rows = (
        Petition.objects.handled_by(_user(request))
        .select_related("agency", "dossier")
        .order_by("answer_due_at", "id")
    )
    open_only = request.GET.get("tat-ca") is None
    if open_only:
        rows = rows.filter(state__in=[State.SUBMITTED, State.ANSWERED])
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "backoffice/petitions.html", {"page": page, "open_only": open_only})


def _petition(request: HttpRequest, ref: str) -> Petition:
    petition = (
        Petition.objects.handled_by(_user(request))
        .filter(reference=ref.upper())
        .select_related("agency", "dossier", "petitioner")
        .first()
    )
    if petition is None:
        raise Http404("No such petition in your agencies")
    return petition


def _page(
    request: HttpRequest,
    petition: Petition,
    forms: dict[str, PetitionStepForm] | None = None,
    problems: list[str] | None = None,
) -> HttpResponse:
    allowed = ALLOWED.get(State(petition.state), [])
    forms = forms or {}
    steps = [
        {
            "name": name,
            "title": STEPS[name][1],
            "label": STEPS[name][2],
            "form": forms.get(name) or PetitionStepForm(prefix=name),
        }
        for name in allowed
    ]
    entries = [
        {"entry": e, "label": EVENT_LABELS.get(e.event, e.event)}
        for e in petition.entries.select_related("by").order_by("id")
    ]
    return render(
        request,
        "backoffice/petition.html",
        {"petition": petition, "steps": steps, "entries": entries, "problems": problems or []},
    )


@staff_required
@require_GET
def petition_page(request: HttpRequest, ref: str) -> HttpResponse:
    return _page(request, _petition(request, ref))


@staff_required
@require_POST
def petition_step(request: HttpRequest, ref: str, step: str) -> HttpResponse:
    petition = _petition(request, ref)
    if step not in STEPS:
        raise Http404("No such step")
    form = PetitionStepForm(request.POST, prefix=step)
    if form.is_valid():
        try:
            STEPS[step][0](petition, _user(request), form.cleaned_data["text"])
        except Hidden:
            raise Http404("No such petition in your agencies") from None
        except Invalid as exc:
            form.add_error("text", exc.message)
        except Refused as exc:
            # The state moved on (another officer acted): say so above the page.
            return _page(request, petition, problems=[exc.message])
        else:
            messages.success(request, _("Done: the citizen is told."))
            return redirect("backoffice:petition", petition.reference)
    return _page(request, petition, {step: form})
