"""Back office: a specialist's queues and search under load, and transitions per second.

On a fresh PostgreSQL database filled by the core's generator (`generate_dossiers`, default
1,000,000 dossiers) with the demo personas, it measures:

(a) officer_binh's queue pages (`/mot-cua/`, `/mot-cua/hang-doi/team/`) and the search
    (`/mot-cua/hang-doi/mine/?q=<code or name>`) served by granian (WSGI, 2 workers, DEBUG
    off), under an open-loop load (default 20 requests/s) with a server-side staff session;
    then EXPLAIN ANALYZE of his queue queries. Target: p95 < 100 ms.
(b) Dossier.apply() from 8 client processes, each with its own connection, cycling its share
    of binh's open dossiers through consult → answer_consultation → return_to_step → forward
    (events that keep a dossier open for more). Target: at least 200 transitions/s.

    uv run python bench/backoffice.py --dossiers 1000000 --duration 60
    uv run python bench/backoffice.py --dossiers 20000 --duration 20     # a quick check
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import Request, Result, open_loop_requests  # noqa: E402
from serving import ROOT, base_env, fresh_database, serve, worker  # noqa: E402

PORT = 8768
BASE = f"http://127.0.0.1:{PORT}"
DB_NAME = "motcua_bench_backoffice"
PG_URL = f"postgres://motcua@127.0.0.1:5432/{DB_NAME}"
BINH_AGENCY = "000.00.31.H19"  # Phường Phan Đình Phùng
CHI_AGENCY = "000.00.33.H19"  # officer_chi's agency: the one consulted
QUEUE_TARGET_MS, APPLY_TARGET = 100.0, 200.0
MIN_OPEN = 2000  # dossiers binh may act on; below this, more are received through apply()


# --- Preparation --------------------------------------------------------------------------


def env() -> dict[str, str]:
    # Pages are read with a plain session: the second factor may be off in demo mode only.
    return dict(
        base_env(PG_URL),
        STAFF_OTP_REQUIRED="0",
        DEMO_MODE="1",
        DJANGO_SETTINGS_MODULE="config.settings",
    )


def django_setup() -> None:
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()


def persona(name: str) -> Any:
    from motcua.accounts.demo import PERSONAS
    from motcua.accounts.models import User

    return User.objects.get(email=next(p for p in PERSONAS if p.username == name).email)


def binh_share() -> dict[str, int]:
    """How much of the generated work is binh's agency's: the realism check of the brief."""
    from motcua.dossiers.models import Dossier, Step

    binh = persona("officer_binh")
    agency = agency_of(binh)
    open_steps = Step.objects.filter(ended_at__isnull=True)
    return {
        "dossiers": Dossier.objects.count(),
        "competent is binh's agency": Dossier.objects.filter(competent_agency_id=agency).count(),
        "open steps at binh's agency": open_steps.filter(agency_id=agency).count(),
        "open steps assigned to binh": open_steps.filter(assignee_id=binh.pk).count(),
        "open, binh may act": len(actionable(binh)),
    }


def agency_of(user: Any) -> int:
    from motcua.accounts.models import Membership

    return Membership.objects.filter(user=user).values_list("agency_id", flat=True)[0]


def actionable(binh: Any) -> list[int]:
    """Received or processing dossiers of binh's agency (he acts on them as specialist)."""
    from motcua.dossiers.models import Dossier

    agency = agency_of(binh)
    return list(
        Dossier.objects.filter(competent_agency_id=agency, state__in=("received", "processing"))
        .order_by("id")
        .values_list("id", flat=True)
    )


def seed_received(count: int) -> int:
    """Receive `count` walk-in dossiers for binh's agency at counter_cuong's centre, through
    Dossier.create() as the counter does."""
    from motcua.agencies.models import Agency
    from motcua.catalog.models import ProcedureVersion
    from motcua.dossiers.choices import Channel
    from motcua.dossiers.models import Dossier

    counter, applicant = persona("counter_cuong"), persona("citizen_an")
    centre = Agency.objects.get(code=agency_code(counter))
    competent = Agency.objects.get(code=BINH_AGENCY)
    version = ProcedureVersion.objects.get(procedure__code="1.004222")
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
    return count


def agency_code(user: Any) -> str:
    from motcua.accounts.models import Membership

    return Membership.objects.filter(user=user).values_list("agency__code", flat=True)[0]


def staff_cookie(name: str) -> str:
    """A signed-in session for `name`, made as django.test.Client.force_login makes it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    user = persona(name)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def search_terms(rng: random.Random, count: int = 400) -> list[str]:
    """What binh types: codes of his dossiers, and applicants' full names (half unaccented)."""
    from motcua.backoffice import queues
    from motcua.lib.text import fold

    rows = list(
        queues.queue(persona("officer_binh"), queues.MINE).values_list("code", "applicant_name")[
            :2000
        ]
    )
    if not rows:
        return ["khong co"]
    terms = []
    for _ in range(count):
        code, name = rng.choice(rows)
        if code and rng.random() < 0.5:
            terms.append(code)
        else:
            terms.append(fold(name) if rng.random() < 0.5 else name)
    return terms


# --- (a) the queue pages ------------------------------------------------------------------


def page_load(cookie: str, terms: list[str], rate: float, duration: float) -> dict[str, Result]:
    from urllib.parse import urlencode

    headers = {"Cookie": cookie}
    kinds = {
        "queue /mot-cua/": lambda: "/mot-cua/",
        "team /mot-cua/hang-doi/team/": lambda: "/mot-cua/hang-doi/team/",
        "search /mot-cua/hang-doi/mine/?q=": lambda: (
            "/mot-cua/hang-doi/mine/?" + urlencode({"q": random.choice(terms)})
        ),
    }
    results = {}
    for label, path in kinds.items():

        def next_request(path: Any = path) -> Request:
            return Request("GET", path(), {"headers": headers})

        open_loop_requests(BASE, next_request, rate=5, duration=2)  # warm the workers
        results[label] = open_loop_requests(BASE, next_request, rate=rate, duration=duration)
        print(f"{label}: {results[label].summary()}", flush=True)
    return results


def explain_queues() -> None:
    """EXPLAIN ANALYZE of binh's queue pages as the view runs them: the ordered ids, up to
    the count's cap (queues.CappedPaginator), from which a page's 20 rows are then read."""
    from motcua.backoffice import queues

    binh = persona("officer_binh")
    for name in (queues.MINE, queues.TEAM):
        qs = queues.queue(binh, name)
        ids = qs.values_list("pk", flat=True)[: queues.COUNT_CAP + 1]
        plan = ids.explain(analyze=True).splitlines()
        print(f"EXPLAIN ANALYZE of queue {name!r} (ordered ids; {qs.count()} rows in queue):")
        for line in plan[:12]:
            print("  " + line)
        if len(plan) > 12:
            print(f"  … {len(plan) - 14} more lines")
        for line in plan[-2:]:
            print("  " + line)


# --- (b) transitions through Dossier.apply() ----------------------------------------------


def cycle_event(
    dossier: Any, phase: str, binh: Any, chi: Any, agencies: dict[str, int]
) -> tuple[str, Any, dict[str, Any]]:
    """The next event of a dossier's cycle: who takes it, and with what."""
    now = dt.datetime.now(dt.UTC)
    if phase == "consult":
        return "consult", binh, {"agency_id": agencies["chi"], "due_at": now + dt.timedelta(days=5)}
    if phase == "answer_consultation":
        return "answer_consultation", chi, {"agency_id": agencies["chi"]}
    if phase == "return_to_step":
        return "return_to_step", binh, {"agency_id": agencies["binh"], "note": "Bổ sung thẩm định."}
    return "forward", binh, {"agency_id": agencies["binh"], "assignee_id": binh.pk}


NEXT = {
    "forward": "consult",
    "consult": "answer_consultation",
    "answer_consultation": "return_to_step",
    "return_to_step": "forward",
}


def client(number: int, ids: list[int], duration: float, queue: Any, start: Any) -> None:
    """One officer's process: apply the next event of a random dossier of its share.

    The clock starts when every client is ready (Django set up, calendar loaded), so that one
    client's start-up does not eat into the others' measured time."""
    django_setup()
    from django.db import connection

    from motcua.agencies.models import Agency
    from motcua.deadlines.provider import get_calendar
    from motcua.dossiers.lifecycle import Refused
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.transitions import InvalidTransition

    binh, chi = persona("officer_binh"), persona("officer_chi")
    agencies = {
        "binh": Agency.objects.get(code=BINH_AGENCY).pk,
        "chi": Agency.objects.get(code=CHI_AGENCY).pk,
    }
    rng = random.Random(number)
    dossiers = {d.pk: d for d in Dossier.objects.filter(pk__in=ids)}
    phase = {pk: "forward" if d.state == "received" else "consult" for pk, d in dossiers.items()}
    times: list[float] = []
    refused: dict[str, int] = {}
    keys = list(dossiers)
    get_calendar()
    start.wait()
    end = time.perf_counter() + duration
    while time.perf_counter() < end:
        pk = rng.choice(keys)
        event, by, data = cycle_event(dossiers[pk], phase[pk], binh, chi, agencies)
        note = data.pop("note", "")
        began = time.perf_counter()
        try:
            dossiers[pk].apply(event, by=by, note=note, **data)
        except (Refused, InvalidTransition) as exc:
            reason = f"{event}: {exc}"[:120]
            refused[reason] = refused.get(reason, 0) + 1
            dossiers[pk].refresh_from_db()
            phase[pk] = "forward" if dossiers[pk].state == "received" else "consult"
            continue
        times.append((time.perf_counter() - began) * 1000)
        phase[pk] = NEXT[phase[pk]]
    connection.close()
    queue.put((number, times, refused))


def apply_load(ids: list[int], clients: int, duration: float) -> tuple[float, float]:
    """Run the clients on disjoint shares of `ids`; print and return (transitions/s, p95)."""
    spawn = multiprocessing.get_context("spawn")
    queue, start = spawn.Queue(), spawn.Barrier(clients)
    shares = [ids[i::clients] for i in range(clients)]
    processes = [
        spawn.Process(target=client, args=(n, share, duration, queue, start))
        for n, share in enumerate(shares)
    ]
    for process in processes:
        process.start()
    reports = sorted(queue.get() for _ in processes)
    for process in processes:
        process.join()
    every = [t for _n, times, _r in reports for t in times]
    refusals: dict[str, int] = {}
    for number, times, refused in reports:
        for reason, count in refused.items():
            refusals[reason] = refusals.get(reason, 0) + count
        print(
            f"  client {number}: {len(times) / duration:6.1f} transitions/s, "
            f"{sum(refused.values())} refused, {len(shares[number])} dossiers"
        )
    total = len(every) / duration
    p95 = percentile(every, 95)
    print(
        f"apply(): {len(every)} transitions in {duration:.0f} s = {total:.1f}/s with "
        f"{clients} clients; apply() ms: mean {statistics.fmean(every or [0]):.1f}, "
        f"p50 {percentile(every, 50):.1f}, p95 {p95:.1f}, p99 {percentile(every, 99):.1f}; "
        f"refused {sum(refusals.values())}"
    )
    for reason, count in sorted(refusals.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  refused {count}×: {reason}")
    return total, p95


def percentile(values: list[float], p: float) -> float:
    return Result(latencies_ms=values).percentile(p)


# --- The run ------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> None:
    environ = env()
    if not args.reuse:
        fresh_database(DB_NAME, PG_URL, environ, args.dossiers)
    os.environ.update(environ)
    django_setup()
    from django.db import connections

    share = binh_share()
    print("officer_binh's share: " + ", ".join(f"{k} {v:,}" for k, v in share.items()))
    if share["open, binh may act"] < MIN_OPEN:
        seeded = seed_received(MIN_OPEN - share["open, binh may act"])
        print(
            f"  too few for the apply() run: {seeded} more received at the counter "
            f"through Dossier.create()"
        )
    cookie = staff_cookie("officer_binh")
    terms = search_terms(random.Random(766))
    ids = actionable(persona("officer_binh"))
    connections.close_all()
    server, jobs = serve(environ, PORT, args.threads), worker(environ)
    try:
        pages = page_load(cookie, terms, args.rate, args.duration)
    finally:
        server.terminate()
        server.wait(10)
    try:
        explain_queues()
        connections.close_all()
        transitions, apply_p95 = apply_load(ids, args.clients, args.duration)
    finally:
        jobs.terminate()
        jobs.wait(120)  # the worker may be folding the run's facts
    summary(pages, transitions, apply_p95, args)


def summary(
    pages: dict[str, Result], transitions: float, apply_p95: float, args: argparse.Namespace
) -> None:
    print(
        f"\nSummary ({args.dossiers:,} dossiers, {args.rate:.0f} requests/s, "
        f"{args.clients} apply() clients, {args.duration:.0f} s each):"
    )
    for label, result in pages.items():
        p95 = result.percentile(95)
        met = p95 < QUEUE_TARGET_MS and result.errors == 0
        print(
            f"  {label.split()[0]} p95 {p95:.1f} ms (target < {QUEUE_TARGET_MS:.0f}), "
            f"{result.errors} errors: {'met' if met else 'not met'}"
        )
    met = transitions >= APPLY_TARGET
    print(
        f"  apply {transitions:.1f} transitions/s (target ≥ {APPLY_TARGET:.0f}), "
        f"p95 {apply_p95:.1f} ms: {'met' if met else 'not met'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument(
        "--duration",
        type=float,
        default=60,
        help="seconds of load per page kind, and of the apply() run",
    )
    parser.add_argument("--rate", type=float, default=20, help="page requests per second")
    parser.add_argument("--clients", type=int, default=8, help="apply() client processes")
    parser.add_argument("--threads", default="1", help="granian blocking threads per worker")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database of the last run (skip drop, setup, generation)",
    )
    run(parser.parse_args())


if __name__ == "__main__":
    main()
