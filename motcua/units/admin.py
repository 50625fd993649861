"""Read-only admin for units and successions: the register file is the one place to change them.

Edits made here would be overwritten by the next `load_units`, so the admin only shows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.lib.admin import ReadOnlyAdminMixin

from .choices import Level
from .models import AdministrativeUnit, UnitSuccession


def describe(unit: AdministrativeUnit) -> str:
    """Return "code name (scheme)": a name alone is ambiguous across the two schemes."""
    return f"{unit.code} {unit.name} ({unit.scheme})"


class ProvinceFilter(admin.SimpleListFilter):
    """Units of one province: the province itself, its districts and communes, in its scheme."""

    title = _("province")
    parameter_name = "province"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        provinces = AdministrativeUnit.objects.filter(level=Level.PROVINCE).order_by(
            "-scheme", "code"
        )
        return [(str(p.pk), describe(p)) for p in provinces]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        pk = self.value()
        if not pk:
            return queryset
        if not pk.isdigit():  # a hand-edited URL; show nothing rather than fail
            return queryset.none()
        return queryset.filter(Q(pk=pk) | Q(parent_id=pk) | Q(parent__parent_id=pk))


# The admin classes are generic only in django-stubs; subscripting them at run time would need
# django_stubs_ext.monkeypatch() in the settings, hence the ignores.
class SuccessorInline(ReadOnlyAdminMixin, admin.TabularInline):  # type: ignore[type-arg]
    model = UnitSuccession
    fk_name = "predecessor"
    verbose_name = _("successor")
    verbose_name_plural = _("successors (units that took this one over, in register order)")
    fields = ("position", "unit", "partly", "effective_on")
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("unit"))
    def unit(self, obj: UnitSuccession) -> str:
        return describe(obj.successor)

    def get_queryset(self, request: HttpRequest) -> QuerySet[UnitSuccession]:
        return super().get_queryset(request).select_related("successor")


class PredecessorInline(ReadOnlyAdminMixin, admin.TabularInline):  # type: ignore[type-arg]
    model = UnitSuccession
    fk_name = "successor"
    verbose_name = _("predecessor")
    verbose_name_plural = _("predecessors (old units that make up this one)")
    fields = ("unit", "partly", "effective_on")
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("unit"))
    def unit(self, obj: UnitSuccession) -> str:
        return describe(obj.predecessor)

    def get_queryset(self, request: HttpRequest) -> QuerySet[UnitSuccession]:
        return (
            super()
            .get_queryset(request)
            .select_related("predecessor")
            .order_by("predecessor__code")
        )


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "code",
        "name",
        "division_type",
        "level",
        "scheme",
        "parent",
        "valid_from",
        "valid_until",
    )
    list_filter = ("scheme", "level", ProvinceFilter, "division_type")
    search_fields = ("name", "code", "codename")
    list_select_related = ("parent",)
    fields = (
        "scheme",
        "level",
        "code",
        "name",
        "division_type",
        "codename",
        "parent",
        "valid_from",
        "valid_until",
    )
    readonly_fields = fields
    inlines = (SuccessorInline, PredecessorInline)
    # 14,000 rows: skip the second COUNT(*) the changelist would run for "show all".
    show_full_result_count = False


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "predecessor_display",
        "position",
        "successor_display",
        "partly",
        "effective_on",
    )
    list_filter = ("predecessor__level", "partly", "effective_on")
    search_fields = ("predecessor__name", "predecessor__code", "successor__name", "successor__code")
    list_select_related = ("predecessor", "successor")
    fields = ("predecessor", "successor", "partly", "position", "effective_on")
    readonly_fields = fields

    @admin.display(description=_("predecessor"), ordering="predecessor__code")
    def predecessor_display(self, obj: UnitSuccession) -> str:
        return describe(obj.predecessor)

    @admin.display(description=_("successor"), ordering="successor__code")
    def successor_display(self, obj: UnitSuccession) -> str:
        return describe(obj.successor)
