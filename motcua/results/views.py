"""The result of one dossier: the officers' page (/mot-cua/ho-so/<ref>/ket-qua/) and the
applicant's download of the signed file.

Officers find the dossier through visible_to (backoffice.access.find_dossier): the result
page is a workspace for those who act on the dossier, so another agency's dossier and a
read-only role (supervisors, leadership, administrators) answer 404, like the internal
notes; a citizen gets 403 from staff_required. The applicant downloads only their own result;
anyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.choices import UserKind
from motcua.accounts.models import User
from motcua.accounts.staff import staff_required
from motcua.backoffice.access import find_dossier
from motcua.documents.checks import Rejected
from motcua.documents.models import StoredFile
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import ACT

from . import drafting
from .drafting import NotNow
from .forms import ResultUploadForm
from .models import Result

DRAFT, SIGNED = "du-thao", "da-ky"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _page(
    request: HttpRequest,
    dossier: Dossier,
    form: ResultUploadForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    refusal = drafting.drafting_refusal(dossier, _user(request))
    return render(
        request,
        "results/officer_result.html",
        {
            "dossier": dossier,
            "ref": dossier.code or dossier.reference,
            "result": drafting.result_of(dossier),
            "may_draft": not refusal,
            "refusal": refusal,
            "form": form or ResultUploadForm(),
            "problems": problems or [],
        },
        status=status,
    )


@staff_required
@require_GET
def result_page(request: HttpRequest, ref: str) -> HttpResponse:
    return _page(request, find_dossier(request.user, ref, ACT))


@staff_required
@require_POST
def upload_result(request: HttpRequest, ref: str) -> HttpResponse:
    dossier = find_dossier(request.user, ref, ACT)
    form = ResultUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, dossier, form, status=400)
    try:
        drafting.upload(dossier, form.cleaned_data["file"], _user(request))
    except (Rejected, NotNow) as exc:
        return _page(request, dossier, form, [exc.message], status=400)
    messages.success(request, _("The draft result is saved. The leader's approval signs it."))
    return redirect("results:officer", ref=dossier.code or dossier.reference)


@staff_required
@require_POST
def generate_result(request: HttpRequest, ref: str) -> HttpResponse:
    dossier = find_dossier(request.user, ref, ACT)
    try:
        drafting.generate(dossier, _user(request))
    except NotNow as exc:
        return _page(request, dossier, problems=[exc.message], status=400)
    messages.success(
        request,
        _(
            "The draft result was generated from the procedure's "
            "template. The leader's approval signs it."
        ),
    )
    return redirect("results:officer", ref=dossier.code or dossier.reference)


def file_response(stored: StoredFile, filename: str, *, inline: bool = False) -> FileResponse:
    return FileResponse(
        stored.open(), as_attachment=not inline, filename=filename, content_type=stored.content_type
    )


@staff_required
@require_GET
def officer_file(request: HttpRequest, ref: str, which: str) -> FileResponse:
    dossier = find_dossier(request.user, ref)
    result = drafting.result_of(dossier)
    stored = _stored(result, which)
    return file_response(stored, _filename(result, which), inline=True)


def _stored(result: Result | None, which: str) -> StoredFile:
    if result is None:
        raise Http404("No result yet")
    stored = result.signed_file if which == SIGNED else result.document
    if which not in (DRAFT, SIGNED) or stored is None:
        raise Http404("No such file")
    return stored


def _filename(result: Result | None, which: str) -> str:
    code = result.code if result else "ket-qua"
    return f"{code}.pdf" if which == SIGNED else f"{code}-du-thao.pdf"


@login_required
@require_GET
def my_result_file(request: HttpRequest, ref: str) -> FileResponse:
    """The applicant's signed result; 404 for anyone else, and before it is signed."""
    key = ref.strip().upper()
    dossier = Dossier.objects.filter(
        Q(reference=key) | Q(code=key), applicant=_user(request)
    ).first()
    result = drafting.result_of(dossier) if dossier else None
    if result is None or result.signed_file is None:
        raise Http404("No signed result of yours")
    return file_response(result.signed_file, f"{result.code}.pdf")


def panel_context(dossier: Dossier, user: Any) -> dict[str, Any]:
    """What the result panels on the dossier pages show (templatetags)."""
    result = drafting.result_of(dossier)
    return {
        "dossier": dossier,
        "ref": dossier.code or dossier.reference,
        "result": result,
        "verification_path": drafting.verification_path(result.code) if result else "",
        "acts": _acts(dossier, user),
    }


def _acts(dossier: Dossier, user: Any) -> bool:
    """Whether `user` is staff acting on `dossier`: only they get the link to the result page."""
    if getattr(user, "kind", "") != UserKind.STAFF:
        return False
    return Dossier.objects.visible_to(user, ACT).filter(pk=dossier.pk).exists()
