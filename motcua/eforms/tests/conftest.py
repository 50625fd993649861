from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are checked in their English source; the Vietnamese is in locale/."""
    with translation.override("en"):
        yield
