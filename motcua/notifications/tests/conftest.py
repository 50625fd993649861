from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from motcua.notifications import channels


@pytest.fixture(autouse=True)
def _no_sms_left_over() -> None:
    channels.sent.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """Run what the code registers with on_commit, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
