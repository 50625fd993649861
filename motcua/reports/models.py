"""The report aggregates, built from the dossier core's fact rows (ADR 0017).

`DossierFigures` is one received dossier folded from its facts: what the formulas of kpis.py
read. `Leaf` counts those rows at the leaf grain, day × competent agency × applicant's commune ×
procedure; reads roll leaves up, the whole months of a period from `MonthLeaf`. `MonthEnd`
keeps what a read of a past month would judge at its end. `FoldMark` remembers the last fact
folded. All five are derived data:
`rebuild_reports` drops and rebuilds them from the facts at any time.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.units.models import AdministrativeUnit


class DossierFigures(models.Model):
    """A received dossier as the reports count it (kpi_rows.DossierRow, stored)."""

    # Derived rows, rebuilt in bulk: no foreign-key checks on the way in (ADR 0017).
    dossier = models.OneToOneField(
        Dossier,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="+",
        db_constraint=False,
    )
    receipt_day = models.DateField()
    received_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    # Read by day (the indexes below), never by these keys alone: no index of their own, so a
    # rebuild writes a million rows into fewer indexes.
    agency = models.ForeignKey(
        Agency, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    # The applicant's commune as recorded (either scheme); scopes map it through succession.
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    channel = models.PositiveSmallIntegerField()
    withdrawn = models.BooleanField()
    supplements = models.PositiveSmallIntegerField()
    # The last appraisal supplement request and its answer (None while waiting).
    wait_from = models.DateTimeField(null=True)
    wait_until = models.DateTimeField(null=True)
    waited_seconds = models.FloatField()
    result_is_document = models.BooleanField()
    has_e_result = models.BooleanField()
    papers = models.PositiveIntegerField()
    digitized_papers = models.PositiveIntegerField()
    reused_papers = models.PositiveIntegerField()
    national_papers = models.PositiveIntegerField()
    fee_amount = models.BigIntegerField()
    payment_channel = models.PositiveSmallIntegerField(null=True)
    vneid = models.BooleanField()
    rating = models.CharField(max_length=16, blank=True)
    petitions = models.PositiveIntegerField()
    synced = models.BooleanField(null=True)  # None: no national sync integration yet

    class Meta:
        verbose_name = _("dossier figures")
        verbose_name_plural = _("dossier figures")
        indexes = [
            models.Index(fields=["receipt_day"], name="figures_day"),
            # Read-time figures: dossiers still open, or ended after a past period's end.
            models.Index(fields=["finished_at", "receipt_day"], name="figures_finished"),
            # The dossiers open now, with what judging them late reads (PostgreSQL reads them
            # from the index alone once the table is vacuumed); a few percent of the rows.
            models.Index(
                fields=["receipt_day"],
                name="figures_open",
                include=[
                    "agency",
                    "commune",
                    "procedure",
                    "supplements",
                    "due_at",
                    "wait_from",
                    "wait_until",
                ],
                condition=models.Q(finished_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"figures of {self.dossier_id}"


class EndedCounts(models.Model):
    """The keys of leaves, month leaves and month-end figures, and the counters of ended
    dossiers: columns named `f_…` count ended dossiers only; a read subtracts those that ended
    after its period's end and judges dossiers still open then at read time (ADR 0017)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    f_online_no_e = models.IntegerField(default=0)
    f_digitized_no_e = models.IntegerField(default=0)
    f_digitized_all_no_e = models.IntegerField(default=0)
    f_late = models.IntegerField(default=0)
    f_done = models.IntegerField(default=0)
    f_done_doc = models.IntegerField(default=0)
    f_done_doc_e = models.IntegerField(default=0)
    f_handling_seconds = models.FloatField(default=0)

    class Meta:
        abstract = True


class Counts(EndedCounts):
    """The counters of leaves and month leaves: one SQL condition each (sql.py)."""

    received = models.IntegerField(default=0)
    online = models.IntegerField(default=0)
    digitized = models.IntegerField(default=0)
    digitized_all = models.IntegerField(default=0)
    reused = models.IntegerField(default=0)
    national = models.IntegerField(default=0)
    vneid = models.IntegerField(default=0)
    payable = models.IntegerField(default=0)
    paid_payable = models.IntegerField(default=0)
    paid_any = models.IntegerField(default=0)
    complained = models.IntegerField(default=0)
    sync_unknown = models.IntegerField(default=0)
    synced = models.IntegerField(default=0)
    synced_fee = models.IntegerField(default=0)

    class Meta:
        abstract = True


class Leaf(Counts):
    """Counts of the dossiers received on one day, of one agency, commune and procedure."""

    day = models.DateField()

    class Meta:
        verbose_name = _("report leaf")
        verbose_name_plural = _("report leaves")
        # One row per key; the fold deletes and rebuilds whole (day, agency) slices. Reads sum
        # leaves by day range; the keys alone are never looked up.
        indexes = [models.Index(fields=["day", "agency"], name="leaf_day_agency")]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id} {self.commune_id} {self.procedure_id}"


class MonthLeaf(Counts):
    """The leaves of one month summed, per agency, commune and procedure: a read sums these
    for the whole months of its period and leaves for the days at its edges, a quarter of
    the rows (ADR 0017, item 12). The fold keeps the (month, agency) slices of the leaf
    slices it rebuilds."""

    month = models.DateField()  # its first day

    class Meta:
        verbose_name = _("month leaf")
        verbose_name_plural = _("month leaves")
        indexes = [models.Index(fields=["month", "agency"], name="monthleaf_month_agency")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.agency_id} {self.commune_id} {self.procedure_id}"


class MonthEnd(EndedCounts):
    """The read-time figures of one past month as judged at its end, per competent agency,
    commune and procedure: of the dossiers received in the month, the `f_…` counters of those
    that ended after it (a read takes them out of the leaves again) and how many of those
    still open then were late (ADR 0017, item 12). A month's figures are fixed once it has
    ended, until one of its dossiers changes: the fold rebuilds the (month, agency) slices its
    dossiers are in, so a trend point or a past month reads these rows, not the dossiers."""

    month = models.DateField()  # its first day
    late_open = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("month-end figures")
        verbose_name_plural = _("month-end figures")
        indexes = [models.Index(fields=["month", "agency"], name="monthend_month_agency")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.agency_id} {self.commune_id} {self.procedure_id}"


class FoldMark(models.Model):
    """The last fact folded into the aggregates (one row), and the last month whose
    month-end figures are built."""

    last_fact_id = models.BigIntegerField(default=0)
    folded_at = models.DateTimeField(null=True)
    # The first day of the last month with MonthEnd rows; None until the fold first builds them.
    months_through = models.DateField(null=True)

    class Meta:
        verbose_name = _("report watermark")
        verbose_name_plural = _("report watermarks")

    def __str__(self) -> str:
        return f"facts up to {self.last_fact_id}"
