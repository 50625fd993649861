"""The demo process of permanent residence registration (1.004222) and dossiers of it."""

from __future__ import annotations

import pytest

from motcua.processes.demo import load_demo_processes
from motcua.processes.models import Process


@pytest.fixture
def residence_process(demo_catalog: None) -> Process:
    (process,) = load_demo_processes()
    return process
