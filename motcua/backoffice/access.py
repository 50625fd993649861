"""Who may use the back office: staff only. A citizen gets 403; a visitor signs in first."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from motcua.accounts.choices import UserKind

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(user, "kind", "") != UserKind.STAFF:
            raise PermissionDenied("The back office is for staff")
        return view(request, *args, **kwargs)

    return wrapped
