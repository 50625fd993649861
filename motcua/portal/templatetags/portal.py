from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.catalog.choices import LimitUnit
from motcua.catalog.models import ProcedureVersion

register = template.Library()

_UNIT_TEXT = {
    LimitUnit.WORKING_DAYS: lambda n: ngettext("%(n)d working day", "%(n)d working days", n),
    LimitUnit.WORKING_HOURS: lambda n: ngettext("%(n)d working hour", "%(n)d working hours", n),
    LimitUnit.CALENDAR_DAYS: lambda n: ngettext("%(n)d day", "%(n)d days", n),
    LimitUnit.MONTHS: lambda n: ngettext("%(n)d month", "%(n)d months", n),
}


@register.filter
def unconfirmed(version: ProcedureVersion, field: str) -> bool:
    """Whether no source confirmed `field` of this version (shown as an "unconfirmed" badge)."""
    return version.is_unconfirmed(field)


@register.filter
def time_limit_text(version: ProcedureVersion) -> str:
    """The legal time limit in words, e.g. "7 ngày làm việc" or "Trong ngày"."""
    return limit_in_words(version.time_limit, version.time_limit_unit)


def limit_in_words(limit: int | None, unit: str) -> str:
    if unit == LimitUnit.SAME_DAY:
        return _("Within the day")
    text = _UNIT_TEXT.get(unit)  # type: ignore[call-overload]
    if text is None or limit is None:
        return _("Time limit not confirmed")
    return str(text(limit) % {"n": limit})


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key, "")
