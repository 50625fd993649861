from motcua.api.openapi import COMMITTED, render_openapi


def test_the_committed_openapi_document_matches_the_code():
    assert COMMITTED.read_text(encoding="utf-8") == render_openapi(), (
        "docs/openapi.json is stale: run `uv run python manage.py export_openapi` and commit it"
    )
