"""Where the keys live and how the site is addressed, from settings with safe defaults.

RESULTS_PKI_DIR (setting, else environment variable): the folder of the demo CA's key and the
agencies' PKCS#12 files (outside git, like MEDIA_ROOT, under var/ by default). SITE_URL: the
public address the QR codes and the CRL distribution point use.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from motcua.lib.env import env

DEMO_SITE_URL = "http://localhost:8000"


def pki_dir() -> Path:
    configured = getattr(settings, "RESULTS_PKI_DIR", "") or env("RESULTS_PKI_DIR", "")
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "pki"


def public_url(path: str) -> str:
    """`path` on the public site: SITE_URL, or the development server's address."""
    base = str(getattr(settings, "SITE_URL", "") or DEMO_SITE_URL).rstrip("/")
    return f"{base}{path}"


def site_link(path: str) -> str:
    """`path` as a link to store: absolute when SITE_URL is set, else the path itself."""
    base = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    return f"{base}{path}"
