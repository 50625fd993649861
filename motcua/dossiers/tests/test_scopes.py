"""visible_to(): who sees which dossier (architecture.md, "Scopes")."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from motcua.accounts.choices import Role
from motcua.accounts.models import Membership, User
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import ACT

from .factories import COMMITTEE, OTHER, agency, at, walk_in

pytestmark = pytest.mark.usefixtures("demo_catalog")


@pytest.fixture
def dossier(counter_cuong, citizen_an):
    return walk_in(counter_cuong, citizen_an)


def visible(user) -> set[str]:
    return set(Dossier.objects.visible_to(user).values_list("reference", flat=True))


def test_the_applicant_sees_their_dossier_and_another_citizen_does_not(dossier, citizen_an):
    other = User.objects.create_user(phone="0912999999", full_name="Người khác", password="x")
    assert visible(citizen_an) == {dossier.reference}
    assert visible(other) == set()
    assert visible(AnonymousUser()) == set()


def test_officers_of_the_receiving_unit_and_competent_agency_see_it(
    dossier, counter_cuong, officer_binh, leader_dung
):
    assert dossier.reference in visible(counter_cuong)
    assert dossier.reference in visible(officer_binh)
    assert dossier.reference in visible(leader_dung)


def test_officer_chi_of_another_agency_does_not_see_it(dossier, officer_chi):
    assert visible(officer_chi) == set()


def test_a_consulted_agency_sees_it_from_its_step(
    dossier, counter_cuong, officer_binh, officer_chi
):
    dossier.apply(
        "forward", by=counter_cuong, at=at("2026-03-02 10:00"), agency_id=agency(COMMITTEE).pk
    )
    dossier.apply(
        "consult",
        by=officer_binh,
        at=at("2026-03-02 11:00"),
        agency_id=agency(OTHER).pk,
        due_at=at("2026-03-05 17:00"),
    )
    assert visible(officer_chi) == {dossier.reference}


def test_read_only_scopes_see_but_never_act(dossier, officer_chi):
    Membership.objects.create(
        user=officer_chi, agency=agency("000.00.00.H19"), role=Role.PROVINCE_LEADERSHIP
    )
    assert dossier.reference in visible(officer_chi)
    assert not Dossier.objects.visible_to(officer_chi, ACT).exists()


def test_a_commune_leader_reads_the_dossiers_of_the_commune(citizen_an, counter_cuong, officer_chi):
    commune = agency(OTHER).units_served.get()
    dossier = walk_in(counter_cuong, citizen_an)
    Dossier.objects.filter(pk=dossier.pk).update(applicant_commune=commune)
    Membership.objects.create(user=officer_chi, agency=agency(OTHER), role=Role.COMMUNE_LEADER)
    assert visible(officer_chi) == {dossier.reference}
