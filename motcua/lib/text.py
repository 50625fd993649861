"""Text helpers for Vietnamese search: folding diacritics so that "dang ky" finds "Đăng ký"."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w.]+")


def fold(text: str) -> str:
    """Return `text` lower-cased, without diacritics, with đ as d and single spaces.

    NFD splits "ế" into "e" plus combining marks, which are dropped; "đ" has no decomposition
    in Unicode, so it is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", _NON_WORD.sub(" ", stripped)).strip()


def search_terms(query: str) -> list[str]:
    """Return the distinct folded words of a search query, longest first, at most eight."""
    words = sorted(set(fold(query).split()), key=len, reverse=True)
    return words[:8]
