from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.choices import OnlineLevel, ProcedureLevel
from motcua.catalog.models import Sector


def _sector_choices() -> list[tuple[str, str]]:
    return [("", str(_("All sectors"))), *Sector.objects.values_list("code", "name")]


def _agency_choices() -> list[tuple[str, str]]:
    agencies = (
        Agency.objects.in_force_on(timezone.localdate())
        .filter(procedure_versions__isnull=False).distinct().order_by("name")
        .values_list("code", "name")
    )
    return [("", str(_("All agencies"))), *agencies]


class CatalogSearchForm(forms.Form):
    """The catalog filters. Choices are read once per form: a callable would be read again
    each time the template walks the options."""

    q = forms.CharField(label=_("Procedure name or code"), required=False, max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False,
        choices=[("", _("All levels")), *ProcedureLevel.choices],
    )
    online_level = forms.ChoiceField(
        label=_("Online service"), required=False,
        choices=[("", _("Any")), *OnlineLevel.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = _sector_choices()
        self.fields["agency"].choices = _agency_choices()
