"""Assisted submission: a volunteer's pages, and the citizen's control over their consent."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.catalog.choices import OnlineLevel
from motcua.catalog.models import ProcedureVersion
from motcua.documents.checks import Rejected
from motcua.eforms.models import FormDefinition
from motcua.submissions import assistance, drafts
from motcua.submissions.access import active_consents
from motcua.submissions.consent_states import sees_profile
from motcua.submissions.models import Draft

PENDING = "assistance"
TEMPLATES = "portal/assist/"


def _volunteer(request: HttpRequest) -> User:
    if not assistance.is_volunteer(request.user):
        raise Http404("Only community digital-technology team members help here")
    assert isinstance(request.user, User)
    return request.user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The volunteer's page: whom they help now, how many dossiers they helped with."""
    volunteer = _volunteer(request)
    error = ""
    if request.method == "POST":
        typed = request.POST.get("citizen", "").strip()
        try:
            citizen = assistance.find_citizen(typed)
        except assistance.AssistanceRefused as exc:
            error = exc.message
        else:
            # The same next step whether or not an account has this number (D5).
            request.session[PENDING] = {
                "citizen": citizen.pk if citizen else None,
                "contact": typed,
            }
            return redirect("portal:assist-consent")
    consents = active_consents(volunteer).select_related("citizen").order_by("-granted_at")
    helping = [
        (c, Draft.objects.filter(owner=c.citizen, helped_by=volunteer, dossier__isnull=True))
        for c in consents
    ]
    return render(
        request,
        TEMPLATES + "home.html",
        {
            "helping": helping,
            "counts": assistance.helped_counts(volunteer),
            "error": error,
            "typed": request.POST.get("citizen", ""),
            "procedures": _procedures(),
        },
    )


def _procedures() -> list[ProcedureVersion]:
    """Procedures that can be applied for online with a form, today."""
    with_form = FormDefinition.objects.values("procedure_version_id")
    return list(
        ProcedureVersion.objects.in_force_on(timezone.localdate())
        .exclude(online_level=OnlineLevel.NONE)
        .filter(pk__in=with_form)
        .select_related("procedure")
        .order_by("name")
    )


@login_required
def consent(request: HttpRequest) -> HttpResponse:
    """Record the citizen's consent: a code sent to their phone, or a signed form scanned.

    Nothing here says whether an account has the number typed: the page shows what the
    volunteer typed, and the code or the scan is answered the same way (security review D5).
    """
    volunteer = _volunteer(request)
    pending = request.session.get(PENDING)
    if not pending or "contact" not in pending:
        return redirect("portal:assist")
    citizen = User.objects.filter(pk=pending.get("citizen") or 0).first()
    error = ""
    action = request.POST.get("action", "")
    if request.method == "POST":
        try:
            error = _consent_step(request, volunteer, citizen, pending, action)
        except (assistance.AssistanceRefused, Rejected) as exc:
            error = exc.message
        if not error and action != "send":
            request.session.pop(PENDING, None)
            return redirect("portal:assist")
    return render(
        request,
        TEMPLATES + "consent.html",
        {
            "contact": pending["contact"],
            "code_sent": "challenge" in request.session.get(PENDING, {}),
            "error": error,
            "action": action,
        },
    )


def _consent_step(
    request: HttpRequest,
    volunteer: User,
    citizen: User | None,
    pending: dict[str, Any],
    action: str,
) -> str:
    contact = pending["contact"]
    if action == "send":
        request.session[PENDING] = assistance.send_consent_code(volunteer, citizen, contact)
        messages.info(
            request,
            _("If an account has this phone number or email, a code was sent to its phone."),
        )
        return ""
    if action == "confirm":
        if "challenge" not in pending:
            return _("Send the code first.")
        granted, left, reason = assistance.confirm_code(
            volunteer, pending, request.POST.get("code", "")
        )
        if granted is None:
            request.session[PENDING] = left
            return reason
        messages.success(
            request,
            _("%(name)s agreed to your help. Their dossiers stay in their name.")
            % {"name": granted.citizen.full_name},
        )
        return ""
    if action == "scan":
        upload = request.FILES.get("scan")
        if upload is None:
            return _("Choose the scanned consent form to upload.")
        assistance.record_scan(volunteer, citizen, upload, contact)
        messages.success(
            request,
            _(
                "The signed form was recorded for %(contact)s. You may "
                "prepare and submit dossiers now. The citizen's profile and "
                "papers stay hidden, and the counter does not receive the "
                "dossiers, until an officer has checked the form."
            )
            % {"contact": contact},
        )
        return ""
    return _("Choose how the citizen gives consent.")


@login_required
@require_POST
def start_for(request: HttpRequest, consent_id: int) -> HttpResponse:
    """Start a draft in the citizen's name, with the volunteer helping."""
    volunteer = _volunteer(request)
    consent_row = active_consents(volunteer).filter(pk=consent_id).select_related("citizen").first()
    if consent_row is None:
        raise Http404("No such consent in force")
    version = next((v for v in _procedures() if v.procedure.code == request.POST.get("code")), None)
    if version is None:
        messages.error(request, _("Choose a procedure that can be applied for online."))
        return redirect("portal:assist")
    draft = drafts.start(
        consent_row.citizen, version, helped_by=volunteer, prefill=sees_profile(consent_row.state)
    )
    return redirect("portal:draft", draft.pk)


@login_required
@require_POST
def end_help(request: HttpRequest, consent_id: int) -> HttpResponse:
    """The citizen ends a volunteer's help; the drafts stay theirs."""
    assert isinstance(request.user, User)
    if not assistance.end_consent(request.user, consent_id):
        raise Http404("No such consent of yours")
    messages.success(request, _("The volunteer can no longer open your dossiers."))
    return redirect("portal:my-dossiers")
