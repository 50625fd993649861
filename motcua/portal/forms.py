from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.choices import OnlineLevel, ProcedureLevel
from motcua.catalog.index import get_index


class CatalogSearchForm(forms.Form):
    """The catalog filters. Sector and agency choices come from the search index, which
    already holds them, instead of two queries a page."""

    q = forms.CharField(label=_("Procedure name or code"), required=False, max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("All levels")), *ProcedureLevel.choices],
    )
    online_level = forms.ChoiceField(
        label=_("Online service"),
        required=False,
        choices=[("", _("Any")), *OnlineLevel.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        index = get_index()
        sector, agency = self.fields["sector"], self.fields["agency"]
        assert isinstance(sector, forms.ChoiceField)
        assert isinstance(agency, forms.ChoiceField)
        sector.choices = [("", str(_("All sectors"))), *index.sectors]
        agency.choices = [("", str(_("All agencies"))), *index.agencies]
