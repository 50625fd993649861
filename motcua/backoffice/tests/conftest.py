"""Dossiers the back-office tests share (the actions' tests have their own)."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMITTEE, agency, at, walk_in


def forwarded_to_binh(
    counter: User, binh: User, applicant: User, when: str = "2026-03-02 09:00"
) -> Dossier:
    """A walk-in dossier received by the centre and forwarded to officer_binh's committee,
    assigned to her."""
    dossier = walk_in(counter, applicant, when=when)
    return dossier.apply(
        "forward",
        by=counter,
        at=at(when.replace("09:00", "10:00")),
        agency_id=agency(COMMITTEE).pk,
        assignee_id=binh.pk,
    )


@pytest.fixture
def binh_dossier(
    demo_catalog: None, counter_cuong: User, officer_binh: User, citizen_an: User
) -> Dossier:
    """A dossier of officer_binh's agency, assigned to her, in Nguyễn Văn An's name."""
    with time_machine.travel(at("2026-03-02 08:00"), tick=False):
        return forwarded_to_binh(counter_cuong, officer_binh, citizen_an)


@pytest.fixture
def everyone(
    citizen_an: User,
    volunteer_bao: User,
    counter_cuong: User,
    officer_binh: User,
    officer_chi: User,
    leader_dung: User,
    admin_em: User,
) -> dict[str, Any]:
    return {
        "citizen_an": citizen_an,
        "volunteer_bao": volunteer_bao,
        "counter_cuong": counter_cuong,
        "officer_binh": officer_binh,
        "officer_chi": officer_chi,
        "leader_dung": leader_dung,
        "admin_em": admin_em,
    }
