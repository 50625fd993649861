from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "code_is_demo",
        "kind",
        "level",
        "parent",
        "receives_province_wide",
    )
    list_filter = ("level", "kind", "receives_province_wide", "code_is_demo")
    search_fields = ("name", "short_name", "code")
    autocomplete_fields = ("parent",)
    raw_id_fields = ("units_served",)
    fieldsets = (
        (
            None,
            {"fields": ("name", "short_name", "code", "code_is_demo", "kind", "level", "parent")},
        ),
        (
            _("Reception"),
            {
                "fields": (
                    "receives_province_wide",
                    "units_served",
                    "address",
                    "phone",
                    "opening_hours",
                )
            },
        ),
        (_("Validity"), {"fields": ("valid_from", "valid_until")}),
    )
