"""API of submissions (filled in by its feature)."""

from ninja import Router

router = Router(tags=["submissions"])
