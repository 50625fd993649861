"""API of backoffice (filled in by its feature)."""

from ninja import Router

router = Router(tags=["backoffice"])
