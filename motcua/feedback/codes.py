"""Petition references such as PA-20261201-7KQ4. Pure: no database imports.

"PA" (phản ánh), the receipt date as YYYYMMDD, and four random characters of the alphabet of
submission references (dossiers/codes.py): nothing a person can misread, and no count of a
day's petitions given away. The model's unique constraint and a retry make it unique.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE = re.compile(r"^PA-[0-9]{8}-[0-9A-HJKMNP-TV-Z]{4}$")


def new_reference(day: dt.date) -> str:
    """Return a fresh petition reference for a petition received on `day`."""
    suffix = "".join(secrets.choice(_ALPHABET) for _ in range(4))
    return f"PA-{day:%Y%m%d}-{suffix}"


def normalise(text: str) -> str:
    """Return a reference as stored: trimmed and upper case."""
    return text.strip().upper()


def is_reference(text: str) -> bool:
    return REFERENCE.match(normalise(text)) is not None
