"""Where an online dossier goes: the competent agency the applicant chooses among those that
implement the procedure, and the receiving unit (Bộ phận Một cửa) that serves it."""

from __future__ import annotations

import datetime as dt

from motcua.agencies.choices import AgencyKind
from motcua.agencies.models import AGENCIES_VERSION, Agency
from motcua.catalog.models import CATALOG_VERSION, ProcedureVersion
from motcua.lib import versions
from motcua.units.models import AdministrativeUnit


def candidate_agencies(version: ProcedureVersion, day: dt.date) -> list[Agency]:
    """The agencies that handle this procedure today, by name."""
    return versions.cached(
        (CATALOG_VERSION, AGENCIES_VERSION),
        ("candidates", version.pk, day),
        lambda: list(version.implementing_agencies.in_force_on(day).order_by("name")),
    )


def suggested_agency(candidates: list[Agency], commune: AdministrativeUnit | None) -> Agency | None:
    """The candidate serving the applicant's commune, or the only candidate."""
    if commune is not None:
        for agency in candidates:
            if agency.units_served.filter(pk=commune.pk).exists():
                return agency
    return candidates[0] if len(candidates) == 1 else None


def receiving_unit_for(competent: Agency, day: dt.date) -> Agency:
    """The one-stop-shop counter serving the competent agency's area (Decree 61/2018 Art. 7).

    A commune's public administration service centre receives for its commune's agencies; a
    province-wide centre receives for the others. An agency with no centre receives itself.
    """
    return versions.cached(
        (AGENCIES_VERSION,),
        ("receiving", competent.pk, day),
        lambda: _receiving_unit(competent, day),
    )


def _receiving_unit(competent: Agency, day: dt.date) -> Agency:
    centres = Agency.objects.in_force_on(day).filter(kind=AgencyKind.SERVICE_CENTRE)
    local = centres.filter(
        level=competent.level, units_served__in=competent.units_served.all()
    ).first()
    if local is not None:
        return local
    wide = centres.filter(receives_province_wide=True, level="province").first()
    return wide or competent
