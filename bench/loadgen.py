"""Open-loop HTTP load: requests leave on a fixed schedule whatever the server does.

Latency is measured from each request's *scheduled* time, so a stalled server shows up in the
figures instead of silently slowing the load (no coordinated omission).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    sent: int = 0
    elapsed_s: float = 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def summary(self) -> str:
        ok = len(self.latencies_ms)
        rate = ok / self.elapsed_s if self.elapsed_s else 0
        mean = statistics.fmean(self.latencies_ms) if ok else float("nan")
        return (
            f"sent {self.sent}, ok {ok}, errors {self.errors}, {rate:.1f} ok/s; "
            f"latency ms: mean {mean:.1f}, p50 {self.percentile(50):.1f}, "
            f"p95 {self.percentile(95):.1f}, p99 {self.percentile(99):.1f}, "
            f"max {max(self.latencies_ms, default=float('nan')):.1f}"
        )


@dataclass(frozen=True)
class Request:
    """One request of an open-loop run, and what to do with a good answer."""

    method: str
    url: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    expect: int = 200
    on_answer: Callable[[httpx.Response], None] | None = None


async def _one(
    client: httpx.AsyncClient, request: Request, scheduled: float, result: Result
) -> None:
    try:
        response = await client.request(request.method, request.url, **request.kwargs)
        if response.status_code != request.expect:
            result.errors += 1
            return
    except httpx.HTTPError:
        result.errors += 1
        return
    result.latencies_ms.append((time.perf_counter() - scheduled) * 1000)
    if request.on_answer:
        request.on_answer(response)


async def _run(
    base: str, next_request: Callable[[], Request], rate: float, duration: float
) -> Result:
    result = Result()
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits) as client:
        start = time.perf_counter()
        tasks = []
        n = int(rate * duration)
        for i in range(n):
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(_one(client, next_request(), scheduled, result)))
            result.sent += 1
        await asyncio.gather(*tasks)
        result.elapsed_s = time.perf_counter() - start
    return result


def open_loop(base: str, next_path: Callable[[], str], rate: float, duration: float) -> Result:
    """Send `rate` GET requests a second for `duration` seconds to `base` + next_path()."""
    return asyncio.run(_run(base, lambda: Request("GET", next_path()), rate, duration))


def open_loop_requests(
    base: str, next_request: Callable[[], Request], rate: float, duration: float
) -> Result:
    """Send `rate` requests a second for `duration` seconds, each made by next_request()."""
    return asyncio.run(_run(base, next_request, rate, duration))
