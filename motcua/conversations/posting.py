"""Sending a message posted from a dossier page, the citizen's or the officer's.

Both pages show the same form; the view decides what to render after it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier

from . import services
from .access import access_to
from .forms import MessageForm


def post_message(request: HttpRequest, dossier: Dossier, user: User) -> MessageForm | None:
    """Send the posted message; None when sent, else the form with its errors and the text."""
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.send_message(
                dossier,
                user,
                access_to(user, dossier),
                form.cleaned_data["body"],
                site_url=services.site_url(request),
            )
        except services.Refused as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:  # pragma: no cover - the form ran the same checks
            form.add_error("body", exc)
        else:
            return None
    return form
