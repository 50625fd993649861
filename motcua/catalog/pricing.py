"""Adapters between stored fee rules and the pure arithmetic of `catalog.fees`."""

from __future__ import annotations

from typing import Any

from .fees import FeeLine, FeeResult, Tier, compute_fees
from .models import FeeRule, ProcedureVersion


def fee_line(rule: FeeRule) -> FeeLine:
    """Return the pure FeeLine of one stored rule."""
    tiers: list[dict[str, Any]] = rule.tiers or []
    return FeeLine(
        name=rule.name,
        kind=rule.kind,
        basis=rule.basis,
        channel=rule.channel,
        amount=rule.amount,
        tiers=tuple(Tier(from_page=int(t["from_page"]), amount=int(t["amount"])) for t in tiers),
        cap_per_copy=rule.cap_per_copy,
        confirmed=rule.confirmed,
        case=rule.case,
        description=rule.description,
    )


def fee_lines(version: ProcedureVersion) -> list[FeeLine]:
    """Return the version's fee lines in their listed order."""
    return [fee_line(rule) for rule in version.fees.order_by("position", "id")]


def fee_cases(version: ProcedureVersion) -> list[str]:
    """Return the cases the version's fees distinguish, the ordinary case ("") first."""
    cases = {rule.case for rule in version.fees.all()} | {""}
    return sorted(cases, key=lambda case: (case != "", case))


def version_fees(version: ProcedureVersion, channel: str, **kwargs: Any) -> FeeResult:
    """Return the fees due for `version` through `channel`; see `fees.compute_fees`."""
    return compute_fees(fee_lines(version), channel, **kwargs)
