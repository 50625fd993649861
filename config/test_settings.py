"""Settings for the test suite and the type checker: development mode unless the environment
says otherwise (config/settings.py defaults to production, which refuses to start without its
secrets). Tests that need production behaviour override single settings."""

from __future__ import annotations

import os

os.environ.setdefault("DEBUG", "1")

from .settings import *  # noqa: E402, F403 (the one settings module, read after DEBUG is set)
