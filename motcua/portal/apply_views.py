"""Apply online: start a draft, a task list, question pages, papers, check answers, submit.

GOV.UK Design System patterns (anchors.md §4.3): a few questions per page, an error summary
linking to each field, check answers before submitting, a task list for long forms. Every
page posts to the server and works without JavaScript; every save keeps what was typed.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.organisations import acting_for
from motcua.catalog.choices import OnlineLevel
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.eforms import schema
from motcua.eforms.loader import form_for
from motcua.submissions import drafts, routing
from motcua.submissions.access import drafts_for, sees_owner_data
from motcua.submissions.models import Draft
from motcua.submissions.submit import Incomplete, problems_of, submit

from .apply_forms import commune_choices, field_views, read_page
from .apply_tasks import task_list_of

DRAFT = "portal/apply/"


def _draft(request: HttpRequest, draft_id: UUID) -> Draft:
    draft = (
        drafts_for(request.user)
        .filter(pk=draft_id)
        .select_related("procedure_version__procedure", "competent_agency")
        .first()
    )
    if draft is None:
        raise Http404("No such draft")
    return draft


def _open_draft(request: HttpRequest, draft_id: UUID) -> Draft:
    draft = _draft(request, draft_id)
    if draft.submitted:
        raise Http404("Already submitted")
    return draft


@login_required
@require_POST
def start(request: HttpRequest, code: str) -> HttpResponse:
    version = (
        ProcedureVersion.objects.in_force_on(timezone.localdate())
        .filter(procedure__code=code)
        .first()
    )
    if version is None or version.online_level == OnlineLevel.NONE or form_for(version) is None:
        raise Http404("This procedure cannot be applied for online")
    draft = drafts.start(request.user, version)  # type: ignore[arg-type]
    return redirect("portal:draft", draft.pk)


@login_required
def task_list(request: HttpRequest, draft_id: UUID) -> HttpResponse:
    draft = _draft(request, draft_id)
    if draft.submitted:
        assert draft.dossier is not None
        return redirect("portal:my-dossier", draft.dossier.reference)
    form = form_for(draft.procedure_version)
    return render(
        request,
        DRAFT + "task_list.html",
        {
            "draft": draft,
            "definition": getattr(draft.procedure_version, "form", None),
            "tasks": task_list_of(draft, form),
            "newer": drafts.newer_version(draft),
            "ineligible": schema.ineligible(form, draft.answers) if form else [],
        },
    )


@login_required
def question_page(request: HttpRequest, draft_id: UUID, number: int) -> HttpResponse:
    draft = _open_draft(request, draft_id)
    form = form_for(draft.procedure_version)
    page = form.page(number) if form else None
    if form is None or page is None or not page.shown(draft.answers):
        raise Http404("No such page")
    errors: dict[str, str] = {}
    extra_row = ""
    back_to_check = request.GET.get("next") == "check"
    if request.method == "POST":
        wire = read_page(page, draft.answers, request.POST)
        action = request.POST.get("action", "")
        if action.startswith("add-row:") or request.POST.get("remove-row"):
            extra_row = action.partition(":")[2]
            drafts.save_page(draft, page, wire, drafts.context())
            answers = {**draft.answers, **wire}
            return _render_page(request, draft, form, page, answers, {}, extra_row, back_to_check)
        errors = drafts.save_page(draft, page, wire, drafts.context())
        if not errors:
            return _after_page(draft, form, page, back_to_check)
    return _render_page(request, draft, form, page, draft.answers, errors, extra_row, back_to_check)


def _render_page(
    request: HttpRequest,
    draft: Draft,
    form: schema.Form,
    page: schema.Page,
    answers: dict[str, Any],
    errors: dict[str, str],
    extra_row: str,
    back_to_check: bool,
) -> HttpResponse:
    views = field_views(page, answers, errors, extra_row)
    section = form.section_of(page.number)
    return render(
        request,
        DRAFT + "question_page.html",
        {
            "draft": draft,
            "page": page,
            "section": section,
            "fields": views,
            "errors": errors,
            "communes": commune_choices(timezone.localdate()),
            "back_to_check": back_to_check,
        },
    )


def _after_page(
    draft: Draft, form: schema.Form, page: schema.Page, back_to_check: bool
) -> HttpResponse:
    if back_to_check:
        return redirect("portal:draft-check", draft.pk)
    following = form.next_page(page.number, draft.answers)
    if following and form.section_of(following.number) == form.section_of(page.number):
        return redirect("portal:draft-page", draft.pk, following.number)
    return redirect("portal:draft", draft.pk)


@login_required
def agency(request: HttpRequest, draft_id: UUID) -> HttpResponse:
    """Where to submit, and for whom: the agency that handles the dossier, among those that
    implement the procedure; the applicant or an organisation they act for."""
    draft = _open_draft(request, draft_id)
    candidates = routing.candidate_agencies(draft.procedure_version, timezone.localdate())
    # A volunteer whose consent is not confirmed sees nothing of the citizen's (D5).
    organisations = acting_for(draft.owner) if sees_owner_data(request.user, draft) else []
    error = ""
    if request.method == "POST":
        chosen = next((a for a in candidates if a.code == request.POST.get("agency")), None)
        on_behalf = request.POST.get("on_behalf", "")
        organisation = next((o for o in organisations if str(o.pk) == on_behalf), None)
        if chosen is None:
            error = _("Choose the agency that will handle your dossier.")
        elif on_behalf and organisation is None:
            error = _("Choose yourself or an organisation you act for.")
        else:
            draft.competent_agency, draft.organisation = chosen, organisation
            draft.save(update_fields=["competent_agency", "organisation", "updated_at"])
            if request.GET.get("next") == "check":
                return redirect("portal:draft-check", draft.pk)
            return redirect("portal:draft", draft.pk)
    return render(
        request,
        DRAFT + "agency.html",
        {
            "draft": draft,
            "candidates": candidates,
            "organisations": organisations,
            "error": error,
            "back_to_check": request.GET.get("next") == "check",
        },
    )


@login_required
def check(request: HttpRequest, draft_id: UUID) -> HttpResponse:
    """Check your answers, then submit (POST). A second click returns the same dossier."""
    draft = _draft(request, draft_id)
    if draft.submitted and request.method == "GET":
        assert draft.dossier is not None
        return redirect("portal:my-dossier", draft.dossier.reference)
    form = form_for(draft.procedure_version)
    problems = None
    if request.method == "POST":
        try:
            dossier = submit(draft, request.user)  # type: ignore[arg-type]
        except Incomplete as exc:
            problems = exc.problems
        except drafts.NotAllowed as exc:
            messages.error(request, exc.message)
            return redirect("portal:draft", draft.pk)
        else:
            return _submitted(request, draft, dossier.reference)
    return render(
        request,
        DRAFT + "check.html",
        {
            "draft": draft,
            "summary": _summary(form, draft.answers) if form else [],
            "slots": drafts.slots(draft),
            "problems": problems or problems_of(draft),
            "submitting": request.method == "POST",
        },
    )


def _submitted(request: HttpRequest, draft: Draft, reference: str) -> HttpResponse:
    if draft.owner_id != request.user.pk:
        # A volunteer hands the dossier off at submission and can no longer open it.
        messages.success(
            request,
            _(
                "The dossier was submitted in %(name)s's name, reference "
                "%(ref)s. It is now theirs to follow; you can no longer "
                "open it."
            )
            % {"name": draft.owner.full_name, "ref": reference},
        )
        return redirect("portal:assist")
    messages.success(
        request,
        _("Your dossier has been submitted. Its submission reference is %(ref)s.")
        % {"ref": reference},
    )
    return redirect("portal:my-dossier", reference)


def _summary(form: schema.Form, answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of the check-answers page, by section, with a "Change" link to each page."""
    sections = []
    for section in form.sections:
        rows = [
            {"q": q, "value": schema.shown_value(q, answers.get(q.key)), "page": page.number}
            for page in section.pages
            if page.shown(answers)
            for q in page.visible_questions(answers)
            if q.kind is not schema.Kind.EXPLANATION
        ]
        if rows:
            sections.append({"title": section.title, "rows": rows})
    return sections


@login_required
@require_POST
def update_version(request: HttpRequest, draft_id: UUID) -> HttpResponse:
    draft = _open_draft(request, draft_id)
    drafts.update_version(draft)
    messages.success(
        request,
        _(
            "Your dossier now follows the procedure in force. Check each "
            "part again: answers that still fit were kept."
        ),
    )
    return redirect("portal:draft", draft.pk)


@login_required
@require_POST
def delete(request: HttpRequest, draft_id: UUID) -> HttpResponse:
    draft = _open_draft(request, draft_id)
    draft.delete()
    messages.success(request, _("The draft was deleted."))
    return redirect("portal:my-dossiers")


@login_required
def submitted_form(request: HttpRequest, ref: str) -> HttpResponse:
    """The answers of a submitted dossier, as its online form (tờ khai) shows them."""
    dossier = (
        Dossier.objects.filter(applicant=request.user.pk, reference=ref.upper())
        .select_related("procedure_version__procedure")
        .first()
    )
    if dossier is None:
        raise Http404("No such dossier of yours")
    form = form_for(dossier.procedure_version)
    return render(
        request,
        DRAFT + "submitted_form.html",
        {
            "dossier": dossier,
            "summary": _summary(form, dossier.answers) if form else [],
        },
    )
