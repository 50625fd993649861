"""Every test here stores files in its own temporary MEDIA_ROOT and reads messages in English
(the Vietnamese texts come with the translation catalog). Virus scanning is off unless a test
asks for the `clamd` fixture."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation

from motcua.accounts.models import User
from motcua.documents import scanning


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CLAMD_ADDRESS = ""
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def clamd(settings: Any) -> str:
    """The clamd of CLAMD_ADDRESS (scripts/clamd-ready starts one). Without one the test is
    skipped on a developer's machine, and fails on CI (CI set), which must always scan."""
    address = os.environ.get("CLAMD_ADDRESS", "")
    if not (address and scanning.ping(address)):
        message = f"no clamd answers at CLAMD_ADDRESS={address!r} (run scripts/clamd-ready)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    settings.CLAMD_ADDRESS = address
    return address


@pytest.fixture
def give_id_number() -> Callable[[User, str], None]:
    """Give a user a personal identification number that VNeID vouched for: only such an
    account opens its repository."""

    def give(user: User, number: str) -> None:
        User.objects.filter(pk=user.pk).update(id_number=number, vneid_verified_at=timezone.now())

    return give
