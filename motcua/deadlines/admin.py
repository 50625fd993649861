from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import CalendarEntry


@admin.register(CalendarEntry)
class CalendarEntryAdmin(admin.ModelAdmin):
    """The yearly decision table; every change here reaches deadlines at once (ADR 0004)."""

    list_display = ("date", "weekday", "kind", "name", "source", "confirmed")
    list_filter = ("kind", "confirmed")
    # The date hierarchy is the year (then month) filter.
    date_hierarchy = "date"
    search_fields = ("name", "source")
    fieldsets = (
        (None, {"fields": ("date", "kind", "name")}),
        (
            _("Source"),
            {
                "fields": ("source", "confirmed"),
                "description": _(
                    "Name the official decision. Untick “confirmed” while the day "
                    "rests on a secondary source only."
                ),
            },
        ),
        (_("Swap"), {"fields": ("paired_with",)}),
    )

    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, entry: CalendarEntry) -> str:
        # A make-up Saturday or a swapped Friday is only obvious with the weekday beside it.
        return date_format(entry.date, "l")
