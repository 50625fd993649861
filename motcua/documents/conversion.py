"""Turning a scan into a searchable PDF, and reading a PDF's text. No database here.

- image_to_pdf(): a JPEG or PNG wrapped in a one-page A4 PDF by img2pdf, which copies the JPEG
  or PNG data into the PDF without decoding it again: the PDF is the scan, losslessly. Images
  img2pdf refuses (a PNG with transparency) are flattened on white by Pillow and wrapped as PNG.
- cleaned_image(): a photo turned upright, shrunk and written again without metadata (EXIF:
  camera, place), when it needs it.
- page_texts(): the text of each page, by pdfminer.six (which ocrmypdf brings), no OCR.

The worker runs the first three on uploaded files only through `sandbox`, in a child process
with memory and CPU limits (security review D2, D8).
- recognise(): ocrmypdf with tesseract (`-l vie` by default) in a child process, with
  OMP_THREAD_LIMIT=1: tesseract's OpenMP threads otherwise oversubscribe a small machine and
  each page takes four times longer (shared stack.md §8). `--skip-text` leaves pages that
  already have text as they are. `--output-type auto` writes PDF/A-2b without Ghostscript
  when it can (it can for scans), and a plain PDF otherwise; `pdfa` would demand Ghostscript.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import warnings
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

import img2pdf
from PIL import Image, ImageOps

# A4 in PDF points; a scan is fitted inside it, turned to landscape when it is wider than tall.
A4 = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))
# A page with fewer letters or digits than this carries no real text (a scanner's stamp, a
# stray dot that pdfminer reads): it still needs OCR.
MIN_PAGE_CHARACTERS = 3
# ocrmypdf's exit code when it wrote the PDF but could not make it valid PDF/A: still usable.
_PDFA_FAILED = 4
JPEG_QUALITY = 85
_TAIL = 600  # characters of ocrmypdf's error output kept as the reason of a failure


class ConversionFailed(Exception):
    """A file could not be turned into a PDF or read; `reason` says why, for the logs and the
    administrator (not for the citizen: the paper itself was accepted)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def image_to_pdf(data: bytes) -> bytes:
    """A one-page A4 PDF holding the image `data` (JPEG or PNG) without loss."""
    layout = img2pdf.get_layout_fun(A4, fit=img2pdf.FitMode.into, auto_orient=True)
    try:
        return bytes(img2pdf.convert(data, layout_fun=layout))
    except (img2pdf.AlphaChannelError, img2pdf.ImageOpenError, ValueError, TypeError):
        return bytes(img2pdf.convert(_flattened_png(data), layout_fun=layout))


def _flattened_png(data: bytes) -> bytes:
    """The image as an RGB (or grey) PNG on a white background: img2pdf refuses transparency."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image: Image.Image = opened
            if image.mode in ("RGBA", "LA", "P", "PA"):
                rgba = image.convert("RGBA")
                image = Image.new("RGB", rgba.size, (255, 255, 255))
                image.paste(rgba, mask=rgba.getchannel("A"))
            elif image.mode not in ("RGB", "L", "1"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, "PNG")
    except (OSError, ValueError) as exc:
        raise ConversionFailed(f"image cannot be read: {exc}") from exc
    return out.getvalue()


def cleaned_image(data: bytes, content_type: str, max_side: int, max_pixels: int) -> bytes | None:
    """The photo `data` written again upright, within `max_side` px and without EXIF or other
    metadata when it is larger or carries EXIF data; None when it is fine as it is. Raises
    ConversionFailed for an image that cannot be read or has more than `max_pixels`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > max_pixels:
                    raise ConversionFailed(f"image has too many pixels: {image.size}")
                if max(image.size) <= max_side and not image.getexif():
                    return None
                if image.format == "JPEG":
                    image.draft(image.mode, (max_side, max_side))  # decode at 1/2 … 1/8 size
                image.load()
                return _encoded(image, content_type, max_side)
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise ConversionFailed(f"image cannot be read: {exc}"[:_TAIL]) from exc


def _encoded(image: Image.Image, content_type: str, max_side: int) -> bytes:
    """The image upright, within max_side, without EXIF or other metadata."""
    image = ImageOps.exif_transpose(image)
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if content_type == "image/jpeg":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        image.save(out, "PNG")
    return out.getvalue()


def page_texts(
    pdf: bytes, max_pages: int = 0, before_page: Callable[[], None] | None = None
) -> list[str]:
    """The text of each page of `pdf` (NFC, without NUL characters, which PostgreSQL refuses);
    `max_pages` = 0 reads every page; `before_page` is called before each page is read (the
    sandbox gives each page its CPU time). Raises ConversionFailed for a PDF pdfminer cannot
    read."""
    from pdfminer.converter import TextConverter
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    # What pdfminer.high_level.extract_text does, page by page.
    output = io.StringIO()
    resources = PDFResourceManager(caching=True)
    device = TextConverter(resources, output, laparams=LAParams())
    interpreter = PDFPageInterpreter(resources, device)
    try:
        for page in PDFPage.get_pages(io.BytesIO(pdf), maxpages=max_pages):
            if before_page is not None:
                before_page()
            interpreter.process_page(page)
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise ConversionFailed(f"PDF cannot be read: {exc!r}"[:_TAIL]) from exc
    # pdfminer ends every page with a form feed.
    pages = output.getvalue().split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [unicodedata.normalize("NFC", page.replace("\x00", "")) for page in pages]


def has_text(page: str) -> bool:
    return sum(ch.isalnum() for ch in page) >= MIN_PAGE_CHARACTERS


def ocr_available() -> bool:
    """Whether OCR can run here: ocrmypdf importable and tesseract on the PATH."""
    return find_spec("ocrmypdf") is not None and shutil.which("tesseract") is not None


def recognise(pdf: bytes, *, languages: str, timeout: float) -> bytes:
    """`pdf` with a text layer where its pages had none, as PDF/A-2b. Raises ConversionFailed
    when ocrmypdf fails or takes longer than `timeout` seconds."""
    with tempfile.TemporaryDirectory(prefix="motcua-ocr-") as folder:
        source, target = Path(folder, "in.pdf"), Path(folder, "out.pdf")
        source.write_bytes(pdf)
        command = [
            sys.executable,
            "-m",
            "ocrmypdf",
            "--language",
            languages,
            "--jobs",
            "1",
            "--skip-text",
            "--output-type",
            "auto",
            "--quiet",
            str(source),
            str(target),
        ]
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            done = subprocess.run(
                command, env=env, capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionFailed(f"OCR took longer than {timeout:g} s") from exc
        if done.returncode not in (0, _PDFA_FAILED) or not target.exists():
            error = done.stderr.decode("utf-8", "replace").strip()[-_TAIL:]
            raise ConversionFailed(f"ocrmypdf exited with {done.returncode}: {error}")
        return target.read_bytes()
