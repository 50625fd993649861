"""No operation of /api/v1 answers 5xx, whatever it is sent (security review §1.2, D7).

Schemathesis generates valid and invalid requests for every operation of the OpenAPI document
and sends them as three callers: anonymous, citizen_an and officer_binh, both with a write
token. citizen_an's dossier in officer_binh's agency and her draft give the path parameters
real objects to reach.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import ApiToken, User
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMITTEE
from motcua.submissions.models import Draft

from .fuzzing import Run

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(binh_dossier: Dossier, an_draft: Draft) -> dict[str, dict[str, str]]:
    """Path parameters that name existing objects, by path prefix."""
    return {
        "/api/v1/dossiers/{ref}": {"ref": binh_dossier.reference, "number": "01"},
        "/api/v1/lookup/{ref}": {"ref": binh_dossier.reference},
        "/api/v1/drafts/{draft_id}": {"draft_id": str(an_draft.pk)},
        "/api/v1/agencies/{code}": {"code": COMMITTEE},
        "/api/v1/procedures/{code}": {"code": "1.004222"},
        "/api/v1/units/provinces/{code}": {"code": "19"},
    }


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("caller", ["anonymous", "citizen_an", "officer_binh"])
def test_d7_no_operation_answers_a_server_error(
    caller: str, known: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    headers: dict[str, str] = {}
    if caller != "anonymous":
        user: User = request.getfixturevalue(caller)
        token, secret = ApiToken.issue(user, "schemathesis", scope="write")
        headers["Authorization"] = f"Bearer {secret}"
        # A refused token would turn the run into a second anonymous one.
        assert Client().get("/api/v1/me", headers=headers).status_code == 200
        # The token in use may be revoked by the fuzzer: each request is rolled back.
        known = {**known, "/api/v1/me/tokens/{prefix}": {"prefix": token.prefix}}
    run = Run(caller, headers, known)

    run.over_the_whole_api()

    if run.unfuzzable:
        pytest.fail(f"no request could be generated for {run.unfuzzable}", pytrace=False)
    if run.errors:
        pytest.fail(
            "\n".join([f"{len(run.errors)} server errors:", *map(str, run.errors)]), pytrace=False
        )
