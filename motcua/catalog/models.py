from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.lib import versions
from motcua.lib.text import fold

from .choices import (
    FeeBasis,
    FeeChannel,
    FeeKind,
    LimitUnit,
    OnlineLevel,
    PaperForm,
    ProcedureLevel,
    ResultType,
)

_M = TypeVar("_M", bound=models.Model)

# The in-memory search index of each process (catalog/index.py) is rebuilt when this shared
# version token changes; every write that changes what the index holds calls catalog_changed().
CATALOG_VERSION = "catalog"


def catalog_changed() -> None:
    """Mark every process's catalog index stale once the current transaction commits."""
    transaction.on_commit(lambda: versions.bump(CATALOG_VERSION))


class CatalogQuerySet(models.QuerySet[_M]):
    def delete(self) -> tuple[int, dict[str, int]]:
        catalog_changed()
        return super().delete()

    def update(self, **kwargs: object) -> int:
        catalog_changed()
        return super().update(**kwargs)


class CatalogModel(models.Model):
    """A model whose rows the search index reads: saving or deleting one marks it stale."""

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        catalog_changed()

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        catalog_changed()
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]


# National procedure codes look like 1.001193 or 2.000815; provinces add suffixes such as
# 1.012753.H19 for localised versions (domain.md §9).
PROCEDURE_CODE_REGEX = r"^[0-9]\.[0-9]{6}(\.[0-9A-Z]{1,6})?$"


class Sector(CatalogModel):
    """A sector/field (lĩnh vực) of procedures, e.g. Hộ tịch, Chứng thực, Đăng ký cư trú."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=150, unique=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(CatalogModel):
    """An administrative procedure (thủ tục hành chính) of the national procedure database.

    What it requires changes over time; each change is a `ProcedureVersion` with its own
    effective dates, and a dossier keeps the version in force when it was received.
    """

    code = models.CharField(_("procedure code"), max_length=20, unique=True)

    objects = CatalogQuerySet["Procedure"].as_manager()

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def version_on(self, day: dt.date | None = None) -> ProcedureVersion | None:
        """Return the version in force on `day` (today by default), or None."""
        in_force = self.versions.in_force_on(day or timezone.localdate())
        return in_force.order_by("-valid_from").first()


class ProcedureVersionQuerySet(CatalogQuerySet["ProcedureVersion"]):
    def in_force_on(self, day: dt.date) -> ProcedureVersionQuerySet:
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def search(self, terms: list[str]) -> ProcedureVersionQuerySet:
        """Keep the versions whose folded code, name or sector contain every term."""
        qs = self
        for term in terms:
            qs = qs.filter(search_text__contains=term)
        return qs


class ProcedureVersion(CatalogModel):
    """What one procedure requires during a period: papers, fees, time limit, agencies.

    `unconfirmed` lists the fields that no source confirmed (e.g. "fees", "time_limit"): pages
    and the admin show them as unconfirmed instead of inventing a value.
    """

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="versions", verbose_name=_("procedure")
    )
    number = models.PositiveSmallIntegerField(_("version number"), default=1)
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=500)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="versions", verbose_name=_("sector")
    )
    level = models.CharField(_("level"), max_length=20, choices=ProcedureLevel.choices)
    competent_authority = models.CharField(
        _("competent authority"),
        max_length=300,
        help_text=_(
            "As written in the national procedure database, e.g. 'Ủy ban nhân dân cấp xã'."
        ),
    )
    implementing_agencies = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="procedure_versions",
        verbose_name=_("implementing agencies"),
    )
    target_subjects = models.CharField(_("who may apply"), max_length=300, blank=True)
    online_level = models.CharField(
        _("online level"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    full_online_possible = models.BooleanField(_("full online possible"), default=False)
    time_limit = models.PositiveIntegerField(_("time limit"), null=True, blank=True)
    time_limit_unit = models.CharField(
        _("time limit unit"), max_length=16, choices=LimitUnit.choices, blank=True
    )
    time_limit_note = models.TextField(_("time limit note"), blank=True)
    result_type = models.CharField(
        _("result type"), max_length=10, choices=ResultType.choices, default=ResultType.DOCUMENT
    )
    result_name = models.CharField(_("result"), max_length=300, blank=True)
    legal_basis = models.JSONField(_("legal basis"), default=list, blank=True)
    steps = models.TextField(_("how to apply"), blank=True)
    # Decision 766 group 1 needs these three dates (domain.md §3.2).
    published_decision_on = models.DateField(_("publication decision date"), null=True, blank=True)
    legal_basis_effective_on = models.DateField(_("legal basis in force on"), null=True, blank=True)
    published_national_on = models.DateField(
        _("published in the national database on"), null=True, blank=True
    )
    unconfirmed = models.JSONField(_("unconfirmed fields"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = ProcedureVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure__code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="version_unique_number"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="version_valid_period",
            ),
        ]
        indexes = [models.Index(fields=["valid_from", "valid_until"], name="version_in_force")]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} — {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def build_search_text(self) -> str:
        return fold(f"{self.procedure.code} {self.name} {self.sector.name}")

    def is_unconfirmed(self, field: str) -> bool:
        return any(item.split(" ")[0].startswith(field) for item in self.unconfirmed)

    @property
    def is_same_day(self) -> bool:
        return self.time_limit_unit == LimitUnit.SAME_DAY


class RequiredDocument(models.Model):
    """A paper the applicant provides (thành phần hồ sơ), in the order the procedure lists them."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="documents"
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.TextField(_("name"))
    form = models.CharField(
        _("original or copy"), max_length=16, choices=PaperForm.choices, default=PaperForm.ORIGINAL
    )
    count = models.PositiveSmallIntegerField(_("count"), default=1)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    reusable = models.BooleanField(
        _("reusable from the citizen's repository"),
        default=False,
        help_text=_("The paper may be attached from the citizen's e-data repository."),
    )
    file_types = models.JSONField(_("accepted file types"), default=list, blank=True)
    group = models.CharField(_("group"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["version_id", "position"]

    def __str__(self) -> str:
        return self.name[:80]


class FeeRule(models.Model):
    """One charge or fee of a procedure version, in a shape `catalog.fees` can compute.

    `amount` is the fixed amount, or the per-page amount of the first pages when `basis` is
    per-page; `tiers` lists later pages' amounts as [{"from_page": 3, "amount": 1000}], and
    `cap_per_copy` caps one copy. A null amount means no source gave it (`confirmed` False).
    A line with a `case` applies only when the applicant's case is that one (ADR 0007).
    """

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=8, choices=FeeKind.choices, default=FeeKind.CHARGE
    )
    basis = models.CharField(
        _("basis"), max_length=12, choices=FeeBasis.choices, default=FeeBasis.FIXED
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=FeeChannel.choices, default=FeeChannel.ANY
    )
    amount = models.PositiveIntegerField(_("amount (đồng)"), null=True, blank=True)
    tiers = models.JSONField(_("tiers"), default=list, blank=True)
    cap_per_copy = models.PositiveIntegerField(_("cap per copy (đồng)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    exemptions = models.TextField(_("exemptions"), blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=True)
    # Residence procedures charge per registration or per person "theo danh sách" (by list):
    # alternative cases whose lines must never be added together.
    case = models.CharField(
        _("case"),
        max_length=200,
        blank=True,
        help_text=_(
            "Blank for the ordinary case; otherwise the case this line alone applies to, "
            "e.g. 'Đăng ký theo danh sách'."
        ),
    )

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["version_id", "position"]

    def __str__(self) -> str:
        return self.name
