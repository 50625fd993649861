"""Forms of the citizen's pages; the rules themselves live in rating.py and workflow.py, whose
Invalid errors the views put back on the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import Rating

from .choices import ContactBy, Reaction, Topic
from .errors import Invalid
from .rating import REASON_MAX
from .workflow import SUBJECT_MAX, TEXT_MAX


class InvalidMixin:
    def add_invalid(self, error: Invalid) -> None:
        """Show a rule's Invalid error on its field (or on the form if it has no such field)."""
        field = error.field if error.field in self.fields else None  # type: ignore[attr-defined]
        self.add_error(field, error.message)  # type: ignore[attr-defined]


class RatingForm(InvalidMixin, forms.Form):
    rating = forms.ChoiceField(
        label=_("How satisfied are you with the handling of this dossier?"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how satisfied you are with the handling of the dossier.")
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX,
        help_text=_("Required if you are not satisfied: tell us what went wrong."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The dossier page has other forms (withdrawal has its own "reason"): ids stay apart.
        kwargs.setdefault("auto_id", "rating_%s")
        super().__init__(*args, **kwargs)


class PetitionForm(InvalidMixin, forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX,
        error_messages={"required": _("Give your petition a subject.")},
    )
    content = forms.CharField(
        label=_("What do you want to report or propose?"),
        max_length=TEXT_MAX,
        help_text=_("Say what happened, when and where. Do not write personal ID numbers."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write what you want to report or propose.")},
    )
    topic = forms.ChoiceField(
        label=_("It is about"), choices=Topic.choices, initial=Topic.RULES, widget=forms.RadioSelect
    )
    contact_by = forms.ChoiceField(
        label=_("How do you want to hear of the answer?"),
        choices=ContactBy.choices,
        initial=ContactBy.IN_APP,
        widget=forms.RadioSelect,
    )


class InformationForm(InvalidMixin, forms.Form):
    text = forms.CharField(
        label=_("The information asked for"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the information the agency asked for.")},
    )


class ReactionForm(InvalidMixin, forms.Form):
    reaction = forms.ChoiceField(choices=Reaction.choices)


class FollowUpForm(InvalidMixin, forms.Form):
    content = forms.CharField(
        label=_("Why are you not satisfied with the answer?"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write why you are not satisfied with the answer.")},
    )
