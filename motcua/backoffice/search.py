"""Finding a dossier by what an officer types: its code, submission reference, the
applicant's CCCD or name. Names match without diacritics ("nguyen van an" finds "Nguyễn Văn
An") through a regular expression of accented variants, which SQLite and PostgreSQL both run.
"""

from __future__ import annotations

import re

from django.db.models import Q

from motcua.lib.text import fold

# Each folded letter and the Vietnamese letters that fold to it.
_VARIANTS = {
    "a": "aàáạảãâầấậẩẫăằắặẳẵ",
    "e": "eèéẹẻẽêềếệểễ",
    "i": "iìíịỉĩ",
    "o": "oòóọỏõôồốộổỗơờớợởỡ",
    "u": "uùúụủũưừứựửữ",
    "y": "yỳýỵỷỹ",
    "d": "dđ",
}


def _letter(ch: str) -> str:
    variants = _VARIANTS.get(ch)
    if variants is None:
        return re.escape(ch)
    # Upper case spelled out too: PostgreSQL's case-insensitive match depends on the locale.
    return "[" + variants + variants.upper() + "]"


def name_pattern(query: str) -> str:
    """A regular expression matching `query` in a name, whatever its diacritics or case."""
    return "".join(" +" if ch == " " else _letter(ch) for ch in fold(query))


def matching(query: str) -> Q:
    """Dossiers whose code, reference, applicant's CCCD or applicant name match `query`."""
    raw = query.strip()
    key = raw.upper()
    found = Q(code__iexact=key) | Q(reference__iexact=key)
    digits = "".join(ch for ch in raw if ch.isdigit())
    if len(digits) == 12 and len(digits) == len(raw.replace(" ", "")):
        found |= Q(applicant_id_number=digits)
    if "-" in raw and len(raw) >= 8:
        found |= Q(code__istartswith=key)  # the unit and date part of a code
    pattern = name_pattern(raw)
    if pattern and any(ch.isalpha() for ch in raw):
        found |= Q(applicant_name__iregex=pattern) | Q(organisation_name__iregex=pattern)
    return found
