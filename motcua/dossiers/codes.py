"""Dossier codes and submission references. Pure: no database imports.

Dossier code (Circular 01/2018/TT-VPCP Art. 19, kept until Circular 03/2025's text says
otherwise): the receiving unit's e-ID code, the receipt date as YYMMDD, and the sequence of
that unit's receipts that day, zero-padded to 4 digits and widening to 5 past 9999, joined by
dashes. There is no check digit.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

CODE = re.compile(
    r"^(?P<unit>[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9A-Z]{2})-(?P<day>[0-9]{6})-"
    r"(?P<seq>[0-9]{4,5})$"
)
# Crockford's base32 without I, L, O and U: nothing a person can misread or misspell aloud.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE = re.compile(r"^N[0-9]{6}-[0-9A-HJKMNP-TV-Z]{6}$")


@dataclass(frozen=True)
class DossierCode:
    unit: str
    day: dt.date
    sequence: int


def format_code(unit: str, day: dt.date, sequence: int) -> str:
    """Return the dossier code of the `sequence`-th receipt of `unit` on `day`."""
    if not 1 <= sequence <= 99_999:
        raise ValueError(f"sequence must be 1 to 99999, not {sequence}")
    return f"{unit}-{day:%y%m%d}-{sequence:04d}"


def parse_code(text: str) -> DossierCode | None:
    """Return the parts of a dossier code, or None if `text` is not one."""
    match = CODE.match(text.strip().upper())
    if match is None:
        return None
    try:
        day = dt.datetime.strptime(match["day"], "%y%m%d").date()
    except ValueError:
        return None
    return DossierCode(match["unit"], day, int(match["seq"]))


def new_reference(day: dt.date) -> str:
    """Return a fresh submission reference such as N260313-7KQ4M2 (random, not guessable)."""
    suffix = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    return f"N{day:%y%m%d}-{suffix}"


def is_reference(text: str) -> bool:
    return REFERENCE.match(text.strip().upper()) is not None
