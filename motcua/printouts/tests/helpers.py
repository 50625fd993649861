"""Reading printed forms back: page size with pdfinfo, text with pdftotext (poppler-utils)."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

# Points (1/72 inch), portrait; pdfinfo rounds to the point.
SIZES = {"A4": (595, 842), "A5": (420, 595)}


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return out.stdout.decode("utf-8")


def flat_text(pdf: bytes) -> str:
    """The PDF's text with runs of white space as one space, for phrases that wrap."""
    return re.sub(r"\s+", " ", pdf_text(pdf))


def page_size(pdf: bytes) -> tuple[int, int]:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    found = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", out.stdout.decode())
    assert found, out.stdout
    return round(float(found[1])), round(float(found[2]))


def to_png(pdf: bytes, target: Path) -> Path:
    """Render the first page at 60 dpi into `target` (.png), for people to look at."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "form.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-singlefile",
                str(source),
                str(target.with_suffix("")),
            ],
            check=True,
        )
    return target
