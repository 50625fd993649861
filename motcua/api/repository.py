"""API of repository (filled in by its feature)."""

from ninja import Router

router = Router(tags=["repository"])
