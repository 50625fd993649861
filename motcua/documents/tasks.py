"""Background tasks of the documents app, run by the worker (`manage.py run_worker`)."""

from __future__ import annotations

from django_tasks import task

from .digitization import read_stored_text


@task()
def read_text(file_id: str) -> str:
    """Read one stored file's text, making a scan a searchable PDF (ADR 0016)."""
    return read_stored_text(file_id)
