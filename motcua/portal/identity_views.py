"""The citizen's identity pages: the profile that pre-fills forms, and the organisations
they act for. The rules live in accounts.profile and accounts.organisations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts import organisations, profile
from motcua.accounts.models import Representation, User

from .identity_forms import (
    EndRepresentationForm,
    OrganisationForm,
    ProfileForm,
    initial_of,
    province_choices,
)

SHOW_COMMUNES = "show_communes"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view here requires a signed-in user
    return request.user


def _province(request: HttpRequest, user: User) -> str:
    """The province whose communes the picker lists: the one asked for, the person's, or ours."""
    asked = request.POST.get("province", "")
    if asked and asked in dict(province_choices()):
        return asked
    commune = user.commune if user.commune_id else None
    if commune is not None and commune.parent is not None:
        return commune.parent.code
    return str(settings.PROVINCE_CODE)


def _kept(request: HttpRequest, user: User, province: str) -> dict[str, Any]:
    """What the person typed, kept while they only asked for another province's communes."""
    typed = {
        name: request.POST.get(name, "")
        for name in profile.EDITABLE_FIELDS
        if name not in profile.locked_fields(user)
    }
    return {**initial_of(user), **typed, "province": province, "commune": ""}


@login_required
def profile_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    province = _province(request, user)
    if request.method == "POST" and SHOW_COMMUNES in request.POST:
        # Without JavaScript the commune list follows the province in a second step.
        form = ProfileForm(
            user=user, province_code=province, initial=_kept(request, user, province)
        )
    else:
        form = ProfileForm(
            request.POST or None, user=user, province_code=province, initial=initial_of(user)
        )
        if request.method == "POST" and form.is_valid():
            profile.save(user, form.changes())
            messages.success(request, _("Your profile was saved."))
            return redirect("portal:profile")
    return render(
        request,
        "portal/profile.html",
        {
            "form": form,
            "profile_user": user,
            "locked": bool(profile.locked_fields(user)),
            "lock_reason": profile.lock_reason(),
            "acting_for": organisations.acting_for(user),
        },
    )


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    rows = organisations.representations_of(_user(request))
    today = timezone.localdate()
    current = [
        r
        for r in rows
        if r.valid_from <= today and (r.valid_until is None or r.valid_until >= today)
    ]
    upcoming = [r for r in rows if r.valid_from > today]
    past = [r for r in rows if r.valid_until is not None and r.valid_until < today]
    return render(
        request,
        "portal/organisations.html",
        {"current": current, "upcoming": upcoming, "past": past},
    )


@login_required
def organisation_add(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            row = organisations.declare(_user(request), **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if row.organisation.name != form.cleaned_data["name"].strip():
                messages.info(
                    request,
                    _("The organisation with tax code %(code)s is on record as “%(name)s”.")
                    % {"code": row.organisation.tax_code, "name": row.organisation.name},
                )
            messages.success(
                request, _("You now act for %(name)s.") % {"name": row.organisation.name}
            )
            return redirect("portal:organisations")
    return render(request, "portal/organisation_form.html", {"form": form})


def _add_errors(form: Any, exc: ValidationError) -> None:
    """Put a ValidationError from a domain function on the form's fields."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error("tax_code" if "tax_code" in form.fields else None, exc.messages)


@login_required
def organisation_end(request: HttpRequest, pk: int) -> HttpResponse:
    row = (
        Representation.objects.select_related("organisation")
        .filter(pk=pk, user=_user(request))
        .first()
    )
    if row is None:
        raise Http404("No such declaration of yours")
    form = EndRepresentationForm(request.POST or None, initial={"last_day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            organisations.end(row, form.cleaned_data["last_day"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("You no longer act for %(name)s after %(day)s.")
                % {
                    "name": row.organisation.name,
                    "day": form.cleaned_data["last_day"].strftime("%d/%m/%Y"),
                },
            )
            return redirect("portal:organisations")
    return render(request, "portal/organisation_end.html", {"form": form, "row": row})
