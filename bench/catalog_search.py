"""Catalog search latency under an open-loop load, and the procedure page's weight.

    uv run python bench/catalog_search.py                      # SQLite and PostgreSQL
    uv run python bench/catalog_search.py --db sqlite --duration 20

For each database it makes a fresh database, generates 6,000 procedures, serves the app with
granian (WSGI, 2 workers, DEBUG off), then sends 100 searches/s for 60 s to the HTML search page
and then to the API, and prints p50/p95/p99 and errors. Target: p95 < 30 ms, 0 errors.
It also prints the procedure page's bytes (HTML + CSS + JS + images, gzip). Target < 60 KB.
PostgreSQL: it uses postgres://motcua@127.0.0.1:5432/motcua_bench (scripts/postgres-ready).
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import open_loop  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
PG_URL = "postgres://motcua@127.0.0.1:5432/motcua_bench"

ACTIONS = [
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Gia hạn",
    "Đăng ký",
    "Đăng ký lại",
    "Thu hồi",
    "Xác nhận",
    "Chứng thực",
    "Điều chỉnh",
    "Thẩm định",
    "Phê duyệt",
    "Công nhận",
    "Thông báo",
    "Xóa đăng ký",
    "Cấp bản sao",
]
OBJECTS = [
    "giấy phép xây dựng",
    "giấy chứng nhận quyền sử dụng đất",
    "khai sinh",
    "kết hôn",
    "hộ kinh doanh",
    "giấy phép lái xe",
    "thường trú",
    "tạm trú",
    "giấy phép kinh doanh",
    "chứng chỉ hành nghề",
    "giấy phép môi trường",
    "trích lục hộ tịch",
    "khai tử",
    "giám hộ",
    "hợp tác xã",
    "cơ sở giáo dục",
    "phương tiện thủy nội địa",
    "giấy phép khai thác nước",
    "hồ sơ đấu thầu",
    "nhà ở riêng lẻ",
    "hộ nghèo",
    "người có công",
    "trợ cấp xã hội",
    "an toàn thực phẩm",
    "biển quảng cáo",
    "di tích lịch sử",
    "bảo trợ xã hội",
    "đất nông nghiệp",
    "tàu cá",
    "thuốc bảo vệ thực vật",
]
SUFFIXES = [
    "",
    " cấp xã",
    " cấp tỉnh",
    " cho tổ chức",
    " cho cá nhân",
    " có yếu tố nước ngoài",
    " trong trường hợp bị mất",
    " do thay đổi thông tin",
    " lần đầu",
    " theo yêu cầu",
]
SECTORS = [
    "Hộ tịch",
    "Chứng thực",
    "Đăng ký cư trú",
    "Đất đai",
    "Xây dựng",
    "Môi trường",
    "Giao thông vận tải",
    "Giáo dục và Đào tạo",
    "Y tế",
    "Lao động",
    "Bảo trợ xã hội",
    "Người có công",
    "Đăng ký kinh doanh",
    "Thương mại",
    "Nông nghiệp",
    "Thủy sản",
    "Văn hóa",
    "Du lịch",
    "Tài nguyên nước",
    "Khoa học và Công nghệ",
]
QUERIES = [
    "dang ky",
    "khai sinh",
    "chứng thực",
    "giay phep xay dung",
    "đất đai",
    "cap lai",
    "ho kinh doanh",
    "thường trú",
    "tam tru",
    "gia han",
    "1.0001",
    "ket hon",
    "trợ cấp xã hội",
    "giấy phép",
    "xac nhan",
    "tau ca",
    "an toan thuc pham",
    "cho to chuc",
]


def generate(n: int) -> None:
    """Fill the configured database with `n` procedures (runs inside a Django process)."""
    import django

    django.setup()
    import datetime as dt

    from django.db import transaction
    from django.utils.text import slugify

    from motcua.catalog.models import Procedure, ProcedureVersion, Sector
    from motcua.lib.text import fold

    rng = random.Random(766)
    with transaction.atomic():
        sectors = [Sector.objects.get_or_create(code=slugify(fold(s)), name=s)[0] for s in SECTORS]
        procs = Procedure.objects.bulk_create(
            [Procedure(code=f"{1 + i % 3}.{i:06d}") for i in range(n)], batch_size=1000
        )
        versions = []
        for proc in procs:
            name = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)}{rng.choice(SUFFIXES)}"
            sector = rng.choice(sectors)
            versions.append(
                ProcedureVersion(
                    procedure=proc,
                    number=1,
                    valid_from=dt.date(2025, 7, 1),
                    name=name,
                    sector=sector,
                    level=rng.choice(["province", "commune"]),
                    competent_authority="Ủy ban nhân dân cấp xã",
                    online_level=rng.choice(["full", "partial", "none"]),
                    time_limit=rng.randint(1, 20),
                    time_limit_unit="working_days",
                    search_text=fold(f"{proc.code} {name} {sector.name}"),
                )
            )
        ProcedureVersion.objects.bulk_create(versions, batch_size=1000)
    print(f"generated {n} procedures")


def _env(db: str) -> dict[str, str]:
    env = dict(
        os.environ,
        DEBUG="0",
        SECRET_KEY="bench-only",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        DEMO_MODE="0",
        PYTHONPATH=str(ROOT),
    )
    if db == "sqlite":
        path = ROOT / "var" / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        subprocess.run(["scripts/postgres-ready", PG_URL], cwd=ROOT, check=True)
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-qc",
                "DROP DATABASE IF EXISTS motcua_bench",
            ],
            check=True,
        )
        subprocess.run(["scripts/postgres-ready", PG_URL], cwd=ROOT, check=True)
        env["DATABASE_URL"] = PG_URL
    return env


def _prepare(db: str, n: int) -> dict[str, str]:
    env = _env(db)
    manage = [sys.executable, "manage.py"]
    for args in (
        ["migrate", "-v0"],
        ["createcachetable"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_calendar"],
    ):
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, __file__, "--generate", str(n)], cwd=ROOT, env=env, check=True)
    return env


def _serve(env: dict[str, str]) -> subprocess.Popen[bytes]:
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
            str(PORT),
            "--no-ws",
            "--log-level",
            "warning",
            "--blocking-threads",
            os.environ.get("BENCH_THREADS", "1"),
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            if httpx.get(BASE + "/thu-tuc/", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.kill()
    raise SystemExit("granian did not answer")


def _paths(kind: str) -> callable:  # type: ignore[valid-type]
    rng = random.Random(1)

    def next_path() -> str:
        q = httpx.QueryParams({"q": rng.choice(QUERIES)})
        extra = rng.choice(["", "&online_level=full", "&level=commune", "&page=2"])
        prefix = "/thu-tuc/?" if kind == "html" else "/api/v1/procedures?"
        return f"{prefix}{q}{extra}"

    return next_path


def _wire_size(response: httpx.Response) -> int:
    """Bytes on the wire: the gzip body when the server compressed it, else gzip of the body."""
    if response.headers.get("content-encoding") == "gzip" and "content-length" in response.headers:
        return int(response.headers["content-length"])
    return len(gzip.compress(response.content))


def page_weight() -> str:
    """Bytes a first visit to a procedure page downloads, gzip-compressed as served."""
    headers = {"Accept-Encoding": "gzip"}
    first = httpx.get(BASE + "/api/v1/procedures?page=1").json()["items"][0]["code"]
    page = httpx.get(f"{BASE}/thu-tuc/{first}/", headers=headers)
    html = page.text
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    sizes = {"html": _wire_size(page)}
    for asset in assets:
        r = httpx.get(BASE + asset, headers=headers)
        sizes[asset] = _wire_size(r)
    total = sum(sizes.values())
    js = [a for a in assets if a.endswith(".js")]
    fonts = [a for a in assets if re.search(r"\.(woff2?|ttf|otf)$", a)]
    parts = ", ".join(f"{k} {v} B" for k, v in sizes.items())
    return (
        f"procedure page {total / 1024:.1f} KB gzip ({parts}); "
        f"JS files {len(js)}; web fonts {len(fonts)}"
    )


def bench(db: str, n: int, rate: float, duration: float) -> None:
    print(f"\n=== {db}: {n} procedures, {rate:.0f} searches/s for {duration:.0f} s each")
    env = _prepare(db, n)
    server = _serve(env)
    try:
        for kind in ("html", "api"):
            open_loop(BASE, _paths(kind), rate=20, duration=2)  # warm-up
            result = open_loop(BASE, _paths(kind), rate=rate, duration=duration)
            print(f"{db} {kind:4}: {result.summary()}")
        print(f"{db} {page_weight()}")
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--procedures", type=int, default=6000)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        generate(args.generate)
        return
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        bench(db, args.procedures, args.rate, args.duration)


if __name__ == "__main__":
    main()
