"""Submission load: complete online dossiers, open loop, against granian on PostgreSQL.

Each submission is one multipart `POST /api/v1/dossiers` of procedure 1.004222 with the form
answers and two PDFs of about 300 KB, a fresh Idempotency-Key and a citizen's write token. The
server is granian (WSGI, 2 workers, DEBUG off) on a fresh PostgreSQL database, ClamAV off.

For each rate it prints throughput, p50/p95/p99 and errors, then checks that the database holds
exactly the acknowledged dossiers (none lost, none duplicated). A rate holds when 60 s of it
give p95 < 500 ms, no error and an exact count. The same run measures a trivial view
(`/healthz`) at the same rate and prints the ratio of their p50s.

    uv run python bench/submit_load.py --rates 20 35 50 65 80 --duration 60
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import Request, open_loop, open_loop_requests  # noqa: E402
from serving import base_env, cpu_seconds, postgres_cpu, worker  # noqa: E402
from serving import serve as serve_on  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PORT = 8766
BASE = f"http://127.0.0.1:{PORT}"
PG_URL = "postgres://motcua@127.0.0.1:5432/motcua_bench_submit"
CITIZENS = 200
CASE = "Đăng ký thường trú vào chỗ ở hợp pháp do thuê, mượn, ở nhờ"
ANSWERS = {
    "ho_ten": "Nguyễn Văn Thử",
    "ngay_sinh": "1985-03-12",
    "gioi_tinh": "male",
    "so_dinh_danh": "019085001234",
    "dien_thoai": "0912000001",
    "dia_chi_moi": {"street": "Số 7, tổ 2", "commune": "05443"},
    "da_thuong_tru": "no",
    "hinh_thuc": "thue_muon",
    "chu_ho_ten": "Trần Văn Hòa",
    "chu_ho_so_dinh_danh": "019070004321",
    "quan_he_chu_ho": "người thuê nhà",
    "dien_tich": 45,
    "co_thanh_vien": "no",
    "cam_doan": True,
}


def setup() -> None:
    """Inside the bench database: reference data, the demo form, citizens with write tokens."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command

    from motcua.accounts.models import ApiToken, User
    from motcua.catalog.models import RequiredDocument

    for command in (
        "createcachetable",
        "load_units",
        "load_calendar",
        "load_agencies",
        "load_demo_catalog",
        "load_demo_forms",
    ):
        call_command(command, verbosity=0)
    tokens = []
    for i in range(CITIZENS):
        user = User.objects.create_user(
            phone=f"09{i:08d}", password="x", full_name=f"Người thử {i}", kind="citizen"
        )
        tokens.append(ApiToken.issue(user, "bench", scope="write")[1])
    docs = RequiredDocument.objects.filter(version__procedure__code="1.004222", group=CASE)
    slots = [
        docs.get(name__startswith="Hợp đồng").pk,
        docs.get(name__startswith="Thông tin chứng minh đủ").pk,
    ]
    print(json.dumps({"tokens": tokens, "slots": slots}))


def pdf_of(size: int, seed: int) -> bytes:
    """A valid PDF of about `size` bytes: a page, then an incompressible comment block."""
    rng = random.Random(seed)
    head = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    )
    padding = b"".join(b"%" + rng.randbytes(60).hex().encode() + b"\n" for _ in range(size // 122))
    return head + padding + b"trailer<</Root 1 0 R>>\n%%EOF\n"


def _env() -> dict[str, str]:
    return base_env(PG_URL)


def prepare() -> tuple[dict[str, str], dict[str, object]]:
    env = _env()
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-qc",
            "DROP DATABASE IF EXISTS motcua_bench_submit",
        ],
        check=True,
    )
    subprocess.run(["scripts/postgres-ready", PG_URL], cwd=ROOT, check=True)
    manage = [sys.executable, "manage.py"]
    for args in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run(
        [sys.executable, __file__, "--setup"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return env, json.loads(out.strip().splitlines()[-1])


def undelivered(env: dict[str, str]) -> str:
    out = subprocess.run(
        [
            "psql",
            PG_URL.replace("postgres://", "postgresql://"),
            "-Atc",
            "SELECT (SELECT count(*) FROM events_eventmessage WHERE delivered_at IS NULL), "
            "(SELECT count(*) FROM notifications_notification WHERE delivered_at IS NULL)",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    events, notes = out.split("|")
    return f"{events} events and {notes} notifications not yet delivered"


def serve(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return serve_on(env, PORT, os.environ.get("BENCH_THREADS", "4"))


class Submissions:
    """Makes the requests of one run and keeps the references the server acknowledged."""

    def __init__(self, prepared: dict[str, object]) -> None:
        tokens: list[str] = prepared["tokens"]  # type: ignore[assignment]
        self.tokens = itertools.cycle(tokens)
        slots: list[int] = prepared["slots"]  # type: ignore[assignment]
        files = [
            (f"paper_{slot}", (f"giay-to-{slot}.pdf", pdf_of(300_000, slot), "application/pdf"))
            for slot in slots
        ]
        data = {
            "procedure": "1.004222",
            "agency": "000.02.31.H19",
            "case": CASE,
            "answers": json.dumps(ANSWERS),
        }
        # Encoded once: the body is the same for every request, so the load generator spends
        # its time sending rather than building multipart bodies on the server's cores.
        encoded = httpx.Request("POST", BASE, data=data, files=files)
        self.body = encoded.read()
        self.content_type = encoded.headers["Content-Type"]
        self.acknowledged: list[str] = []
        self.lock = threading.Lock()

    def next(self) -> Request:
        headers = {
            "Authorization": f"Bearer {next(self.tokens)}",
            "Idempotency-Key": uuid.uuid4().hex,
            "Content-Type": self.content_type,
        }
        return Request(
            "POST",
            "/api/v1/dossiers",
            {"content": self.body, "headers": headers},
            expect=201,
            on_answer=self._keep,
        )

    def _keep(self, response: httpx.Response) -> None:
        with self.lock:
            self.acknowledged.append(response.json()["reference"])


def stored_references(env: dict[str, str]) -> list[str]:
    out = subprocess.run(
        [
            "psql",
            PG_URL.replace("postgres://", "postgresql://"),
            "-Atc",
            "SELECT reference FROM dossiers_dossier",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line for line in out.splitlines() if line]


def _cpu(server: subprocess.Popen[bytes], jobs: subprocess.Popen[bytes]) -> dict[str, float]:
    own = os.times()  # this process alone: the load generator, not its children
    return {
        "web": cpu_seconds(server.pid),
        "worker": cpu_seconds(jobs.pid),
        "load generator": own.user + own.system,
        "postgres": postgres_cpu(),
    }


def run(rates: list[float], duration: float) -> None:
    env, prepared = prepare()
    server, jobs = serve(env), worker(env)
    try:
        warm = Submissions(prepared)
        open_loop_requests(BASE, warm.next, rate=5, duration=2)
        before = set(stored_references(env))
        held = 0.0
        for rate in rates:
            load = Submissions(prepared)
            cpu_before = _cpu(server, jobs)
            result = open_loop_requests(BASE, load.next, rate=rate, duration=duration)
            time.sleep(2)  # let the worker catch up before reading the CPU figures
            used = {k: v - cpu_before[k] for k, v in _cpu(server, jobs).items()}
            stored = set(stored_references(env)) - before
            before |= stored
            exact = sorted(stored) == sorted(load.acknowledged)
            trivial = open_loop(BASE, lambda: "/healthz", rate=rate, duration=min(duration, 20))
            ok = result.percentile(95) < 500 and result.errors == 0 and exact
            held = rate if ok else held
            print(f"rate {rate:.0f}/s submissions: {result.summary()}")
            print(
                f"  database: {len(stored)} new dossiers, {len(load.acknowledged)} "
                f"acknowledged, exact: {exact}; holds: {ok}"
            )
            print(
                f"  trivial view /healthz: {trivial.summary()}; p50 ratio "
                f"{result.percentile(50) / trivial.percentile(50):.0f}x"
            )
            print(f"  worker: {undelivered(env)} after the step")
            per = {k: 1000 * v / max(len(load.acknowledged), 1) for k, v in used.items()}
            print("  CPU per submission, ms: " + ", ".join(f"{k} {v:.1f}" for k, v in per.items()))
        print(f"highest rate that held for {duration:.0f} s: {held:.0f} submissions/s")
    finally:
        for process in (server, jobs):
            process.terminate()
            process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", type=float, nargs="+", default=[20, 35, 50, 65, 80])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        setup()
        return
    run(args.rates, args.duration)


if __name__ == "__main__":
    main()
