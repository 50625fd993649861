"""Deploying without reading .env.example gives production, and production refuses to start
(the WSGI application, the worker) without its own secret key, its host names, or the staff
second factor (issue 16 §5); commands that serve nothing still run without secrets."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KEY = secrets.token_urlsafe(50)
# What a deployment's environment would not hold: the test run's own switches (the browser
# tests' conftest allows Django's ORM inside Playwright's event loop).
NOT_DEPLOYED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEMO_MODE",
    "STAFF_OTP_REQUIRED",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
# Starting the WSGI application, as granian or gunicorn would.
PROBE = (
    "import config.wsgi; from django.conf import settings; "
    "print(settings.DEBUG, settings.STAFF_OTP_REQUIRED, settings.SESSION_COOKIE_SECURE)"
)


def settings_with(*command: str, **values: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in NOT_DEPLOYED}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL="", **values)
    return subprocess.run(
        [sys.executable, *(command or ("-c", PROBE))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_without_debug_set_it_is_production_and_needs_a_secret_key():
    started = settings_with()
    assert started.returncode != 0
    assert "SECRET_KEY must be set" in started.stderr


def test_the_development_key_is_refused_in_production():
    started = settings_with(SECRET_KEY="dev-only-insecure-key-change-me", ALLOWED_HOSTS="x.vn")
    assert "SECRET_KEY must be set, to a secret of its own" in started.stderr


def test_production_needs_its_host_names():
    assert "ALLOWED_HOSTS must name" in settings_with(SECRET_KEY=KEY).stderr


def test_production_refuses_officers_without_a_second_factor():
    started = settings_with(SECRET_KEY=KEY, ALLOWED_HOSTS="x.vn", STAFF_OTP_REQUIRED="0")
    assert "STAFF_OTP_REQUIRED=0 is for development and the demo only" in started.stderr


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ({"SECRET_KEY": KEY, "ALLOWED_HOSTS": "x.vn"}, "False True True"),
        (
            {
                "SECRET_KEY": KEY,
                "ALLOWED_HOSTS": "x.vn",
                "DEMO_MODE": "1",
                "STAFF_OTP_REQUIRED": "0",
            },
            "False False True",
        ),
        ({"DEBUG": "1"}, "True False False"),
    ],
)
def test_what_starts(values, shown):
    started = settings_with(**values)
    assert started.returncode == 0, started.stderr[-500:]
    assert started.stdout.strip() == shown


def test_check_deploy_passes_in_production():
    env = {k: v for k, v in os.environ.items() if k not in NOT_DEPLOYED}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL="",
        SECRET_KEY=KEY,
        ALLOWED_HOSTS="dichvucong.thainguyen.gov.vn",
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-800:] + done.stderr[-800:]


def test_the_worker_refuses_to_start_too():
    started = settings_with("manage.py", "run_worker", "--once")
    assert started.returncode != 0
    assert "SECRET_KEY must be set" in started.stderr


def test_commands_that_serve_nothing_run_without_secrets():
    done = settings_with("manage.py", "makemigrations", "--check", "--dry-run")
    assert done.returncode == 0, done.stderr[-800:]
    assert "No changes detected" in done.stdout
