"""The applicant's page of notification preferences, /tai-khoan/thong-bao/."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import preferences
from .forms import PreferencesForm, initial_preferences


@login_required
def preferences_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PreferencesForm(request.POST or None, user=user, initial=initial_preferences(user))
    if request.method == "POST" and form.is_valid():
        try:
            preferences.save(user, form.cleaned_data["language"], form.choice())
        except preferences.Invalid as exc:
            form.add_problems(exc.errors)
        else:
            messages.success(request, _("Your notification preferences were saved."))
            return redirect("portal:notification-preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "reachable": preferences.reachable(user), "profile_user": user},
    )
