"""API of printouts (filled in by its feature)."""

from ninja import Router

router = Router(tags=["printouts"])
