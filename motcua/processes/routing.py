"""Which step of an internal process comes next, and which routing rule fits a dossier: pure,
no database imports.

Rules, one sentence each:
- Routing rules are tried in order and the first that fits chooses the team, as
  démarches-simplifiées routes a dossier to the first instructor group whose rule fits
  (anchors.md §1); when none fits, the step's own team does the step.
- A rule's value may list several codes or answers separated by commas; it fits when the
  dossier's value is one of them, compared without case or surrounding spaces.
- An answer rule reads the form answer under its key (a dotted key reads inside a group); a
  list answer fits when one of its items fits.
- The dossier's handling steps tell how far it went: the step opened at receipt is the
  process's first step when that one is the counter's; each forward moves one step on and each
  return to an earlier step moves one step back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SECTOR, COMMUNE, ANSWER = "sector", "commune", "answer"
RETURNED = "returned"  # dossiers.choices.StepResult: a step closed by a return to an earlier one


@dataclass(frozen=True)
class DossierFacts:
    """What routing rules look at in a dossier."""

    sector_code: str = ""
    commune_code: str = ""
    answers: Mapping[str, Any] = field(default_factory=dict)


def _norm(value: object) -> str:
    return str(value).strip().casefold()


def _accepted(value: str) -> set[str]:
    return {_norm(v) for v in value.split(",") if v.strip()}


def answer_at(answers: Mapping[str, Any], key: str) -> Any:
    """The answer under `key`; "a.b" reads b inside the group a; None when absent."""
    found: Any = answers
    for part in key.strip().split("."):
        if not isinstance(found, Mapping) or part not in found:
            return None
        found = found[part]
    return found


def fits(condition: str, value: str, facts: DossierFacts, answer_key: str = "") -> bool:
    """Whether a rule with this condition and value fits the dossier."""
    accepted = _accepted(value)
    if condition == SECTOR:
        return _norm(facts.sector_code) in accepted
    if condition == COMMUNE:
        return bool(facts.commune_code) and _norm(facts.commune_code) in accepted
    if condition == ANSWER:
        answer = answer_at(facts.answers, answer_key)
        items = answer if isinstance(answer, list | tuple) else [answer]
        return any(item is not None and _norm(item) in accepted for item in items)
    raise ValueError(f"unknown routing condition {condition!r}")


def current_index(handling_results: Sequence[str], starts_at_counter: bool) -> int:
    """The index, among the process's sequential steps, of the step the dossier is at.

    `handling_results` are the results of the dossier's handling steps in order ("" for the
    open one). -1 means that no step of the process is done yet.
    """
    if not handling_results:
        return -1
    first = 0 if starts_at_counter else -1
    index = first
    for previous in handling_results[:-1]:
        index = max(index - 1, first) if previous == RETURNED else index + 1
    return index
