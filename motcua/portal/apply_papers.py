"""The papers page of a draft: the case, then one slot per required document.

Each slot takes uploads or a paper reused from the applicant's repository. A refused file is
explained beside its slot; every other file of the same post is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.documents.checks import Rejected
from motcua.documents.repository import RepositoryItem, get_repository, id_number_of
from motcua.submissions import drafts
from motcua.submissions.access import sees_owner_data
from motcua.submissions.models import Draft

from .apply_views import DRAFT, _open_draft


@login_required
def papers(request: HttpRequest, draft_id: UUID) -> HttpResponse:
    draft = _open_draft(request, draft_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if "case" in request.POST:
            try:
                drafts.choose_case(draft, request.POST["case"])
            except drafts.NotAllowed as exc:
                errors["case"] = exc.message
        else:
            errors = _apply_post(request, draft)
        if not errors:
            return redirect("portal:draft-papers", draft.pk)
    rows = [
        {
            "slot": s,
            "file_error": errors.get(f"file-{s.document.pk}", ""),
            "reuse_error": errors.get(f"reuse-{s.document.pk}", ""),
        }
        for s in drafts.slots(draft)
    ]
    sees_owner = sees_owner_data(request.user, draft)
    return render(
        request,
        DRAFT + "papers.html",
        {
            "draft": draft,
            "cases": drafts.cases(draft.procedure_version),
            "rows": rows,
            "errors": errors,
            "repository": _repository(draft, sees_owner),
            "verified": sees_owner and draft.owner.vneid_verified,
            "sees_owner": sees_owner,
        },
    )


def _repository(draft: Draft, sees_owner: bool) -> list[RepositoryItem]:
    """The owner's repository papers; none for a volunteer whose consent is not confirmed."""
    if not sees_owner:
        return []
    id_number = id_number_of(draft.owner)
    return get_repository().papers_for(id_number) if id_number else []


def _apply_post(request: HttpRequest, draft: Draft) -> dict[str, str]:
    """Remove, reuse and upload as posted; return an error per slot (field id → message)."""
    if request.POST.get("remove"):
        try:
            drafts.remove_paper(draft, int(request.POST["remove"]))
        except ValueError:
            pass
        messages.success(request, _("The file was removed."))
        return {}
    errors: dict[str, str] = {}
    added = 0
    for slot in drafts.slots(draft):
        document = slot.document
        ref = request.POST.get(f"reuse-{document.pk}", "")
        if ref:
            added += _attach(
                errors,
                f"reuse-{document.pk}",
                drafts.attach_reused,
                draft,
                document,
                ref,
                request.user,
            )
        for upload in request.FILES.getlist(f"file-{document.pk}"):
            added += _attach(
                errors,
                f"file-{document.pk}",
                drafts.attach_upload,
                draft,
                document,
                upload,
                request.user,
            )
    if added:
        messages.success(
            request,
            ngettext("%(count)d file was attached.", "%(count)d files were attached.", added)
            % {"count": added},
        )
    elif not errors:
        errors["papers"] = _("Choose a file to upload or a paper from your repository first.")
    return errors


def _attach(
    errors: dict[str, str], field: str, action: Callable[..., object], *args: object
) -> int:
    try:
        action(*args)
    except (Rejected, drafts.NotAllowed) as exc:
        errors[field] = exc.message
        return 0
    return 1
