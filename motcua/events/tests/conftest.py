from __future__ import annotations

import pytest

from motcua.events import registry
from motcua.events.registry import Registry


@pytest.fixture
def subscriptions(monkeypatch) -> Registry:
    """An empty subscriber registry in place of the application's, for this test only."""
    fresh = Registry()
    monkeypatch.setattr(registry, "default", fresh)
    return fresh
