"""The officers' action forms: each event through its page, by the persona the law gives it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMITTEE, OTHER, agency, online, walk_in

pytestmark = pytest.mark.usefixtures("demo_catalog")


@pytest.fixture(autouse=True)
def _no_second_factor(settings: Any) -> None:
    """The second factor is the log-in's business (tested there), not the actions'."""
    settings.STAFF_OTP_REQUIRED = False


def act(client, user, dossier, event, **data):
    client.force_login(user)
    return client.post(f"/mot-cua/ho-so/{dossier.code or dossier.reference}/xu-ly/{event}/", data)


def reload(dossier: Dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)


@time_machine.travel("2026-03-02 08:00 +0700", tick=False)
def test_the_counter_receives_an_online_dossier_from_its_page(client, counter_cuong, citizen_an):
    dossier = online(citizen_an, when="2026-03-01 20:00")
    client.force_login(counter_cuong)

    panel = client.get(f"/mot-cua/ho-so/{dossier.reference}/xu-ly/")
    assert panel.status_code == 200
    for event in ("receive", "request_intake_supplement", "refuse_at_intake"):
        assert f"/xu-ly/{event}/" in panel.content.decode()
    assert "/xu-ly/approve/" not in panel.content.decode()

    assert client.get(f"/mot-cua/ho-so/{dossier.reference}/xu-ly/receive/").status_code == 200
    response = act(client, counter_cuong, dossier, "receive")

    assert response.status_code == 302
    dossier = reload(dossier)
    assert (dossier.status, dossier.code) == (2, "000.01.31.H19-260302-0001")


@time_machine.travel("2026-03-02 08:00 +0700", tick=False)
def test_an_intake_supplement_lists_the_papers_and_is_asked_only_once(
    client, counter_cuong, citizen_an
):
    dossier = online(citizen_an, when="2026-03-01 20:00")
    paper = dossier.procedure_version.documents.order_by("position")[0]

    response = act(
        client,
        counter_cuong,
        dossier,
        "request_intake_supplement",
        documents=[paper.pk],
        note="Bản chụp rõ nét hơn",
    )

    assert response.status_code == 302
    dossier = reload(dossier)
    assert dossier.status == 5
    row = dossier.transitions.latest("id")
    assert paper.name in row.note
    assert "Bản chụp rõ nét hơn" in row.note
    assert row.data == {"documents": [paper.pk]}

    dossier.apply("provide_supplement", by=citizen_an)
    again = act(
        client, counter_cuong, dossier, "request_intake_supplement", note="Thêm giấy tờ khác"
    )

    assert again.status_code == 200
    assert "error-summary" in again.content.decode()
    assert "Thêm giấy tờ khác" in again.content.decode()  # what was typed is kept
    assert reload(dossier).status == 1


@time_machine.travel("2026-03-02 08:00 +0700", tick=False)
def test_a_refusal_at_intake_needs_reasons(client, counter_cuong, citizen_an):
    dossier = online(citizen_an, when="2026-03-01 20:00")

    empty = act(client, counter_cuong, dossier, "refuse_at_intake", note="  ")
    assert "Phải nêu lý do từ chối tiếp nhận" in empty.content.decode()
    assert reload(dossier).status == 1

    act(
        client,
        counter_cuong,
        dossier,
        "refuse_at_intake",
        note="Thủ tục không thuộc thẩm quyền của Ủy ban nhân dân phường",
    )
    assert reload(dossier).status == 3


def test_a_dossier_walks_through_every_officer_action(
    client, counter_cuong, officer_binh, leader_dung, citizen_an
):
    with time_machine.travel("2026-03-02 09:00 +0700", tick=False):
        dossier = walk_in(counter_cuong, citizen_an)
        act(
            client,
            counter_cuong,
            dossier,
            "forward",
            agency=agency(COMMITTEE).pk,
            assignee=officer_binh.pk,
        )
        step = reload(dossier).steps.get(ended_at__isnull=True)
        assert (reload(dossier).status, step.assignee) == (4, officer_binh)

        act(
            client,
            officer_binh,
            dossier,
            "consult",
            agency=agency(OTHER).pk,
            due_date="2026-03-05",
            note="Xin ý kiến về nơi cư trú",
        )
        consultation = reload(dossier).steps.get(kind="consultation")
        assert consultation.due_at == dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC)  # 17:00

    with time_machine.travel("2026-03-03 09:00 +0700", tick=False):
        act(
            client,
            officer_binh,
            dossier,
            "answer_consultation",
            agency=agency(OTHER).pk,
            note="Đồng ý",
        )
        assert reload(dossier).steps.get(kind="consultation").result == "answered"
        act(
            client, officer_binh, dossier, "request_supplement", note="Giấy xác nhận chỗ ở hợp pháp"
        )
        assert reload(dossier).status == 5

    with time_machine.travel("2026-03-04 09:00 +0700", tick=False):
        reload(dossier).apply("provide_supplement", by=citizen_an)
        act(client, leader_dung, dossier, "approve")
        assert reload(dossier).state == "approved"
        act(client, leader_dung, dossier, "decide")
        assert (reload(dossier).status, reload(dossier).outcome) == (9, "granted")

    with time_machine.travel("2026-03-05 09:00 +0700", tick=False):
        response = act(client, counter_cuong, dossier, "return_result", via="counter")
        assert response.status_code == 302
        dossier = reload(dossier)
        assert dossier.status == 10
        assert dossier.transitions.latest("id").data == {"via": "counter"}


def test_an_extension_the_day_it_is_due_is_refused_on_the_form(
    client, counter_cuong, leader_dung, citizen_an
):
    with time_machine.travel("2026-03-02 09:00 +0700", tick=False):
        dossier = walk_in(counter_cuong, citizen_an)  # due Wed 11/3 17:00
        dossier.apply("forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk)

    with time_machine.travel("2026-03-11 09:00 +0700", tick=False):
        response = act(
            client,
            leader_dung,
            dossier,
            "extend",
            new_due_date="2026-03-16",
            note="Xin lỗi ông vì cần xác minh thêm",
        )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Đã quá muộn để gia hạn" in page
    assert "Xin lỗi ông vì cần xác minh thêm" in page
    assert reload(dossier).extension_count == 0


def test_an_extension_in_time_moves_the_due_date(client, counter_cuong, leader_dung, citizen_an):
    with time_machine.travel("2026-03-02 09:00 +0700", tick=False):
        dossier = walk_in(counter_cuong, citizen_an)
        dossier.apply("forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk)
    with time_machine.travel("2026-03-09 09:00 +0700", tick=False):
        act(
            client,
            leader_dung,
            dossier,
            "extend",
            new_due_date="2026-03-16",
            note="Xin lỗi ông vì cần xác minh thêm",
        )
    assert reload(dossier).due_at == dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC)


@time_machine.travel("2026-03-02 09:00 +0700", tick=False)
def test_a_specialist_cannot_approve_and_is_told_so(
    client, counter_cuong, officer_binh, citizen_an
):
    dossier = walk_in(counter_cuong, citizen_an)
    dossier.apply("forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk)

    response = act(client, officer_binh, dossier, "approve")

    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert reload(dossier).status == 4


@time_machine.travel("2026-03-02 09:00 +0700", tick=False)
def test_an_officer_of_another_agency_gets_404_on_every_action(
    client, counter_cuong, officer_chi, citizen_an
):
    from motcua.backoffice.action_forms import FORMS

    dossier = walk_in(counter_cuong, citizen_an)
    client.force_login(officer_chi)
    base = f"/mot-cua/ho-so/{dossier.code}/xu-ly/"
    assert client.get(base).status_code == 404
    for event in FORMS:
        assert client.get(f"{base}{event}/").status_code == 404
        assert client.post(f"{base}{event}/", {"note": "x"}).status_code == 404
    assert reload(dossier).transitions.count() == 1


@time_machine.travel("2026-03-02 09:00 +0700", tick=False)
def test_a_citizen_gets_403(client, counter_cuong, citizen_an):
    dossier = walk_in(counter_cuong, citizen_an)
    client.force_login(citizen_an)
    assert client.get(f"/mot-cua/ho-so/{dossier.code}/xu-ly/receive/").status_code == 403
    assert client.post(f"/mot-cua/ho-so/{dossier.code}/xu-ly/forward/").status_code == 403
    assert client.post("/mot-cua/hang-loat/", {"event": "approve"}).status_code == 403


@time_machine.travel("2026-03-02 08:00 +0700", tick=False)
def test_the_receive_form_shows_that_the_procedure_changed_since_the_draft(
    client, counter_cuong, citizen_an
):
    dossier = online(citizen_an, when="2026-02-27 20:00")
    old = dossier.procedure_version
    ProcedureVersion.objects.create(
        procedure=old.procedure,
        number=2,
        valid_from=dt.date(2026, 3, 1),
        name=old.name,
        sector=old.sector,
        level=old.level,
        competent_authority=old.competent_authority,
    )
    client.force_login(counter_cuong)

    page = client.get(f"/mot-cua/ho-so/{dossier.reference}/xu-ly/receive/").content.decode()

    assert "notice-warning" in page
    assert f"/mot-cua/ho-so/{dossier.reference}/xu-ly/request_intake_supplement/" in page


@time_machine.travel("2026-03-02 08:00 +0700", tick=False)
def test_no_notice_when_the_version_is_still_in_force(client, counter_cuong, citizen_an):
    dossier = online(citizen_an, when="2026-02-27 20:00")
    client.force_login(counter_cuong)
    page = client.get(f"/mot-cua/ho-so/{dossier.reference}/xu-ly/receive/").content.decode()
    assert "notice-warning" not in page
