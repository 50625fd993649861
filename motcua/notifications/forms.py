"""The forms of the preferences page and of the officers' failed-notification tasks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import preferences
from .kinds import External, Kind
from .models import KIND_LABELS, Language

CHANNEL_LABELS = {External.SMS: _("SMS"), External.EMAIL: _("Email")}


def field_name(kind: Kind) -> str:
    return f"kind_{kind.value}"


class PreferencesForm(forms.Form):
    """One group of check boxes per kind of message, offering the channels the account has."""

    language = forms.ChoiceField(
        label=_("Language of the messages"), choices=Language.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        offered = [(c.value, CHANNEL_LABELS[c]) for c in preferences.reachable(user)]
        for kind in Kind:
            self.fields[field_name(kind)] = forms.MultipleChoiceField(
                label=KIND_LABELS[kind],
                choices=offered,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Required by law: at least one of SMS or email.")
                if preferences.is_required(kind)
                else "",
            )

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[field_name(kind)] for kind in Kind]

    def add_problems(self, errors: dict[str, str]) -> None:
        """Show the rules' refusals (preferences.Invalid) on their fields."""
        for key, message in errors.items():
            self.add_error("language" if key == "language" else f"kind_{key}", message)

    def choice(self) -> dict[str, list[str]]:
        return {kind.value: list(self.cleaned_data.get(field_name(kind), [])) for kind in Kind}


def initial_preferences(user: Any) -> dict[str, Any]:
    language, channels = preferences.current(user)
    return {"language": language, **{field_name(kind): channels[kind.value] for kind in Kind}}


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("How you reached the applicant"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: phoned the applicant on 0912 345 678 and read the message."),
        error_messages={"required": _("Say how you reached the applicant.")},
    )
