"""The full register for a module of tests, loaded once and rolled back afterwards.

Loading all 14,000 units takes about a second, too slow for every test and too much to leave
behind for other apps' tests. A module fixture loads it inside a transaction that stays open
while the module runs (each test's own transaction nests inside it as a savepoint, as in
Django's TestCase.setUpTestData) and is rolled back at the end.

    @pytest.fixture(scope="module")
    def register(
        django_db_setup: None, django_db_blocker: DjangoDbBlocker
    ) -> Iterator[LoadReport]:
        with register_loaded(django_db_blocker) as report:
            yield report
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from pytest_django import DjangoDbBlocker

from motcua.units.loading import LoadReport, load_units


@contextmanager
def register_loaded(django_db_blocker: DjangoDbBlocker) -> Iterator[LoadReport]:
    """Yield the report of loading the shipped register; undo the load on exit."""
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            report = load_units()
        except BaseException:
            outer.__exit__(None, None, None)
            raise
    try:
        yield report
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
