"""What every form shares: the data table of forms, the QR code, HTML to PDF (WeasyPrint)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

DATA_FILE = Path(__file__).parent / "data" / "forms.json"


class NotApplicable(Exception):
    """The form does not fit the dossier's history; the message says why, in Vietnamese."""


@functools.cache
def table() -> dict[str, Any]:
    """The forms data table (data/forms.json): titles, page size and orientation."""
    data: dict[str, Any] = json.loads(DATA_FILE.read_text("utf-8"))
    return data


def spec(number: str) -> dict[str, Any]:
    """The data row of form `number` ("01".."07"), or NotApplicable for an unknown number."""
    forms: dict[str, dict[str, Any]] = table()["forms"]
    if number not in forms:
        raise NotApplicable(f"Không có mẫu số {number}; các mẫu là {', '.join(sorted(forms))}.")
    return forms[number]


def lookup_url(ident: str, base_url: str | None = None) -> str:
    """The public lookup page of a dossier (portal/lookup.py reads the parameter `ma`)."""
    base = base_url if base_url is not None else str(getattr(settings, "SITE_URL", ""))
    return f"{base.rstrip('/')}{reverse('portal:lookup')}?{urlencode({'ma': ident})}"


def qr_data_uri(url: str) -> str:
    """A PNG data URI of a QR code of `url` (Circular 01/2018 Art. 19: a QR code may go with
    the dossier code)."""
    return str(segno.make_qr(url, error="m").png_data_uri(scale=4, border=2))


def page_css(number: str) -> str:
    row = spec(number)
    return f"{row['page']} {row['orientation']}"


def html_of(template: str, number: str, context: dict[str, Any]) -> str:
    row = spec(number)
    header = table()
    return render_to_string(
        template,
        {
            **context,
            "number": number,
            "form": row,
            "page_size": page_css(number),
            "state_header": header["state_header"],
            "motto": header["motto"],
        },
    )


def to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported late: it loads pango, which only printing needs

    pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return pdf
