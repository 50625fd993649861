"""Dossiers and petitions for the feedback specs, made the way the system makes them."""

from __future__ import annotations

import pytest

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMITTEE, agency, at, walk_in
from motcua.feedback import workflow
from motcua.feedback.models import Petition


def decided_dossier(counter: User, applicant: User, leader: User) -> Dossier:
    """A walk-in dossier of officer_binh's agency, walked through apply() to its result (9)."""
    dossier = walk_in(counter, applicant, when="2026-03-02 09:00")
    dossier.apply("forward", by=counter, at=at("2026-03-02 10:00"), agency_id=agency(COMMITTEE).pk)
    dossier.apply("approve", by=leader, at=at("2026-03-05 09:00"))
    dossier.apply("decide", by=leader, at=at("2026-03-05 10:00"))
    return dossier


@pytest.fixture
def decided(demo_catalog, counter_cuong, citizen_an, leader_dung) -> Dossier:
    return decided_dossier(counter_cuong, citizen_an, leader_dung)


@pytest.fixture
def citizen_binh_b(db) -> User:
    """Another citizen: must get 404 on citizen_an's petitions and dossiers."""
    return User.objects.create_user(
        phone="0912999999", full_name="Trần Văn Bê", password="x", email="be@example.vn"
    )


def send_petition(
    citizen: User, dossier: Dossier | None = None, when: str = "2026-03-09 09:00", **fields: object
) -> Petition:
    values: dict = {
        "subject": "Chậm trả kết quả",
        "content": "Hồ sơ của tôi trả chậm 3 ngày.",
        **fields,
    }
    return workflow.submit(by=citizen, dossier=dossier, at=at(when), **values)
