from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.lib import versions
from motcua.units.models import AdministrativeUnit

from .choices import AgencyKind, AgencyLevel

# Electronic identification code of an agency (Decision 20/2020/QĐ-TTg, amended by
# 09/2025/QĐ-TTg): V1V2V3.Z1Z2.Y1Y2.MX1X2, e.g. 000.00.00.H19 for a provincial People's
# Committee; it opens every dossier code (Circular 01/2018 Art. 19).
EID_CODE = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9A-Z]{2}$")


def validate_eid_code(value: str) -> None:
    if not EID_CODE.match(value):
        raise ValidationError(
            _(
                "The electronic ID code must have the shape V1V2V3.Z1Z2.Y1Y2.MX1X2, "
                "e.g. 000.00.00.H19."
            ),
            code="eid_shape",
        )


# Processes keep routing decisions in memory (submissions/routing.py) until this token changes.
AGENCIES_VERSION = "agencies"


def agencies_changed() -> None:
    """Mark every process's routing and scopes stale: at once, for this transaction's own
    reads, and again once it commits, for what other processes read meanwhile."""
    versions.bump(AGENCIES_VERSION)
    transaction.on_commit(lambda: versions.bump(AGENCIES_VERSION))


class AgencyQuerySet(models.QuerySet["Agency"]):
    def in_force_on(self, day: dt.date) -> AgencyQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Agency(models.Model):
    """An organisation of the state apparatus that receives or decides dossiers.

    Agencies and their departments/divisions (cơ quan, đơn vị, phòng ban) form one tree through
    `parent`. Service centres receive dossiers regardless of the applicant's address within the
    province (Decree 118/2025), which `receives_province_wide` records.
    """

    code = models.CharField(
        _("electronic ID code"), max_length=20, unique=True, validators=[validate_eid_code]
    )
    code_is_demo = models.BooleanField(
        _("demo code"),
        default=False,
        help_text=_("The code is a demo value, not one issued under Decision 20/2020/QĐ-TTg."),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=AgencyLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agency"),
    )
    units_served = models.ManyToManyField(
        AdministrativeUnit, blank=True, related_name="agencies", verbose_name=_("units served")
    )
    receives_province_wide = models.BooleanField(
        _("receives regardless of address"),
        default=False,
        help_text=_("Service centres receive dossiers from anywhere in the province."),
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        agencies_changed()

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        agencies_changed()
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]

    def ancestors(self) -> list[Agency]:
        """Return the chain of parents, nearest first."""
        chain: list[Agency] = []
        node = self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain
