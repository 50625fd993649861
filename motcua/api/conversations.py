"""API of conversations (filled in by its feature)."""

from ninja import Router

router = Router(tags=["conversations"])
