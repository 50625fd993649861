"""Shared setup of the security checks: a private MEDIA_ROOT, no network beyond this host,
citizen_an's dossier and draft, and the schemathesis summary line at the end of the run."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from motcua.accounts.models import ApiToken, User
from motcua.backoffice.tests.conftest import binh_dossier  # noqa: F401  (the fixture)
from motcua.documents.tests.conftest import clamd  # noqa: F401  (the scanning fixture)
from motcua.submissions import drafts
from motcua.submissions.direct import version_in_force
from motcua.submissions.models import Draft

from .fuzzing import TALLY

# The case of 1.004222 whose slots the review attacked (renting a flat: slot 71 in its data).
RENTING_CASE = "Đăng ký thường trú vào chỗ ở hợp pháp do thuê, mượn, ở nhờ"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    """Uploads land in this test's own folder, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse any connection that leaves this host: the external systems (VNeID, VNPay, the
    SMS gateway) are stand-ins in tests, and a fuzzer must not find a way to reach the real
    ones. Loopback stays open for PostgreSQL and clamd."""
    connect = socket.socket.connect

    def local_only(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
            raise ConnectionRefusedError(f"outbound connection to {address!r} in a test")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", local_only)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def bearer(user: User, scope: str = "write") -> str:
    """A fresh personal API token of `user`, as the Authorization header's value."""
    _token, secret = ApiToken.issue(user, "security checks", scope=scope)
    return f"Bearer {secret}"


@pytest.fixture
def an_draft(demo_forms: None, citizen_an: User) -> Draft:
    """citizen_an's open draft of 1.004222, renting case chosen: its slots take uploads."""
    User.objects.filter(pk=citizen_an.pk).update(vneid_verified_at=timezone.now())
    citizen_an.refresh_from_db()
    draft = drafts.start(citizen_an, version_in_force("1.004222"))
    drafts.choose_case(draft, RENTING_CASE)
    return draft


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line after the run, also with -q: how much the fuzzer did and what it found."""
    if TALLY.ran:
        terminalreporter.write_line(TALLY.summary())
