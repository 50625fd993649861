"""Reading untrusted files in a child process with limits (security review D2, D8; ADR 0016).

pdfminer and Pillow run in the worker on files anyone signed in can upload. A small file can
ask for a lot: a PDF stream that inflates to hundreds of MB, a photo of 80 MP. Run in the
worker's own process, one such file held the single worker for minutes and took GBs, and
nothing else it runs (notifications, deadline flags, payment expiry) moved meanwhile.

So both run here, in `python -m motcua.documents.sandbox`, which limits itself before it reads
a byte of the file:

- RLIMIT_AS, the address space (`memory_mb`): past it an allocation fails (MemoryError);
- RLIMIT_CPU, `cpu_seconds` per page of a PDF (raised again before each page; the parsing
  before the first page gets a budget too) and for an image as a whole: past it the kernel
  ends the child with SIGXCPU, even in the middle of C code;
- RLIMIT_FSIZE: what it writes is at most `memory_mb` MB;
- the parent waits at most `timeout` seconds of wall-clock time, then kills it.

The child imports no Django: the file's bytes come in, and the texts or PDF go out, through
files in a temporary folder. A child that fails raises SandboxFailed (a ConversionFailed) in
the parent, with a reason fit for StoredFile.text_error.
"""

from __future__ import annotations

import json
import math
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .conversion import ConversionFailed

_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the motcua package
_FAILED = 2  # the child's exit status for a file it cannot read (reason on stderr)
_OUT_OF_MEMORY = 3
_POLL = 0.02  # seconds between two looks at the child
_TAIL = 600


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 256
    cpu_seconds: float = 5
    timeout: float = 120


class SandboxFailed(ConversionFailed):
    """The child could not read the file; `peak_mb` is its peak memory (resident set)."""

    def __init__(self, reason: str, peak_mb: float = 0.0) -> None:
        super().__init__(reason)
        self.peak_mb = peak_mb


@dataclass(frozen=True)
class ScanOutcome:
    """A photo made into a PDF: `pdf`, and the photo upright, shrunk and without metadata in
    `image`, or None when it needed neither (the scan is kept as received)."""

    pdf: bytes
    image: bytes | None


# --- the parent (the worker) ---------------------------------------------------------------


def page_texts(pdf: bytes, max_pages: int, limits: Limits) -> list[str]:
    """conversion.page_texts() in the sandbox."""
    with tempfile.TemporaryDirectory(prefix="motcua-read-") as folder:
        Path(folder, "in").write_bytes(pdf)
        _run(["texts", folder, str(max_pages)], limits, "PDF")
        texts: list[str] = json.loads(Path(folder, "out").read_text("utf-8"))
        return texts


def scan_to_pdf(
    image: bytes, content_type: str, *, max_side: int, max_pixels: int, limits: Limits
) -> ScanOutcome:
    """The photo turned upright, shrunk to `max_side` and stripped of its metadata when it
    needs it, then wrapped in an A4 PDF (conversion.image_to_pdf), in the sandbox."""
    with tempfile.TemporaryDirectory(prefix="motcua-read-") as folder:
        Path(folder, "in").write_bytes(image)
        _run(["scan", folder, content_type, str(max_side), str(max_pixels)], limits, "image")
        cleaned = Path(folder, "image")
        return ScanOutcome(
            Path(folder, "out").read_bytes(), cleaned.read_bytes() if cleaned.exists() else None
        )


def _run(arguments: list[str], limits: Limits, kind: str) -> float:
    """Run the child on `arguments`; its peak memory in MB, or SandboxFailed."""
    command = [
        sys.executable,
        "-m",
        "motcua.documents.sandbox",
        str(limits.memory_mb),
        str(limits.cpu_seconds),
        *arguments,
    ]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH", "")])),
        "OMP_THREAD_LIMIT": "1",
    }
    folder = Path(arguments[1])
    with open(folder / "stderr", "wb") as errors:
        child = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            cwd=folder,
        )
        status, peak_mb, timed_out = _wait(child, limits.timeout)
    stderr = (folder / "stderr").read_bytes().decode("utf-8", "replace").strip()
    if timed_out:
        raise SandboxFailed(f"the {kind} took longer than {limits.timeout:g} s to read", peak_mb)
    if status == 0:
        return peak_mb
    raise SandboxFailed(_reason(status, stderr, kind, limits), peak_mb)


def _wait(child: subprocess.Popen[bytes], timeout: float) -> tuple[int, float, bool]:
    """Wait for `child` at most `timeout` seconds (then kill it): its exit status (negative:
    the signal that ended it), its peak memory in MB, and whether it was killed for time.

    The peak is the child's own high-water mark (VmHWM), read while it runs: the ru_maxrss
    that wait4() gives also counts the worker's pages the child shared before exec."""
    deadline = time.monotonic() + timeout
    timed_out = False
    peak_kb = 0
    while True:
        peak_kb = max(peak_kb, _high_water_kb(child.pid))
        pid, status = os.waitpid(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            timed_out = True
            child.kill()
            pid, status = os.waitpid(child.pid, 0)
            break
        time.sleep(_POLL)
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait
    return child.returncode, peak_kb / 1024, timed_out


def _high_water_kb(pid: int) -> int:
    """The resident-memory high-water mark of process `pid` in kB, or 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _reason(status: int, stderr: str, kind: str, limits: Limits) -> str:
    if status == -signal.SIGXCPU:
        per = "on one page" if kind == "PDF" else "to convert"
        return f"the {kind} took more than {limits.cpu_seconds:g} s of CPU {per}"
    if status == _OUT_OF_MEMORY or "MemoryError" in stderr:
        return f"the {kind} needs more than {limits.memory_mb} MB of memory to read"
    if status == _FAILED and stderr:
        return stderr.splitlines()[-1][:_TAIL]
    if status < 0:
        return (
            f"reading the {kind} was stopped by signal {signal.Signals(-status).name} "
            f"(memory limit {limits.memory_mb} MB)"
        )
    return f"reading the {kind} failed ({status}): {stderr[-_TAIL:]}"


# --- the child -------------------------------------------------------------------------------


def _limit_self(memory_mb: int, cpu_seconds: float) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (memory, memory))
    _cpu_budget(cpu_seconds)


def _cpu_budget(seconds: float) -> None:
    """Let the child use `seconds` more CPU from now (whole seconds, rounded up)."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    soft = max(math.ceil(used.ru_utime + used.ru_stime + seconds), 1)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))


def _texts(folder: Path, max_pages: int, cpu_seconds: float) -> None:
    from .conversion import page_texts as read_pages

    pages = read_pages(
        Path(folder, "in").read_bytes(), max_pages, before_page=lambda: _cpu_budget(cpu_seconds)
    )
    Path(folder, "out").write_text(json.dumps(pages), "utf-8")


def _scan(folder: Path, content_type: str, max_side: int, max_pixels: int) -> None:
    from .conversion import cleaned_image, image_to_pdf

    image = Path(folder, "in").read_bytes()
    cleaned = cleaned_image(image, content_type, max_side, max_pixels)
    if cleaned is not None:
        Path(folder, "image").write_bytes(cleaned)
    Path(folder, "out").write_bytes(image_to_pdf(cleaned or image))


def main(argv: list[str]) -> int:
    memory_mb, cpu_seconds, operation, folder, *rest = argv
    _limit_self(int(memory_mb), float(cpu_seconds))
    try:
        if operation == "texts":
            _texts(Path(folder), int(rest[0]), float(cpu_seconds))
        elif operation == "scan":
            _scan(Path(folder), rest[0], int(rest[1]), int(rest[2]))
        else:
            raise ConversionFailed(f"unknown operation {operation!r}")
    except MemoryError:
        return _OUT_OF_MEMORY
    except ConversionFailed as exc:
        sys.stderr.write(exc.reason.replace("\n", " ") + "\n")
        return _FAILED
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
