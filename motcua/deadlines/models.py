from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .versioning import bump_calendar_version


class DayKind(models.TextChoices):
    DAY_OFF = "off", _("Day off")
    WORKING_DAY = "working", _("Working day")


def bump_on_commit(using: str | None) -> None:
    """Bump the calendar version once the current transaction commits (at once in autocommit).

    After commit, not before: with a cache outside the database (Redis), another process that
    saw the new version before the commit would cache a calendar built from the old rows.
    """
    transaction.on_commit(bump_calendar_version, using=using)


class CalendarEntryQuerySet(models.QuerySet["CalendarEntry"]):
    """Bulk writes skip save() and delete(), so each one bumps the calendar version itself.

    This also covers the admin's "delete selected" action, which deletes a queryset.
    """

    def update(self, **kwargs: Any) -> int:
        count = super().update(**kwargs)
        bump_on_commit(self.db)
        return count

    def delete(self) -> tuple[int, dict[str, int]]:
        result = super().delete()
        bump_on_commit(self.db)
        return result

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[CalendarEntry]:
        created = super().bulk_create(objs, *args, **kwargs)
        bump_on_commit(self.db)
        return created

    def bulk_update(self, objs: Any, fields: Any, *args: Any, **kwargs: Any) -> int:
        count = super().bulk_update(objs, fields, *args, **kwargs)
        bump_on_commit(self.db)
        return count


class CalendarEntry(models.Model):
    """One day of a yearly official decision that changes the working calendar.

    Entries win over the `holidays` package (ADR 0004): a day off adds to the statutory
    holidays, a working day makes a weekend day (a make-up Saturday) or a package holiday a
    working day. Each entry names its source decision or is flagged unconfirmed.

    Every write goes through save(), delete() or the queryset methods above, which bump the
    calendar version so that deadlines.provider rebuilds its calendar. Raw SQL must call
    versioning.bump_calendar_version() itself.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source decision"), max_length=300, blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=True)
    paired_with = models.DateField(
        _("swapped with"),
        null=True,
        blank=True,
        help_text=_("For a swapped day: the make-up working day, or the day off it pays back."),
    )

    objects = CalendarEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar decision")
        verbose_name_plural = _("calendar decisions")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        bump_on_commit(self._state.db)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        result = super().delete(*args, **kwargs)
        bump_on_commit(self._state.db)
        return result

    def clean(self) -> None:
        if self.paired_with is not None and self.paired_with == self.date:
            raise ValidationError({"paired_with": _("A day cannot be swapped with itself.")})
