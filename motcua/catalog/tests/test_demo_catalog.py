"""The shipped demo catalog: researched procedures, every unconfirmed value flagged."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from motcua.agencies.models import Agency
from motcua.catalog.exporting import export_json
from motcua.catalog.importing import DEMO_CATALOG, missing_flags
from motcua.catalog.models import FeeRule, ProcedureVersion, RequiredDocument
from motcua.catalog.schema import FLAGGABLE

SAMPLE = Path("/work/shared/data/procedures-sample.json")
DEMO = json.loads(DEMO_CATALOG.read_text(encoding="utf-8"))
VERSIONS = {p["code"]: p["versions"][-1] for p in DEMO["procedures"]}


def test_it_has_at_least_25_procedures_each_with_its_sources() -> None:
    assert len(DEMO["procedures"]) >= 25
    assert all(v["sources"] for v in VERSIONS.values())
    assert all(v["valid_from"] == "2025-07-01" for v in VERSIONS.values())


@pytest.mark.parametrize("code", ["1.001193", "1.004222", "2.000815"])
def test_the_example_procedures_have_papers_and_fees(code: str) -> None:
    assert VERSIONS[code]["documents"]
    assert VERSIONS[code]["fees"]


def test_birth_registration_is_a_commune_procedure_with_an_unknown_charge() -> None:
    birth = VERSIONS["1.001193"]
    assert (birth["level"], birth["online_level"]) == ("commune", "partial")
    assert (birth["time_limit"], birth["time_limit_unit"]) == (1, "working_days")
    assert birth["fees"][0]["amount"] is None
    assert "Miễn đối với khai sinh đúng hạn" in birth["fees"][0]["exemptions"]
    assert birth["implementing_agencies"] == [f"000.00.3{n}.H19" for n in range(1, 6)]


def test_permanent_residence_charges_depend_on_the_channel() -> None:
    residence = VERSIONS["1.004222"]
    assert [(f["channel"], f["amount"]) for f in residence["fees"]] == [
        ("in-person", 20000),
        ("online", 10000),
    ]
    assert residence["implementing_agencies"] == [f"000.02.3{n}.H19" for n in range(1, 6)]


def test_copy_certification_is_charged_per_page_under_circular_226() -> None:
    (fee,) = VERSIONS["2.000815"]["fees"]
    assert (fee["basis"], fee["amount"], fee["tiers"], fee["cap_per_copy"]) == (
        "per-page",
        2000,
        [{"from_page": 3, "amount": 1000}],
        200000,
    )
    assert VERSIONS["2.000815"]["time_limit_unit"] == "same_day"


@pytest.mark.parametrize("code", sorted(VERSIONS))
def test_every_unconfirmed_value_is_flagged(code: str) -> None:
    version = VERSIONS[code]
    assert missing_flags(version, version["documents"], version["fees"]) == []
    assert all(entry.split(" ")[0] in FLAGGABLE for entry in version["unconfirmed"])
    for fee in version["fees"]:
        assert fee["amount"] is not None or not fee["confirmed"]


def sample() -> list[dict[str, Any]]:
    if not SAMPLE.exists():
        pytest.skip("the research sample is not on this machine")
    return list(json.loads(SAMPLE.read_text(encoding="utf-8")))


def test_every_sample_procedure_is_in_the_demo() -> None:
    assert {s["code"] for s in sample()} <= set(VERSIONS)


def test_what_the_sample_could_not_source_stays_flagged() -> None:
    for item in sample():
        version = VERSIONS[item["code"]]
        flagged = {entry.split(" ")[0] for entry in version["unconfirmed"]}
        if item["online_level"] is None:
            assert "online_level" in flagged, item["code"]
        if item["time_limit"] is None or item["time_limit"]["value"] is None:
            assert version["time_limit"] is None, item["code"]
        for sample_fee, fee in zip(item["fees"], version["fees"], strict=False):
            assert fee["amount"] == sample_fee["amount_vnd"], item["code"]


@pytest.mark.django_db
def test_load_demo_catalog_loads_the_file_and_can_run_again(agencies: dict[str, Agency]) -> None:
    call_command("load_demo_catalog", stdout=io.StringIO())
    counts = (
        ProcedureVersion.objects.count(),
        RequiredDocument.objects.count(),
        FeeRule.objects.count(),
    )
    call_command("load_demo_catalog", stdout=io.StringIO())

    assert counts[0] == len(DEMO["procedures"])
    assert (
        ProcedureVersion.objects.count(),
        RequiredDocument.objects.count(),
        FeeRule.objects.count(),
    ) == counts
    assert export_json() == DEMO_CATALOG.read_bytes()


@pytest.mark.django_db
def test_load_demo_catalog_asks_for_the_agencies_first() -> None:
    with pytest.raises(CommandError, match="load_agencies"):
        call_command("load_demo_catalog", stdout=io.StringIO())
    assert not ProcedureVersion.objects.exists()
