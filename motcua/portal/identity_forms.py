"""Forms of the citizen's identity pages: the profile and the organisations they act for."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts import profile
from motcua.accounts.choices import Sex
from motcua.accounts.models import User
from motcua.accounts.taxcode import normalise_tax_code
from motcua.lib.text import fold
from motcua.units import queries
from motcua.units.choices import Level, Scheme
from motcua.units.models import AdministrativeUnit

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# What people write: 12/03/1985, 12-03-1985, 12.03.1985, or ISO 1985-03-12.
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATE_HINT = _("Day/month/year, for example 12/03/1985.")
DATE_ERROR = _("Enter the date as day/month/year, for example 12/03/1985.")


def _date_field(label: str | _StrPromise, required: bool = False, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": DATE_ERROR},
        **kwargs,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "text"}),
    )


def province_choices() -> list[tuple[str, str]]:
    provinces = AdministrativeUnit.objects.filter(scheme=Scheme.FROM_2025, level=Level.PROVINCE)
    return sorted(((unit.code, unit.name) for unit in provinces), key=lambda c: fold(c[1]))


def commune_choices(province_code: str) -> list[tuple[str, str]]:
    province = AdministrativeUnit.objects.filter(
        scheme=Scheme.FROM_2025, level=Level.PROVINCE, code=province_code
    ).first()
    if province is None:
        return []
    communes = queries.communes_of(province)
    return sorted(((unit.code, unit.name) for unit in communes), key=lambda c: fold(c[1]))


def initial_of(user: User) -> dict[str, Any]:
    commune = user.commune if user.commune_id else None
    return {
        "full_name": user.full_name,
        "id_number": user.id_number,
        "date_of_birth": user.date_of_birth,
        "sex": user.sex,
        "address": user.address,
        "province": commune.parent.code if commune and commune.parent else "",
        "commune": commune.code if commune else "",
    }


class ProfileForm(forms.Form):
    """The person's profile; what VNeID vouches for is shown but not editable (profile.py)."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    id_number = forms.CharField(
        label=_("Personal identification number"),
        max_length=20,
        required=False,
        help_text=_("The 12 digits printed on your citizen identity card (CCCD)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    date_of_birth = _date_field(_("Date of birth"), help_text=DATE_HINT)
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("", _("Not stated")), *Sex.choices],
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        required=False,
        help_text=_("House number, street, hamlet or residential group."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    province = forms.ChoiceField(label=_("Province or city"), required=False)
    commune = forms.ChoiceField(
        label=_("Commune, ward or special zone"),
        required=False,
        help_text=_("As from 1 July 2025, after the communes were merged."),
        error_messages={
            "invalid_choice": _(
                "This commune is not in the province you chose. Press “Show its communes”, then "
                "choose the commune again."
            )
        },
    )

    def __init__(self, *args: Any, user: User, province_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        cast(forms.ChoiceField, self.fields["province"]).choices = [
            ("", _("Choose a province")),
            *province_choices(),
        ]
        cast(forms.ChoiceField, self.fields["commune"]).choices = [
            ("", _("Choose a commune")),
            *commune_choices(province_code),
        ]
        for name in profile.locked_fields(user):
            self.fields[name].disabled = True
            self.fields[name].help_text = _("From VNeID: it cannot be changed here.")

    def clean_date_of_birth(self) -> dt.date | None:
        born: dt.date | None = self.cleaned_data.get("date_of_birth")
        if born and born > timezone.localdate():
            raise ValidationError(_("The date of birth cannot be in the future."))
        return born

    def changes(self) -> dict[str, Any]:
        """The values to save, for the fields the person may edit."""
        data = self.cleaned_data
        values: dict[str, Any] = {
            "full_name": data.get("full_name", "").strip(),
            "id_number": data.get("id_number", "").strip(),
            "date_of_birth": data.get("date_of_birth"),
            "sex": data.get("sex", ""),
            "address": data.get("address", "").strip(),
            "commune": profile.find_commune(data["commune"]) if data.get("commune") else None,
        }
        return {name: value for name, value in values.items() if not self.fields[name].disabled}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        for name, messages in profile.problems(self.user, self.changes()).items():
            for message in messages:
                self.add_error(name, message)
        return data


TITLE_HINT = _("For example: Giám đốc, Người đại diện theo pháp luật, Người được ủy quyền.")


class OrganisationForm(forms.Form):
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        help_text=_("10 digits, or for a branch 10 digits, a hyphen and 3 digits."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    address = forms.CharField(
        label=_("Address of the organisation"), max_length=300, required=False
    )
    title = forms.CharField(
        label=_("You act for it as"),
        max_length=100,
        help_text=TITLE_HINT,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    valid_from = _date_field(_("From"), required=True, help_text=DATE_HINT)
    valid_until = _date_field(
        _("Until (optional)"),
        help_text=_("The last day, if your authorisation ends on a known day."),
    )

    def clean_tax_code(self) -> str:
        return normalise_tax_code(self.cleaned_data["tax_code"])


class EndRepresentationForm(forms.Form):
    last_day = _date_field(_("Last day you act for it"), required=True, help_text=DATE_HINT)
