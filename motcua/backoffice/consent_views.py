"""The signed consent forms a counter officer checks (security review D5).

A volunteer who records a citizen's consent with a scanned, signed form may prepare and submit
dossiers at once, but the counter receives them only after an officer of the receiving unit
has looked at the scan and confirmed it. Another agency's consent answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.accounts.staff import staff_required
from motcua.submissions import assistance
from motcua.submissions.models import Consent


def _officer(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@staff_required
def consent_list(request: HttpRequest) -> HttpResponse:
    officer = _officer(request)
    rows = [
        (c, assistance.dossiers_under(c, officer)) for c in assistance.consents_to_check(officer)
    ]
    return render(request, "backoffice/consents.html", {"rows": rows})


def _checkable(officer: User, consent_id: int) -> Consent:
    consent = assistance.consents_to_check(officer).filter(pk=consent_id).first()
    if consent is None:
        raise Http404(_("No signed consent form %(id)s for you to check.") % {"id": consent_id})
    return consent


@staff_required
def consent_scan(request: HttpRequest, consent_id: int) -> FileResponse:
    """The scan itself, shown in the browser."""
    consent = _checkable(_officer(request), consent_id)
    if consent.scan is None:
        raise Http404("No scan")
    response = FileResponse(consent.scan.open(), content_type=consent.scan.content_type)
    response["Content-Disposition"] = f'inline; filename="{consent.scan.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required
@require_POST
def consent_decide(request: HttpRequest, consent_id: int) -> HttpResponse:
    officer = _officer(request)
    valid = request.POST.get("decision") == "confirm"
    if assistance.decide_scan(officer, consent_id, valid) is None:
        raise Http404(_("No signed consent form %(id)s for you to check.") % {"id": consent_id})
    messages.success(
        request,
        _("The signed form was confirmed: the dossiers can be received.")
        if valid
        else _("The signed form was refused: the dossiers cannot be received with it."),
    )
    return HttpResponseRedirect(reverse("backoffice:consents"))
