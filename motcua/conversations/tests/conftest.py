"""An online dossier of citizen_an, received at the centre and forwarded to officer_binh's
committee, the competent agency: the two can talk about it; officer_chi's agency cannot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings

from motcua.accounts.models import ApiToken, User
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMITTEE, agency, at, online
from motcua.notifications import channels


@pytest.fixture(autouse=True)
def _no_sms_left_over() -> None:
    channels.sent.clear()


@pytest.fixture
def dossier(demo_catalog: None, citizen_an: User, counter_cuong: User) -> Dossier:
    dossier = online(citizen_an, when="2026-03-09 20:00")
    dossier.apply("receive", by=counter_cuong, at=at("2026-03-10 08:00"))
    dossier.apply(
        "forward", by=counter_cuong, at=at("2026-03-10 09:00"), agency_id=agency(COMMITTEE).pk
    )
    return dossier


@pytest.fixture
def other_citizen(db: None) -> User:
    return User.objects.create_user(phone="0912999999", full_name="Người khác", password="x")


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """Run what the code registers with on_commit (notification delivery), as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def english(client: Any) -> Any:
    """Pages in English: the tests read the msgids, whatever the Vietnamese catalogue holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def bearer(user: User, scope: str = "write") -> dict[str, str]:
    _token, secret = ApiToken.issue(user, "script", scope)
    return {"Authorization": f"Bearer {secret}"}
