"""A throwaway CA per test (EC P-256, quick), keys and media in the test's own folders.

Certificates are valid from 1/1/2020 for ten years, so that tests may freeze the clock in
2026 whatever the real date is. Events are delivered in the test's process after commit
(OUTBOX_DELIVER_AFTER_COMMIT), as on the site.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine

from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMITTEE, agency, at, walk_in
from motcua.results.authority import create_authority, issue_for_agency
from motcua.results.models import Authority, SigningKey

CA_FROM = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _folders(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RESULTS_PKI_DIR = tmp_path / "pki"
    settings.CLAMD_ADDRESS = ""
    settings.SITE_URL = "https://dichvucong.example.vn"
    settings.STAFF_OTP_REQUIRED = False


@pytest.fixture
def demo_ca(demo_agencies: None) -> Authority:
    return create_authority("motcua DEMO CA (test)", "demo-ca", not_before=CA_FROM)


@pytest.fixture
def committee_key(demo_ca: Authority) -> SigningKey:
    """The signing key of officer_binh's and leader_dung's agency."""
    return issue_for_agency(demo_ca, agency(COMMITTEE), not_before=CA_FROM, years=10)


def appraised(counter: User, specialist: User, applicant: User) -> Dossier:
    """A walk-in dossier forwarded to the committee and assigned to `specialist`."""
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        dossier = walk_in(counter, applicant, code="1.001193")
        return dossier.apply(
            "forward",
            by=counter,
            at=at("2026-03-02 10:00"),
            agency_id=agency(COMMITTEE).pk,
            assignee_id=specialist.pk,
        )


@pytest.fixture
def dossier(
    demo_catalog: None,
    committee_key: SigningKey,
    counter_cuong: User,
    officer_binh: User,
    citizen_an: User,
) -> Dossier:
    return appraised(counter_cuong, officer_binh, citizen_an)


def approve(dossier: Dossier, leader: User, when: str = "2026-03-04 09:00") -> Dossier:
    with time_machine.travel(at(when), tick=False):
        return dossier.apply("approve", by=leader)


def committee() -> Agency:
    return agency(COMMITTEE)


def signed_file(result: Any) -> Any:
    """The result's signed StoredFile, which the test expects to exist."""
    assert result.signed_file is not None
    return result.signed_file
