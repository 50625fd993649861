"""Settings for the test suite and the type checker: development mode unless the environment
says otherwise (config/settings.py defaults to production, which refuses to start without its
secrets). Tests that need production behaviour override single settings."""

from __future__ import annotations

import os

os.environ.setdefault("DEBUG", "1")
# pytest-django turns DEBUG off while tests run: a key of their own keeps what refuses the
# development key in production (lib/deployment.py) out of the way of in-process commands.
os.environ.setdefault("SECRET_KEY", "tests-only-key-never-deployed")

from .settings import *  # noqa: E402, F403 (the one settings module, read after DEBUG is set)
