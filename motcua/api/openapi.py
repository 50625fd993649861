"""The committed OpenAPI document (docs/openapi.json) and how it is produced."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def render_openapi() -> str:
    """Return the API's OpenAPI document as stable, pretty JSON text."""
    from .urls import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
