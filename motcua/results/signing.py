"""PAdES signing with pyHanko: the signer behind one interface (PKCS#12 file or PKCS#11
token), and the visible signature that carries the QR code of the verification page.

Pure module (no database). Offline, only PAdES B-B can be made: B-T and B-LT need a time-stamp
authority and OCSP responders this system cannot reach (stack.md §7).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import segno
from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import (
    AxisAlignment,
    BoxConstraints,
    InnerScaling,
    Margins,
    SimpleBoxLayoutRule,
)
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.stamp import TextStampStyle

from motcua.lib.aio import run_sync

FIELD_NAME = "KetQuaKySo"
# Bottom right of the last page, 260 × 80 pt: below the body of an A4 or A5 decision.
STAMP_BOX = (300, 24, 560, 104)
STAMP_TEXT = "Ký số bởi: %(signer)s\nCơ quan: %(agency)s\nThời gian: %(ts)s\nKiểm tra: %(url)s"
# A font with Vietnamese letters; pyHanko's default Courier has none.
FONT_FILES = (
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


class SigningUnavailable(Exception):
    """The agency's key cannot be used (no file, wrong password, no token); says which."""


@dataclass(frozen=True)
class Pkcs12Key:
    path: Path
    password: bytes


@dataclass(frozen=True)
class Pkcs11Key:
    module: str
    token_label: str
    key_label: str
    pin: str


KeySource = Pkcs12Key | Pkcs11Key


@dataclass(frozen=True)
class StampText:
    signer: str
    agency: str
    url: str
    reason: str
    location: str


def open_signer(source: KeySource) -> AbstractContextManager[signers.Signer]:
    """A pyHanko signer for `source`, open for the time of the `with` block."""
    if isinstance(source, Pkcs12Key):
        return _pkcs12(source)
    return _pkcs11(source)


@contextmanager
def _pkcs12(source: Pkcs12Key) -> Iterator[signers.Signer]:
    if not source.path.is_file():
        raise SigningUnavailable(f"Không tìm thấy tệp khóa {source.path}.")
    signer = signers.SimpleSigner.load_pkcs12(str(source.path), passphrase=source.password)
    if signer is None:
        raise SigningUnavailable(f"Không mở được tệp khóa {source.path} (sai mật khẩu?).")
    yield signer


@contextmanager
def _pkcs11(source: Pkcs11Key) -> Iterator[signers.Signer]:
    """A signer on a USB token or HSM. Not testable here: no token, and python-pkcs11 (the
    `pyhanko[pkcs11]` extra) is not installed; the import says so when it is configured."""
    try:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11
    except ImportError as exc:
        raise SigningUnavailable(
            "Chưa cài python-pkcs11 (pyhanko[pkcs11]) để ký bằng token/HSM."
        ) from exc
    session = pkcs11.open_pkcs11_session(
        source.module, token_criteria=TokenCriteria(label=source.token_label), user_pin=source.pin
    )
    try:
        yield pkcs11.PKCS11Signer(session, key_label=source.key_label, cert_label=source.key_label)
    finally:
        session.close()


def qr_content(url: str) -> RawContent:
    """The QR code of `url` as PDF drawing operators, one unit per module (segno's matrix):
    pyHanko's own QR stamp needs the `qrcode` package, which this project does not use."""
    rows = list(segno.make_qr(url, error="m").matrix_iter(border=2))
    size = len(rows)
    squares = [
        f"{x} {size - 1 - y} 1 1 re"
        for y, row in enumerate(rows)
        for x, dark in enumerate(row)
        if dark
    ]
    body = " ".join(["0 0 0 rg", *squares, "f"]).encode("ascii")
    return RawContent(body, box=BoxConstraints(width=size, height=size))


def _font() -> GlyphAccumulatorFactory | None:
    for path in FONT_FILES:
        if Path(path).is_file():
            return GlyphAccumulatorFactory(path)
    return None


def stamp_style(url: str) -> TextStampStyle:
    """The visible signature: the QR code on the left, who signed and where to check it on
    the right."""
    height = STAMP_BOX[3] - STAMP_BOX[1]
    font = _font()
    text_style = TextBoxStyle(font=font, font_size=7) if font else TextBoxStyle(font_size=7)
    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=text_style,
        border_width=0,
        timestamp_format="%d/%m/%Y %H:%M:%S %Z",
        background=qr_content(url),
        background_opacity=1.0,
        background_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN,
            y_align=AxisAlignment.ALIGN_MID,
            inner_content_scaling=InnerScaling.STRETCH_TO_FIT,
        ),
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins(left=height + 4, right=2, top=2, bottom=2),
            inner_content_scaling=InnerScaling.SHRINK_TO_FIT,
        ),
    )


def sign_pdf(pdf: bytes, signer: signers.Signer, text: StampText) -> bytes:
    """`pdf` signed PAdES B-B (SHA-256) in a new visible field on its last page.

    The signature is an incremental update: the bytes before it stay as they were, and a
    change to any of them after signing breaks the signature (a one-byte tamper included).
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=text.reason,
        location=text.location,
        name=text.signer,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=stamp_style(text.url),
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, box=STAMP_BOX, on_page=-1),
    )
    out = io.BytesIO()
    run_sync(
        lambda: pdf_signer.async_sign_pdf(
            writer,
            output=out,
            appearance_text_params={"signer": text.signer, "agency": text.agency, "url": text.url},
        )
    )
    return out.getvalue()
