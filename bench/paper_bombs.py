"""Untrusted PDFs against their ceilings (security review D2; ADR 0016, 0018).

    uv run python bench/paper_bombs.py

Prints, each beside its ceiling:
1. the upload check (documents.pdfcheck) on the review's bomb, a 77 KB PDF whose stream
   inflates to 50 MB: refused, and how long the check took (ceiling 1 s);
2. the worker's sandbox (documents.sandbox, the default limits: 256 MB, 5 s of CPU a page) on
   a PDF that passes the upload check (10 MB of number operands, 40× its size), and on the
   bomb itself as if the check had let it through: the wall time and the child's peak memory
   (ceilings 10 s and 300 MB);
3. the baseline in the same run: each PDF read by pdfminer in a plain child process, as the
   worker read it before, stopped after --baseline-seconds (its peak memory so far).
No database is needed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")  # settings only: no server, no database

import django  # noqa: E402 (after the path and the settings are set)

django.setup()

from motcua.documents import pdfcheck, sandbox  # noqa: E402
from motcua.documents.intake import PDF_MAX_INFLATED_MB, PDF_MAX_INFLATION  # noqa: E402
from motcua.documents.pdf import _document  # noqa: E402

CHECK_CEILING_S, SANDBOX_CEILING_S, SANDBOX_CEILING_MB = 1.0, 10.0, 300.0
BASELINE = (
    "import io, sys; from pdfminer.high_level import extract_text; "
    "extract_text(io.BytesIO(open(sys.argv[1], 'rb').read()))"
)


def one_page(stream: bytes) -> bytes:
    return _document(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ]
    )


def upload_check(bomb: bytes) -> None:
    limit = max(PDF_MAX_INFLATION * len(bomb), PDF_MAX_INFLATED_MB * 2**20)  # as intake.py
    started = time.perf_counter()
    inflated = pdfcheck.inflated_size(bomb, limit)
    took = time.perf_counter() - started
    refused = inflated > limit
    print(
        f"upload check: {len(bomb) / 1024:.0f} KB bomb, counted {inflated / 2**20:.1f} MB "
        f"before stopping, {'refused' if refused else 'ACCEPTED'} in {took:.3f} s "
        f"(ceiling {CHECK_CEILING_S:g} s)"
    )


def in_sandbox(pdf: bytes) -> None:
    peaks: list[float] = []
    wait = sandbox._wait

    def measured(*args: object) -> tuple[int, float, bool]:
        status, peak_mb, timed_out = wait(*args)  # type: ignore[arg-type]
        peaks.append(peak_mb)
        return status, peak_mb, timed_out

    sandbox._wait = measured  # type: ignore[assignment]
    started = time.perf_counter()
    try:
        sandbox.page_texts(pdf, 200, sandbox.Limits())
        outcome = "read (no limit reached)"
    except sandbox.SandboxFailed as exc:
        outcome = f"stopped: {exc.reason}"
    took = time.perf_counter() - started
    print(
        f"sandbox: {len(pdf) / 1024:.0f} KB PDF {outcome} in {took:.1f} s "
        f"(ceiling {SANDBOX_CEILING_S:g} s), child peak {max(peaks):.0f} MB "
        f"(ceiling {SANDBOX_CEILING_MB:g} MB)"
    )


def baseline(pdf: bytes, seconds: float) -> None:
    path = ROOT / "var" / "bench-heavy.pdf"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(pdf)
    child = subprocess.Popen([sys.executable, "-c", BASELINE, str(path)], cwd=ROOT)
    started = time.perf_counter()
    peak_kb = 0
    while child.poll() is None and time.perf_counter() - started < seconds:
        peak_kb = max(peak_kb, sandbox._high_water_kb(child.pid))
        time.sleep(0.1)
    finished = child.poll() is not None
    if not finished:
        child.kill()
        child.wait()
    took = time.perf_counter() - started
    path.unlink()
    state = f"finished in {took:.1f} s" if finished else f"still reading after {took:.0f} s"
    print(f"baseline (pdfminer without limits): {state}, peak {peak_kb / 1024:.0f} MB so far")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-seconds", type=float, default=60)
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    bomb = one_page(zlib.compress(b"0" * 50_000_000, 6))
    heavy = one_page(zlib.compress(b"0 " * 5_000_000, 1))
    upload_check(bomb)
    for name, pdf in (("passes the upload check", heavy), ("the bomb itself", bomb)):
        print(f"-- {name}")
        in_sandbox(pdf)
        baseline(pdf, args.baseline_seconds)


if __name__ == "__main__":
    main()
