"""Serving the app as production does, for the benchmarks: granian, the worker, CPU figures.

Shared by bench/submit_load.py and bench/backoffice.py: the same settings (DEBUG off, ClamAV
off, the worker delivering events and notifications off the request, persistent database
connections), the same server and the same CPU accounting from /proc (Linux).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def base_env(database_url: str) -> dict[str, str]:
    # Production settings: the worker delivers events and notifications, off the request.
    return dict(
        os.environ,
        DEBUG="0",
        SECRET_KEY="bench-only",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        DEMO_MODE="0",
        CLAMD_ADDRESS="",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(ROOT / "var" / "bench-media"),
        PYTHONPATH=str(ROOT),
        OUTBOX_DELIVER_AFTER_COMMIT="0",
        CONN_MAX_AGE="600",
    )


def worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """The worker, on the same machine: it delivers the events and notifications."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def serve(env: dict[str, str], port: int, threads: str) -> subprocess.Popen[bytes]:
    """granian (WSGI, 2 workers, `threads` blocking threads each), once it answers /healthz."""
    server = subprocess.Popen(
        [
            "granian",
            "--interface",
            "wsgi",
            "--workers",
            "2",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-ws",
            "--log-level",
            "warning",
            "--blocking-threads",
            threads,
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.kill()
    raise SystemExit("granian did not answer")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and all its descendants, from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = (int(fields[11]) + int(fields[12])) / tick
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return total
    return total + sum(cpu_seconds(int(child)) for child in children)


def postgres_cpu() -> float:
    """CPU of every postgres process on the machine (the bench database is the busy one)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if "(postgres)" in text:
            fields = text.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


# The reference data every 1M bench seeds before the generator (the demo catalog and forms).
REFERENCE = ("load_units", "load_calendar", "load_agencies", "load_demo_catalog", "load_demo_forms")


def fresh_database(db_name: str, pg_url: str, environ: dict[str, str], dossiers: int) -> None:
    """Drop and create a bench database, migrate, load the reference data and the personas,
    generate `dossiers` and analyse. Personas first: the generator gives officer_binh's
    agency's specialist work to officer_binh himself."""
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {db_name}"],
        check=True,
    )
    subprocess.run(["scripts/postgres-ready", pg_url], cwd=ROOT, check=True)
    manage = [sys.executable, "manage.py"]
    began = time.perf_counter()
    for args in (
        ["migrate", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["createcachetable"],
        *([c] for c in REFERENCE),
    ):
        subprocess.run(manage + args, cwd=ROOT, env=environ, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        manage
        + [
            "shell",
            "-c",
            "from motcua.accounts.demo import PERSONAS, "
            "create_persona\nfor p in PERSONAS: create_persona(p)",
        ],
        cwd=ROOT,
        env=environ,
        check=True,
    )
    print(f"schema, reference data and personas: {time.perf_counter() - began:.0f} s", flush=True)
    began = time.perf_counter()
    subprocess.run(
        manage + ["generate_dossiers", "--dossiers", str(dossiers)],
        cwd=ROOT,
        env=environ,
        check=True,
    )
    print(
        f"generate_dossiers --dossiers {dossiers}: {time.perf_counter() - began:.0f} s", flush=True
    )
    # Fresh statistics and visibility maps (index-only scans), as autovacuum would give them
    # in time; warnings about system tables the bench role may not vacuum are left out.
    subprocess.run(
        ["psql", pg_url.replace("postgres://", "postgresql://"), "-qc", "VACUUM ANALYZE"],
        env=dict(environ, PGOPTIONS="-c client_min_messages=error"),
        check=True,
    )
