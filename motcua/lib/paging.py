"""The one bound on page numbers, for the API and the pages (security review D7).

An unbounded page number became an OFFSET past what the database holds and answered 500.
10,000 pages is far beyond any real list. The API refuses a page out of range with 422
(api/schemas.py PageNumber, PageParam); a page reads a bad ?page= as page 1, and Django's
Paginator.get_page() already turns a page past the end into the last one.
"""

from __future__ import annotations

MAX_PAGE = 10_000


def page_number(raw: str | None) -> int:
    """The ?page= number in 1..MAX_PAGE; anything else (missing, not an ASCII whole number,
    out of range) means page 1."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_PAGE)):
        return 1
    number = int(text)
    return number if 1 <= number <= MAX_PAGE else 1
