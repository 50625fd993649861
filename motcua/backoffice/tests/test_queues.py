"""The queues: my work, the team inbox, due soon, overdue, intake; each inside visible_to()."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.backoffice import queues
from motcua.backoffice.queues import Filters
from motcua.backoffice.search import name_pattern
from motcua.dossiers.tests.factories import at, online, walk_in

from .conftest import forwarded_to_binh

pytestmark = pytest.mark.django_db


def refs(user, name, **filters):
    return {d.reference for d in queues.queue(user, name, Filters(**filters))}


@time_machine.travel(at("2026-03-03 09:00"), tick=False)
def test_my_work_holds_the_dossiers_assigned_to_me(binh_dossier, officer_binh, officer_chi):
    assert refs(officer_binh, "mine") == {binh_dossier.reference}
    assert refs(officer_chi, "mine") == set()
    assert refs(officer_chi, "team") == set()


@time_machine.travel(at("2026-03-03 09:00"), tick=False)
def test_the_team_inbox_holds_open_steps_nobody_took(
    demo_catalog, counter_cuong, citizen_an, officer_binh
):
    received = walk_in(counter_cuong, citizen_an)  # its open step is the centre's, unassigned
    assert received.reference in refs(counter_cuong, "team")
    assert received.reference not in refs(officer_binh, "team")


@time_machine.travel(at("2026-03-03 09:00"), tick=False)
def test_counter_officers_find_online_dossiers_waiting_for_intake(
    demo_catalog, counter_cuong, citizen_an, officer_binh
):
    submitted = online(citizen_an)
    assert submitted.reference in refs(counter_cuong, "intake")
    assert submitted.reference in refs(counter_cuong, "mine")
    assert refs(officer_binh, "intake") == set()


def test_due_soon_and_overdue_follow_the_due_date(
    binh_dossier, officer_binh, officer_chi, leader_dung
):
    due = binh_dossier.due_at
    assert due is not None
    with time_machine.travel(due.replace(hour=8), tick=False):
        assert refs(officer_binh, "due-soon") == {binh_dossier.reference}
        assert refs(officer_binh, "overdue") == set()
    with time_machine.travel(due + dt.timedelta(hours=1), tick=False):
        assert refs(officer_binh, "overdue") == {binh_dossier.reference}
        assert refs(leader_dung, "overdue") == {binh_dossier.reference}
        assert refs(officer_chi, "overdue") == set()


@time_machine.travel(at("2026-03-03 09:00"), tick=False)
def test_search_by_name_without_diacritics_by_code_and_by_cccd(binh_dossier, officer_binh):
    ref = binh_dossier.reference
    assert refs(officer_binh, "mine", q="nguyen van an") == {ref}
    assert refs(officer_binh, "mine", q="NGUYỄN văn") == {ref}
    assert refs(officer_binh, "mine", q="tran thi") == set()
    assert refs(officer_binh, "mine", q=binh_dossier.code.lower()) == {ref}
    assert refs(officer_binh, "mine", q=ref) == {ref}


@time_machine.travel(at("2026-03-03 09:00"), tick=False)
def test_filters_by_status_and_procedure(binh_dossier, officer_binh):
    assert refs(officer_binh, "mine", status=4) == {binh_dossier.reference}
    assert refs(officer_binh, "mine", status=2) == set()
    assert refs(officer_binh, "mine", procedure="1.004222") == {binh_dossier.reference}
    assert refs(officer_binh, "mine", procedure="1.001193") == set()


def test_a_name_pattern_accepts_every_diacritic():
    assert name_pattern("dung").startswith("[dđDĐ]")


@time_machine.travel(at("2026-03-03 09:00"), tick=False)
def test_the_queue_page_lists_and_paginates(
    client, demo_catalog, counter_cuong, officer_binh, citizen_an
):
    for _ in range(21):
        forwarded_to_binh(counter_cuong, officer_binh, citizen_an, when="2026-03-02 09:00")
    client.force_login(officer_binh)
    first = client.get("/mot-cua/")
    assert first.status_code == 200
    assert first.content.count(b'<li class="bo-item') == 20
    second = client.get("/mot-cua/?page=2")
    assert second.content.count(b'<li class="bo-item') == 1
    assert client.get("/mot-cua/hang-doi/khong-co/").status_code == 404


@time_machine.travel(at("2026-03-03 09:00"), tick=False)
def test_a_long_queue_is_counted_only_up_to_the_cap(
    client, demo_catalog, counter_cuong, officer_binh, citizen_an, monkeypatch
):
    monkeypatch.setattr(queues, "COUNT_CAP", 2)
    for _ in range(3):
        forwarded_to_binh(counter_cuong, officer_binh, citizen_an, when="2026-03-02 09:00")
    client.force_login(officer_binh)
    page = client.get("/mot-cua/").content.decode()
    assert "Hơn 2 hồ sơ: hãy thu hẹp danh sách bằng bộ lọc" in page
    assert page.count('<li class="bo-item') == 3  # every row is still listed


@time_machine.travel(at("2026-03-03 09:00"), tick=False)
def test_the_page_search_finds_by_cccd(
    client, demo_catalog, counter_cuong, officer_binh, citizen_an
):
    from motcua.dossiers.models import Dossier

    dossier = forwarded_to_binh(counter_cuong, officer_binh, citizen_an)
    Dossier.objects.filter(pk=dossier.pk).update(applicant_id_number="019085001234")
    client.force_login(officer_binh)
    page = client.get("/mot-cua/", {"q": "019085001234"})
    assert str(dossier.code).encode() in page.content
