"""Staff log-in at /mot-cua/dang-nhap/: a password, then a TOTP code when the policy asks.

The session is not logged in until both factors pass: between them it holds only the pending
user's id, for 10 minutes, so a password alone opens nothing (not even the API). An officer
without an authenticator yet sets one up on the way (/mot-cua/xac-thuc-hai-buoc/).
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.choices import UserKind
from motcua.accounts.forms import LoginForm
from motcua.accounts.models import User
from motcua.accounts.signin import Attempt, check_login, remember_device
from motcua.lib.ratelimit import allow

from . import access
from .forms import TokenForm

PENDING = "backoffice_pending"
PENDING_FOR = dt.timedelta(minutes=10)
HOME = "/mot-cua/"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if target and safe and target.startswith(("/mot-cua/", "/admin/")) else HOME


def sign_in(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt = _check_password(request, form)
        if attempt is not None and attempt.user is not None:
            user = attempt.user
            if not access.second_factor_required(user):
                login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
                response = HttpResponseRedirect(_next(request))
                remember_device(request, response, attempt.account)
                return response
            request.session[PENDING] = {
                "user": user.pk,
                "next": _next(request),
                "account": attempt.account,
                "until": (timezone.now() + PENDING_FOR).isoformat(),
            }
            has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            return redirect("backoffice:second-factor" if has_device else "backoffice:setup")
    return render(request, "backoffice/login.html", {"form": form, "next": _next(request)})


def _check_password(request: HttpRequest, form: LoginForm) -> Attempt | None:
    attempt = check_login(request, form.cleaned_data["login"], form.cleaned_data["password"])
    if attempt.user is None:
        form.add_error(attempt.field, attempt.error)
        return None
    if attempt.user.kind != UserKind.STAFF:
        form.add_error(
            None,
            _(
                "This sign-in page is for officers of the one-stop back office. "
                "To follow your dossiers, please sign in on the public service "
                "portal."
            ),
        )
        return None
    return attempt


def _pending_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    pending = request.session.get(PENDING) or {}
    if not pending or dt.datetime.fromisoformat(pending["until"]) < timezone.now():
        request.session.pop(PENDING, None)
        return None, {}
    user = User.objects.filter(pk=pending["user"], is_active=True, kind=UserKind.STAFF).first()
    return user, pending


def _finish(
    request: HttpRequest, user: User, device: TOTPDevice, pending: dict[str, Any]
) -> HttpResponse:
    request.session.pop(PENDING, None)
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    otp_login(request, device)
    response = HttpResponseRedirect(pending.get("next") or HOME)
    remember_device(request, response, pending.get("account", ""))
    return response


def _code_allowed(request: HttpRequest, user: User, form: TokenForm) -> bool:
    if allow("staff-otp", str(user.pk), *settings.LOGIN_RATE):
        return True
    form.add_error(None, _("Too many attempts. Please wait 10 minutes and try again."))
    return False


def second_factor(request: HttpRequest) -> HttpResponse:
    user, pending = _pending_user(request)
    if user is None:
        messages.info(request, _("Please sign in again."))
        return redirect("backoffice:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _code_allowed(request, user, form):
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(form.cleaned_data["code"]):
                return _finish(request, user, device, pending)
        form.add_error(
            "code", _("This code is not right, or has expired. Type the code your app shows now.")
        )
    return render(request, "backoffice/second_factor.html", {"form": form})


def setup(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app: show the otpauth:// QR code and the secret, confirm a code."""
    user, pending = _pending_user(request)
    if user is None:
        messages.info(request, _("Please sign in again."))
        return redirect("backoffice:login")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("backoffice:second-factor")  # pairing again is the administrator's job
    device = TOTPDevice.objects.filter(
        user=user, confirmed=False
    ).first() or TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _code_allowed(request, user, form):
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            messages.success(
                request,
                _("Your authenticator app is set up. It will ask you for a code at each sign-in."),
            )
            return _finish(request, user, device, pending)
        form.add_error(
            "code",
            _(
                "This code is not right. Check that the app was set up with "
                "the code above and type the code it shows now."
            ),
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "backoffice/setup.html",
        {
            "form": form,
            "qr": segno.make(device.config_url, error="m").svg_inline(
                scale=4, title=_("QR code for your authenticator app")
            ),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("backoffice:login")
