from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Level, Scheme

# Processes keep unit names in memory (submissions/drafts.py) until this token changes: units
# change only when the register is loaded again (load_units).
UNITS_VERSION = "units"


class AdministrativeUnitQuerySet(models.QuerySet["AdministrativeUnit"]):
    def in_force_on(self, day: dt.date) -> AdministrativeUnitQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class AdministrativeUnit(models.Model):
    """A province, district or commune (xã, phường, thị trấn, đặc khu) of one scheme.

    The register of the National Statistics Office is the source; `valid_from`/`valid_until`
    bound the period the unit existed in that scheme.
    """

    scheme = models.CharField(_("scheme"), max_length=12, choices=Scheme.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("code"), max_length=5, help_text=_("Official statistical code"))
    name = models.CharField(_("name"), max_length=120)
    division_type = models.CharField(_("division type"), max_length=40)
    codename = models.CharField(max_length=120)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["scheme", "level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "level", "code"], name="unit_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class UnitSuccession(models.Model):
    """One link from a unit of the old scheme to a unit that took over (all or part of) it.

    `partly` says only part of the old unit's territory went to this successor; `position`
    keeps the register's order of successors (0 for the first), since reports count a dossier
    of an old commune with several successors in the first one listed (ADR 0005). Districts
    have no successions: the level was abolished on 1/7/2025 and the register links old
    communes straight to new ones. Read them through units.queries.
    """

    predecessor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="predecessions"
    )
    partly = models.BooleanField(_("partly"), default=False)
    position = models.PositiveSmallIntegerField(default=0)
    effective_on = models.DateField(_("effective on"))

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        ordering = ["predecessor_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor", "effective_on"], name="succession_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
