from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .models import MAX_LENGTH


class MessageForm(forms.Form):
    """A message to the other side; the text is checked by services.clean_body."""

    # No maxlength attribute: a browser would silently cut a pasted text; the error says how
    # much to shorten instead, and keeps what was typed.
    body = forms.CharField(
        label=gettext_lazy("Your message"),
        strip=False,
        error_messages={"required": services.EMPTY},
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "message")  # other forms share the dossier page
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _(
            "At most %(limit)d characters. Never send a password or a one-time code."
        ) % {"limit": MAX_LENGTH}

    def clean_body(self) -> str:
        return services.clean_body(self.cleaned_data["body"])
