"""Schemathesis over every operation of /api/v1, in-process, in the test's database.

The schema comes from the running app (the same document as docs/openapi.json), requests go
straight to Django's WSGI application, and the only verdict is schemathesis' own
`not_a_server_error`: bad input must get a 4xx, never a 5xx (security review §1.2, D7).

Each request runs inside a savepoint that is rolled back after it, so every request meets the
same data and none can lock the fuzzer out: the review's first pass revoked its own token
through DELETE /me/tokens/{prefix} and spent the rest of its run on 401s. Here that operation
is fuzzed too, with the very token in use, and the token is back for the next request.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from django.core.signals import got_request_exception, request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err

SCHEMA_URL = "/api/v1/openapi.json"
# Requests per operation and caller, valid and invalid ones mixed: 80 operations × 3 callers
# × 8 take about a minute on a 2-core machine.
MAX_EXAMPLES = 8
SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,  # the first request of an operation warms caches and is slow
    phases=[Phase.explicit, Phase.generate],  # no shrinking: nothing is raised inside
    database=None,  # no .hypothesis/ folder in the tree
    derandomize=True,  # CI gets the same requests on every run
    suppress_health_check=list(HealthCheck),
)


@dataclass
class ServerError:
    caller: str
    operation: str
    url: str
    status: int
    cause: str

    def __str__(self) -> str:
        return f"{self.caller}: {self.operation} {self.url} → {self.status} ({self.cause})"


@dataclass
class Tally:
    """What all fuzzing runs of this pytest session did, for the summary line."""

    ran: bool = False
    operations: set[str] = field(default_factory=set)
    requests: int = 0
    errors: list[ServerError] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"schemathesis: {len(self.operations)} operations, {self.requests} requests, "
            f"{len(self.errors)} server errors"
        )


TALLY = Tally()


@dataclass
class Run:
    """One caller's pass over every operation."""

    caller: str
    headers: dict[str, str]
    # Real values for path parameters, by path prefix: half of the requests of an operation
    # reach an existing object (citizen_an's dossier, her draft) instead of a random id's 404.
    known: Mapping[str, Mapping[str, str]]
    operations: set[str] = field(default_factory=set)
    requests: int = 0
    unfuzzable: list[str] = field(default_factory=list)
    errors: list[ServerError] = field(default_factory=list)
    _causes: list[str] = field(default_factory=list)

    def over_the_whole_api(self) -> None:
        with _one_connection_for_all_requests():
            schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, get_wsgi_application())
            got_request_exception.connect(self._remember_cause)
            try:
                for result in schema.get_all_operations():
                    if isinstance(result, Err):
                        raise result.err()  # the app's own document does not parse
                    operation = result.ok()
                    self._fuzz(operation)
                    self._multipart_without_boundary(operation)
                    if operation.label not in self.operations:
                        self.unfuzzable.append(operation.label)
            finally:
                got_request_exception.disconnect(self._remember_cause)
        TALLY.ran = True
        TALLY.operations |= self.operations
        TALLY.requests += self.requests
        TALLY.errors += self.errors

    def _fuzz(self, operation: Any) -> None:
        # One strategy for both modes: an operation with nothing to make invalid (a bare
        # string in its path) has no negative cases, and Hypothesis would spend seconds on
        # proving that before giving up.
        strategy = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )
        known = self._known_for(operation.path)

        @SETTINGS
        @given(data=st.data())
        def requests(data: st.DataObject) -> None:
            case = data.draw(strategy)
            if known:
                reach_known: bool = data.draw(st.booleans())
                if reach_known:
                    case.path_parameters = {**(case.path_parameters or {}), **known}
            self._send(case)

        requests()

    def _multipart_without_boundary(self, operation: Any) -> None:
        """`Content-Type: multipart/form-data` with no boundary, to every operation that takes
        multipart: generated bodies always carry a boundary, and this one request found 5
        endpoints answering 500 in the review (D7, cause 2)."""
        if not any(body.media_type == "multipart/form-data" for body in operation.body):
            return
        names = _path_names(operation.path)
        path_parameters = {name: "1" for name in names} | self._known_for(operation.path)
        case = operation.Case(
            path_parameters=path_parameters, body=b"x", media_type="multipart/form-data"
        )
        self._send(case, {"Content-Type": "multipart/form-data"})

    def _known_for(self, path: str) -> dict[str, str]:
        names = _path_names(path)
        found: dict[str, str] = {}
        for prefix, values in self.known.items():
            if path.startswith(prefix):
                found |= {k: v for k, v in values.items() if k in names}
        return found

    def _send(self, case: Case, headers: Mapping[str, str] | None = None) -> None:
        self._causes.clear()
        with transaction.atomic():
            try:
                response = case.call(headers={**self.headers, **(headers or {})})
            finally:
                transaction.set_rollback(True)
        self.requests += 1
        self.operations.add(case.operation.label)
        try:
            case.validate_response(response, checks=[not_a_server_error])
        except FailureGroup:
            cause = self._causes[0] if self._causes else "no exception logged"
            url = response.request.url or case.formatted_path
            self.errors.append(
                ServerError(self.caller, case.operation.label, url, response.status_code, cause)
            )

    def _remember_cause(self, sender: Any, request: Any = None, **kwargs: Any) -> None:
        """Django's got_request_exception, while the exception is being handled."""
        exc = sys.exc_info()[1]
        self._causes.append(f"{type(exc).__name__}: {exc}"[:200] if exc else "unknown")


def _path_names(path: str) -> set[str]:
    """The parameters of a path template: {"ref", "event"} for /dossiers/{ref}/actions/{event}."""
    return set(path.replace("}", "{").split("{")[1::2])


@contextmanager
def _one_connection_for_all_requests() -> Iterator[None]:
    """Keep Django from closing the database connection at the start and end of each request,
    as its own test client does: the connection holds the test's transaction (on PostgreSQL,
    closing it in a transaction loses the test data; SQLite's in-memory one is never closed)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
