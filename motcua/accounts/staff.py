"""The door of every staff page, whichever app serves it: staff only. A citizen gets 403; a
visitor signs in first at the back office's sign-in. (An officer's session without its second
factor, where the policy asks for one, is no session at all: backoffice.middleware.)"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from .choices import UserKind

View = TypeVar("View", bound=Callable[..., HttpResponseBase])
STAFF_LOGIN = "/mot-cua/dang-nhap/"


def staff_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), STAFF_LOGIN)
        if getattr(user, "kind", "") != UserKind.STAFF:
            raise PermissionDenied("The back office is for staff")
        return view(request, *args, **kwargs)

    return cast(View, wrapped)
