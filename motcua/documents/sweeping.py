"""Delete the files a killed process left behind (security review D13).

StoredFile.store() writes the bytes, then the row, and deletes the file if the row fails; a
process killed between the two (kill -9, a power cut) leaves a file under papers/ that nothing
points to. So does a searchable PDF or a ".part" photo of the text reading (digitization.py)
whose task died. The worker sweeps them daily (DocumentsConfig.ready) and so does the command
`sweep_orphan_files`.

A file is an orphan when no StoredFile (name or scan_name) and no dossier Paper names it, and
it is older than ORPHAN_AGE: a younger one may belong to a request or task still running,
whose row is not committed yet.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import islice

from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.utils import timezone

from .models import StoredFile

logger = logging.getLogger(__name__)

FOLDER = "papers"
ORPHAN_AGE = timedelta(days=1)
BATCH = 500


def files_under(folder: str, storage: Storage) -> Iterator[str]:
    """Every file's storage name under `folder`, at any depth."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from files_under(f"{folder}/{sub}", storage)


def _referenced(names: list[str]) -> set[str]:
    paper = apps.get_model("dossiers", "Paper")
    found = set(StoredFile.objects.filter(name__in=names).values_list("name", flat=True))
    found |= set(StoredFile.objects.filter(scan_name__in=names).values_list("scan_name", flat=True))
    found |= set(paper.objects.filter(file__in=names).values_list("file", flat=True))
    return found


def sweep_orphans(
    now: datetime | None = None, older_than: timedelta = ORPHAN_AGE, storage: Storage | None = None
) -> list[str]:
    """Delete the orphan files under papers/ last changed before `now - older_than`; return
    their names."""
    storage = storage or default_storage
    cutoff = (now or timezone.now()) - older_than
    deleted: list[str] = []
    names = files_under(FOLDER, storage)
    while batch := list(islice(names, BATCH)):
        old = [n for n in batch if storage.get_modified_time(n) < cutoff]
        for name in sorted(set(old) - _referenced(old)) if old else []:
            storage.delete(name)
            deleted.append(name)
    if deleted:
        logger.warning(
            "Deleted %d orphan file(s) under %s/: %s", len(deleted), FOLDER, ", ".join(deleted[:20])
        )
    return deleted
