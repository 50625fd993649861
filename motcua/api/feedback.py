"""API of feedback (filled in by its feature)."""

from ninja import Router

router = Router(tags=["feedback"])
