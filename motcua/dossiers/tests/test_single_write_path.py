"""No code outside Dossier.apply() (workflow.py) writes a dossier's state: a scan of the code
for assignments, and the queryset's own refusal of update() and bulk_update() (ADR 0009).

The bulk data generator (bench/generate.py, with COPY) is the one named exception.
"""

import re
from pathlib import Path

import pytest

from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import LifecycleWriteRefused

ROOT = Path(__file__).resolve().parents[3]
ALLOWED = {ROOT / "motcua/dossiers/workflow.py"}
STATE_FIELDS = r"(state|status|due_at|clock_starts_at|received_at|finished_at|code)"
WRITES = [
    re.compile(rf"\bdossier\w*\.{STATE_FIELDS}\s*=[^=]"),
    re.compile(rf"Dossier\.objects\b.*\.update\([^)]*\b{STATE_FIELDS}\s*="),
]


def test_only_apply_writes_a_dossiers_state():
    offenders = []
    for path in (ROOT / "motcua").rglob("*.py"):
        if path in ALLOWED or "tests" in path.parts or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(p.search(line) for p in WRITES):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field", ["state", "status", "due_at", "received_at", "code", "supplement_count"]
)
def test_a_queryset_may_not_update_a_lifecycle_field(field):
    with pytest.raises(LifecycleWriteRefused, match="Dossier.apply"):
        Dossier.objects.filter(pk=0).update(**{field: None})


@pytest.mark.django_db
def test_a_queryset_may_not_bulk_update_a_lifecycle_field():
    with pytest.raises(LifecycleWriteRefused, match="due_at"):
        Dossier.objects.bulk_update([], ["applicant_name", "due_at"])


@pytest.mark.django_db
def test_other_fields_are_updated_as_usual():
    assert Dossier.objects.filter(pk=0).update(e_result_code="x", applicant_name="y") == 0
    assert Dossier.objects.bulk_update([], ["applicant_name"]) == 0
