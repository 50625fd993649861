"""Result codes (mã kết quả, MaKetQua): what the QR code and the public verification page use.

Pure module. A code is random, not derived from the dossier code: dossier codes are
sequential, and a guessable result code would let anyone walk through other people's results.
Crockford's base32 alphabet (no I, L, O, U) reads aloud and types without confusion.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 3
GROUP_SIZE = 4  # 12 characters: 60 random bits
SHAPE = re.compile(rf"KQ(?:-[{ALPHABET}]{{{GROUP_SIZE}}}){{{GROUPS}}}")


def new_result_code() -> str:
    """A fresh code such as KQ-7K4M-2QX9-DW3T."""
    groups = ["".join(secrets.choice(ALPHABET) for _ in range(GROUP_SIZE)) for _ in range(GROUPS)]
    return "-".join(["KQ", *groups])


def normalise(text: str) -> str:
    """What a person typed, as a code: upper case, no spaces, O→0 and I/L→1 (Crockford)."""
    cleaned = re.sub(r"\s+", "", text).upper()
    head, _sep, tail = cleaned.partition("-")
    return head + _sep + tail.replace("O", "0").replace("I", "1").replace("L", "1")


def looks_like_code(text: str) -> bool:
    return SHAPE.fullmatch(text) is not None
