"""Running a coroutine from synchronous code (pyHanko's signing and validation are async)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_sync(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run the coroutine `make()` to completion and return its result.

    Where this thread already runs an event loop (an ASGI server, or a test driving a browser
    through Playwright), asyncio.run() refuses to start another, so the coroutine runs in a
    thread of its own; `make` creates it there, in that thread's loop.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(lambda: asyncio.run(make())).result()
