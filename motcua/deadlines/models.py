from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    DAY_OFF = "off", _("Day off")
    WORKING_DAY = "working", _("Working day")


class CalendarEntry(models.Model):
    """One day of a yearly official decision that changes the working calendar.

    Entries win over the `holidays` package (ADR 0004): a day off adds to the statutory
    holidays, a working day makes a weekend day (a make-up Saturday) or a package holiday a
    working day. Each entry names its source decision or is flagged unconfirmed.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source decision"), max_length=300, blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=True)
    paired_with = models.DateField(
        _("swapped with"), null=True, blank=True,
        help_text=_("For a swapped day: the make-up working day, or the day off it pays back."),
    )

    class Meta:
        verbose_name = _("calendar decision")
        verbose_name_plural = _("calendar decisions")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"
