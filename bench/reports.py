"""Reports at a million dossiers: the rebuild, the province-year figures, the index API, apply().

On a PostgreSQL database filled by the core's generator (`generate_dossiers`, default
1,000,000 dossiers, this year up to now) with the demo personas, it measures:

(a) `rebuild_reports`: every aggregate rebuilt with SQL from the fact rows (3 runs), then the
    check of a sample against the pure formulas. Target: under 10 s.
(b) the province-year dashboard's data (the three KPIs, the index, the agency ranking and the
    trend of the total, as service.py gives them) and `GET /api/v1/reports/index766?period=<year>`
    (in-process Django client, Bearer token, DEBUG off), and the whole dashboard page
    `/mot-cua/bao-cao/?period=<year>` as admin_em, warm: medians of 10 runs (the page: 5)
    after one. Target: under 300 ms each.
(c) Dossier.create("receive_at_counter") with its fact row and with record_fact() patched out
    (this script only), interleaved, 7 runs of 100 each: the medians. Target: < 10 % slower.
    Then the worker's fold of the facts those runs wrote.
(d) as a reference, one plain SQL aggregate over the same year's dossiers.

    uv run python bench/reports.py --dossiers 1000000            # seeds motcua_bench_rep
    uv run python bench/reports.py --dossiers 1000000 --reuse    # reuses the seeded database
    uv run python bench/reports.py --reuse --page-only 21        # only (b)'s page, 21 times

With --page-only N it times the dashboard page alone N times (memo cleared each time), beside a
plain back-office page ("my work") as the machine's floor at that moment.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import ROOT, base_env, fresh_database  # noqa: E402

DB_NAME = "motcua_bench_rep"
PG_URL = f"postgres://motcua@127.0.0.1:5432/{DB_NAME}"
READ_TARGET_MS, REBUILD_TARGET_S, APPLY_SLOWER_TARGET = 300.0, 10.0, 0.10


def env() -> dict[str, str]:
    return dict(
        base_env(PG_URL),
        ALLOWED_HOSTS="127.0.0.1,testserver",
        DJANGO_SETTINGS_MODULE="config.settings",
        REPORTS_FOLD="1",
        # The dashboard page is read with a plain session: the second factor may be
        # off in demo mode only.
        STAFF_OTP_REQUIRED="0",
        DEMO_MODE="1",
    )


def django_setup() -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()


def timed(func: Callable[[], Any], runs: int, warm: int = 1) -> list[float]:
    """Milliseconds of `runs` calls after `warm` unmeasured ones. Each call starts without the
    reports' few-second memo (memo.py), as a new request a while later would."""
    from motcua.reports import memo

    for _ in range(warm):
        func()
    found = []
    for _ in range(runs):
        memo.clear()
        began = time.perf_counter()
        func()
        found.append((time.perf_counter() - began) * 1000)
    return found


def rebuild() -> list[float]:
    from django.core.management import call_command

    seconds = []
    for _ in range(3):
        began = time.perf_counter()
        call_command("rebuild_reports")
        seconds.append(time.perf_counter() - began)
    call_command("rebuild_reports", "--new", "--check", "50")
    return seconds


def persona(name: str) -> Any:
    from motcua.accounts.demo import PERSONAS
    from motcua.accounts.models import User

    return User.objects.get(email=next(p for p in PERSONAS if p.username == name).email)


def reads(year: str) -> dict[str, list[float]]:
    from django.test import Client

    from motcua.accounts.models import ApiToken
    from motcua.reports import service

    admin = persona("admin_em")
    period, scope = service.parse_period(year), service.parse_scope("")
    _token, secret = ApiToken.issue(admin, "bench reports")
    client, auth = Client(), {"Authorization": f"Bearer {secret}"}

    def api() -> None:
        response = client.get(f"/api/v1/reports/index766?period={year}", headers=auth)
        assert response.status_code == 200, response.content[:300]

    page = Client()
    page.force_login(admin)

    def dashboard() -> None:
        response = page.get(f"/mot-cua/bao-cao/?period={year}")
        assert response.status_code == 200, response.content[:300]

    return {
        "KPIs + index (dashboard head)": timed(
            lambda: (
                service.provincial_kpis(period, scope, admin),
                service.index_766(period, scope, admin),
            ),
            10,
        ),
        "agency ranking (ON_TIME)": timed(
            lambda: service.ranking("ON_TIME", period, "agency", admin), 10
        ),
        "trend of the total, by month": timed(
            lambda: service.trend("total", int(year[:4]), scope, admin), 5
        ),
        "GET /api/v1/reports/index766": timed(api, 10),
        "dashboard page (index, KPIs, trend, two rankings)": timed(dashboard, 5),
    }


def receive(count: int) -> None:
    """Receive `count` walk-in dossiers through Dossier.create(), as the counter does."""
    from motcua.agencies.models import Agency
    from motcua.catalog.models import ProcedureVersion
    from motcua.dossiers.choices import Channel
    from motcua.dossiers.models import Dossier

    counter, applicant = persona("counter_cuong"), persona("citizen_an")
    centre = Agency.objects.get(code="000.01.31.H19")
    competent = Agency.objects.get(code="000.00.31.H19")
    version = ProcedureVersion.objects.filter(procedure__code="1.004222").latest("valid_from")
    for _ in range(count):
        Dossier.create(
            "receive_at_counter",
            by=counter,
            procedure_version=version,
            applicant=applicant,
            applicant_name=applicant.full_name,
            channel=Channel.IN_PERSON,
            receiving_unit=centre,
            competent_agency=competent,
        )


def apply_cost(runs: int, per_run: int) -> tuple[list[float], list[float]]:
    """(with facts, without) milliseconds per Dossier.create(), interleaved runs."""
    from motcua.dossiers import workflow

    receive(20)  # warm the calendar, the agencies and the connection
    with_facts: list[float] = []
    without: list[float] = []
    for _ in range(runs):
        for bucket, patched in ((with_facts, False), (without, True)):
            # Only here: apply() without its fact row, to price the fact.
            patch: Any = (
                mock.patch.object(workflow, "record_fact", return_value=None)
                if patched
                else contextlib.nullcontext()
            )
            with patch:
                began = time.perf_counter()
                receive(per_run)
                bucket.append((time.perf_counter() - began) * 1000 / per_run)
    return with_facts, without


def plain_aggregate(year: str) -> list[float]:
    from django.db import connection

    def query() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*), SUM(CASE WHEN channel = 2 THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN finished_at <= due_at THEN 1 ELSE 0 END) FROM dossiers_dossier "
                "WHERE received_at >= %s::date AND received_at < (%s::date + interval '1 year')",
                [f"{year}-01-01", f"{year}-01-01"],
            )
            cursor.fetchall()

    return timed(query, 5)


def page_only(year: str, runs: int) -> None:
    from django.test import Client

    page = Client()
    page.force_login(persona("admin_em"))

    def get(url: str) -> Callable[[], None]:
        def call() -> None:
            assert page.get(url).status_code == 200

        return call

    for label, url in (
        ("dashboard page", f"/mot-cua/bao-cao/?period={year}"),
        ("plain back-office page", "/mot-cua/"),
    ):
        ms = timed(get(url), runs, warm=2)
        print(
            f"{label} {url}, ms: median {statistics.median(ms):.1f}, min {min(ms):.1f}, "
            f"max {max(ms):.1f}",
            flush=True,
        )


def run(args: argparse.Namespace) -> None:
    environ = env()
    if not args.reuse:
        fresh_database(DB_NAME, PG_URL, environ, args.dossiers)
    os.environ.update(environ)
    django_setup()
    if args.page_only:
        page_only(args.year, args.page_only)
        return
    from motcua.dossiers.models import Dossier, Fact
    from motcua.reports.folding import fold_new

    print(f"{Dossier.objects.count():,} dossiers, {Fact.objects.count():,} facts", flush=True)
    seconds = rebuild()
    print("rebuild_reports, s: " + ", ".join(f"{s:.2f}" for s in seconds), flush=True)
    read_ms = reads(args.year)
    for label, values in read_ms.items():
        print(
            f"{label}, ms: median {statistics.median(values):.1f}, max {max(values):.1f}",
            flush=True,
        )
    with_facts, without = apply_cost(args.runs, args.per_run)
    began = time.perf_counter()
    folded = fold_new()
    fold_s = time.perf_counter() - began
    reference = plain_aggregate(args.year)
    summary(seconds, read_ms, with_facts, without, (folded, fold_s), reference)


def summary(
    seconds: list[float],
    read_ms: dict[str, list[float]],
    with_facts: list[float],
    without: list[float],
    fold: tuple[int, float],
    reference: list[float],
) -> None:
    print("\nSummary:")
    best = min(seconds)
    met = max(seconds) < REBUILD_TARGET_S
    print(
        f"  rebuild {best:.2f} s best of 3, {max(seconds):.2f} s worst "
        f"(target < {REBUILD_TARGET_S:.0f}): {'met' if met else 'not met'}"
    )
    for label, values in read_ms.items():
        median = statistics.median(values)
        print(
            f"  {label}: median {median:.1f} ms (target < {READ_TARGET_MS:.0f}): "
            f"{'met' if median < READ_TARGET_MS else 'not met'}"
        )
    a, b = statistics.median(with_facts), statistics.median(without)
    slower = a / b - 1
    print(
        f"  Dossier.create() median {a:.2f} ms with its fact, {b:.2f} ms without: "
        f"{slower * 100:+.1f} % (target < {APPLY_SLOWER_TARGET * 100:.0f} %): "
        f"{'met' if slower < APPLY_SLOWER_TARGET else 'not met'}"
    )
    print(f"  fold of {fold[0]:,} new facts: {fold[1] * 1000:.0f} ms")
    print(
        f"  reference, one plain SQL aggregate over the year's dossiers: median "
        f"{statistics.median(reference):.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--year", default="2026", help="the province-year read")
    parser.add_argument("--runs", type=int, default=7, help="apply() runs each way (≥ 5)")
    parser.add_argument("--per-run", type=int, default=100, help="dossiers per apply() run")
    parser.add_argument(
        "--page-only",
        type=int,
        default=0,
        metavar="N",
        help="time only the dashboard page, N times",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database of the last run (skip drop, setup, generation)",
    )
    run(parser.parse_args())


if __name__ == "__main__":
    main()
