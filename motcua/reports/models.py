"""The report aggregates, built from the dossier core's fact rows (ADR 0017).

`DossierFigures` is one received dossier folded from its facts: what the formulas of kpis.py
read. `Leaf` counts those rows at the leaf grain, day × competent agency × applicant's commune ×
procedure; reads roll leaves up. `FoldMark` remembers the last fact folded. All three are
derived data: `rebuild_reports` drops and rebuilds them from the facts at any time.
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
    dossier = models.OneToOneField(Dossier, on_delete=models.DO_NOTHING, primary_key=True,
                                   related_name="+", db_constraint=False)
    receipt_day = models.DateField()
    received_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    # Read by day (the indexes below), never by these keys alone: no index of their own, so a
    # rebuild writes a million rows into fewer indexes.
    agency = models.ForeignKey(Agency, on_delete=models.DO_NOTHING, related_name="+",
                               db_constraint=False, db_index=False)
    # The applicant's commune as recorded (either scheme); scopes map it through succession.
    commune = models.ForeignKey(AdministrativeUnit, on_delete=models.DO_NOTHING, null=True,
                                related_name="+", db_constraint=False, db_index=False)
    procedure = models.ForeignKey(Procedure, on_delete=models.DO_NOTHING, related_name="+",
                                  db_constraint=False, db_index=False)
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
        ]

    def __str__(self) -> str:
        return f"figures of {self.dossier_id}"


class Leaf(models.Model):
    """Counts of the dossiers received on one day, of one agency, commune and procedure.

    Columns named `f_…` count ended dossiers only; a read subtracts those that ended after its
    period's end and judges dossiers still open then at read time (ADR 0017).
    """

    day = models.DateField()
    # Reads sum leaves by day range (leaf_day_agency); the keys alone are never looked up.
    agency = models.ForeignKey(Agency, on_delete=models.DO_NOTHING, related_name="+",
                               db_constraint=False, db_index=False)
    commune = models.ForeignKey(AdministrativeUnit, on_delete=models.DO_NOTHING, null=True,
                                related_name="+", db_constraint=False, db_index=False)
    procedure = models.ForeignKey(Procedure, on_delete=models.DO_NOTHING, related_name="+",
                                  db_constraint=False, db_index=False)
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
    f_online_no_e = models.IntegerField(default=0)
    f_digitized_no_e = models.IntegerField(default=0)
    f_digitized_all_no_e = models.IntegerField(default=0)
    f_late = models.IntegerField(default=0)
    f_done = models.IntegerField(default=0)
    f_done_doc = models.IntegerField(default=0)
    f_done_doc_e = models.IntegerField(default=0)
    f_handling_seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("report leaf")
        verbose_name_plural = _("report leaves")
        # One row per key; the fold deletes and rebuilds whole (day, agency) slices.
        indexes = [models.Index(fields=["day", "agency"], name="leaf_day_agency")]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id} {self.commune_id} {self.procedure_id}"


class FoldMark(models.Model):
    """The last fact folded into the aggregates (one row)."""

    last_fact_id = models.BigIntegerField(default=0)
    folded_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("report watermark")
        verbose_name_plural = _("report watermarks")

    def __str__(self) -> str:
        return f"facts up to {self.last_fact_id}"
