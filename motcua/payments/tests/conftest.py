"""The payments' tests run against the sandbox gateway, signed with a test secret."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from motcua.accounts.models import ApiToken, User
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMITTEE, agency, at, online, walk_in

SECRET = "test-hash-secret"
TMN = "TESTTMN1"
NOW = "2026-03-02 08:00 +0700"


@pytest.fixture(autouse=True)
def _sandbox(settings: Any) -> None:
    settings.PAYMENT_GATEWAY = "sandbox"
    settings.VNPAY_TMN_CODE = TMN
    settings.VNPAY_HASH_SECRET = SECRET
    # The second factor is the log-in's business (tested there), not the fee page's.
    settings.STAFF_OTP_REQUIRED = False


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """Run what happens after commit (the subscribers that raise payment requests)."""
    return functools.partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def submitted(demo_catalog: None, citizen_an: User, committed: Any) -> Dossier:
    """Nguyễn Văn An's residence registration (1.004222) submitted online: 10,000 đ due."""
    with time_machine.travel(NOW, tick=False), committed():
        return online(citizen_an, when="2026-03-02 07:30")


@pytest.fixture
def in_obligation(
    demo_catalog: None, counter_cuong: User, officer_binh: User, citizen_an: User, committed: Any
) -> Dossier:
    """A walk-in dossier forwarded to officer_binh, who asked for a 500,000 đ obligation.

    Received outside `committed`, so that no receipt fee is due besides the obligation."""
    with time_machine.travel(NOW, tick=False):
        dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 08:00")
        dossier.apply(
            "forward",
            by=counter_cuong,
            at=at("2026-03-02 08:10"),
            agency_id=agency(COMMITTEE).pk,
            assignee_id=officer_binh.pk,
        )
        with committed():
            dossier.apply(
                "request_obligation",
                by=officer_binh,
                at=at("2026-03-02 08:20"),
                note="Nộp lệ phí trước bạ",
                amount=500_000,
            )
    return dossier


def bearer(user: User, scope: str = "write") -> dict[str, str]:
    _token, secret = ApiToken.issue(user, "script", scope)
    return {"Authorization": f"Bearer {secret}"}
