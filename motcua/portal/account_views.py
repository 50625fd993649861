"""Citizens' accounts: register with a one-time code, sign in and out, and their dossiers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts import codes, otp
from motcua.accounts.choices import UserKind
from motcua.accounts.forms import LoginForm
from motcua.accounts.models import User
from motcua.accounts.signin import check_login, remember_device
from motcua.documents.checks import Rejected
from motcua.dossiers.choices import EVENT_LABELS, STATUS_LABELS
from motcua.dossiers.lifecycle import Refused
from motcua.dossiers.models import Dossier
from motcua.dossiers.transitions import Event, InvalidTransition, State, allowed_events
from motcua.lib.net import client_address
from motcua.lib.ratelimit import allow
from motcua.notifications.sending import send
from motcua.submissions.access import drafts_for
from motcua.submissions.models import Consent
from motcua.submissions.supplement import provide

from .account_forms import CodeForm, RegistrationForm

PENDING = "registration"


def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind, value = form.cleaned_data["login"]
        pending = {
            "full_name": form.cleaned_data["full_name"],
            "kind": kind,
            "value": value,
            "password": make_password(form.cleaned_data["password1"]),
        }
        if _send_code(request, pending):
            return redirect("portal:register-verify")
        form.add_error(None, _("Too many codes were sent. Please wait an hour and try again."))
    return render(request, "portal/register.html", {"form": form})


def _send_code(request: HttpRequest, pending: dict[str, Any]) -> bool:
    """Send a fresh code to the pending login and keep its challenge; False when rate-limited."""
    target = pending["value"]
    if not (
        allow("otp-target", target, *settings.OTP_RATE)
        and allow("otp-address", client_address(request), *settings.OTP_RATE_PER_ADDRESS)
    ):
        return False
    challenge, code = otp.new_challenge(target, timezone.now())
    request.session[PENDING] = {**pending, "challenge": challenge.to_dict()}
    send(
        channel="sms" if pending["kind"] == "phone" else "email",
        to=target,
        template="one_time_code",
        context={"code": code, "minutes": 10},
        language=get_language() or "vi",
    )
    return True


def register_verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending:
        return redirect("portal:register")
    form = CodeForm(request.POST or None)
    problems = []
    if request.method == "POST" and "resend" in request.POST:
        form = CodeForm()
        if _send_code(request, pending):
            messages.info(request, _("A new code was sent."))
        else:
            problems.append(_("Too many codes were sent. Please wait an hour and try again."))
    elif request.method == "POST" and form.is_valid():
        user = _check_code(request, pending, form)
        if user is not None:
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(request, _("Your account is ready."))
            return redirect("portal:my-dossiers")
    return render(
        request,
        "portal/register_verify.html",
        {
            "form": form,
            "problems": problems,
            "target": pending["value"],
            "by_phone": pending["kind"] == "phone",
        },
    )


def _check_code(request: HttpRequest, pending: dict[str, Any], form: CodeForm) -> User | None:
    challenge = otp.Challenge.from_dict(pending["challenge"])
    passed, challenge, reason = codes.check(challenge, form.cleaned_data["code"], timezone.now())
    if not passed:
        request.session[PENDING] = {**pending, "challenge": challenge.to_dict()}
        form.add_error("code", reason)
        return None
    with transaction.atomic():
        if User.objects.filter(**{pending["kind"]: pending["value"]}).exists():
            form.add_error(
                None,
                _("An account with this phone number or email already exists. Sign in instead."),
            )
            return None
        user = User(
            full_name=pending["full_name"],
            password=pending["password"],
            **{pending["kind"]: pending["value"]},
        )
        user.save()
    del request.session[PENDING]
    return user


def sign_in(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    target = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        attempt = check_login(request, form.cleaned_data["login"], form.cleaned_data["password"])
        if attempt.user is not None and attempt.user.kind == UserKind.STAFF:
            # An officer's account opens the back office only, where its second factor is
            # asked: a session opened here would reach the API with a password alone.
            form.add_error(
                None,
                _(
                    "This is an officer's account. Officers sign in on the "
                    "back office sign-in page."
                ),
            )
            return render(
                request, "portal/login.html", {"form": form, "next": target, "staff_account": True}
            )
        if attempt.user is None:
            form.add_error(attempt.field, attempt.error)
        else:
            login(request, attempt.user)
            safe = url_has_allowed_host_and_scheme(
                target, {request.get_host()}, request.is_secure()
            )
            response = HttpResponseRedirect(target if target and safe else "/ho-so-cua-toi/")
            remember_device(request, response, attempt.account)
            return response
    return render(request, "portal/login.html", {"form": form, "next": target})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("portal:home")


def _citizen(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # the views below require a signed-in user
    return request.user


@login_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    dossiers = (
        Dossier.objects.filter(applicant=_citizen(request))
        .select_related("procedure_version")
        .order_by("-created_at")[:100]
    )
    drafts = (
        drafts_for(request.user).filter(dossier__isnull=True).select_related("procedure_version")
    )
    helpers = Consent.objects.filter(
        citizen=_citizen(request),
        ended_at__isnull=True,
        ends_at__gt=timezone.now(),
        state__in=["pending", "active"],
    ).select_related("volunteer")
    return render(
        request,
        "portal/my_dossiers.html",
        {
            "dossiers": dossiers,
            "drafts": drafts,
            "helpers": helpers,
            "status_labels": STATUS_LABELS,
        },
    )


def _own_dossier(request: HttpRequest, ref: str) -> Dossier:
    dossier = (
        Dossier.objects.filter(applicant=_citizen(request), reference=ref.upper())
        .select_related("procedure_version__procedure", "receiving_unit", "helped_by")
        .first()
    )
    if dossier is None:
        raise Http404("No such dossier of yours")
    return dossier


@login_required
def my_dossier(request: HttpRequest, ref: str, **extra: Any) -> HttpResponse:
    dossier = _own_dossier(request, ref)
    history = [(t, EVENT_LABELS.get(t.event, t.event)) for t in dossier.transitions.order_by("id")]
    return render(
        request,
        "portal/my_dossier.html",
        {
            "dossier": dossier,
            "status_label": STATUS_LABELS.get(dossier.status, ""),
            "history": history,
            "can_withdraw": Event.REQUEST_WITHDRAWAL in allowed_events(State(dossier.state)),
            **extra,
        },
    )


@login_required
@require_POST
def supplement(request: HttpRequest, ref: str) -> HttpResponse:
    """Answer a request for supplementary papers from the dossier page itself."""
    dossier = _own_dossier(request, ref)
    note = request.POST.get("note", "")
    try:
        provide(dossier, _citizen(request), note, request.FILES.getlist("papers"))
    except (Rejected, Refused, InvalidTransition) as exc:
        return my_dossier(
            request, ref, supplement_error=getattr(exc, "message", str(exc)), supplement_typed=note
        )
    messages.success(request, _("The supplementary papers were sent to the agency."))
    return redirect("portal:my-dossier", dossier.reference)


@login_required
@require_POST
def withdraw(request: HttpRequest, ref: str) -> HttpResponse:
    """The applicant asks to withdraw; an officer then stops the dossier (status 7, then 8)."""
    dossier = Dossier.objects.filter(applicant=_citizen(request), reference=ref.upper()).first()
    if dossier is None:
        raise Http404("No such dossier of yours")
    reason = request.POST.get("reason", "").strip()[:500]
    try:
        dossier.apply(Event.REQUEST_WITHDRAWAL, by=_citizen(request), note=reason)
    except (Refused, InvalidTransition) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your request to withdraw the dossier was sent."))
    return redirect("portal:my-dossier", ref=dossier.reference)
