"""No code outside Dossier.apply() (workflow.py) writes a dossier's state: a scan of the code.

The bulk data generator (bench/generate.py) is the one named exception.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ALLOWED = {ROOT / "motcua/dossiers/workflow.py"}
STATE_FIELDS = r"(state|status|due_at|clock_starts_at|received_at|finished_at|code)"
WRITES = [
    re.compile(rf"\bdossier\w*\.{STATE_FIELDS}\s*=[^=]"),
    re.compile(rf"Dossier\.objects\b.*\.update\([^)]*\b{STATE_FIELDS}\s*="),
]


def test_only_apply_writes_a_dossiers_state():
    offenders = []
    for path in (ROOT / "motcua").rglob("*.py"):
        if path in ALLOWED or "tests" in path.parts or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(p.search(line) for p in WRITES):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
