"""Petitions through their one write path: deadlines, the state machine, who may act."""

from __future__ import annotations

import pytest

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Fact
from motcua.dossiers.tests.factories import COMMITTEE, OTHER, agency, at
from motcua.feedback import workflow
from motcua.feedback.errors import Hidden, Invalid, Refused
from motcua.feedback.models import Petition
from motcua.notifications.models import Notification

from .conftest import send_petition

pytestmark = pytest.mark.usefixtures("demo_catalog")


def test_a_petition_about_a_dossier_goes_to_its_competent_agency_with_its_deadlines(
    decided, citizen_an
):
    petition = send_petition(citizen_an, decided, when="2026-03-09 09:00")

    assert petition.reference.startswith("PA-20260309-")
    assert (petition.state, petition.agency_id) == ("submitted", agency(COMMITTEE).pk)
    assert petition.procedure == Procedure.objects.get(code="1.004222")
    assert petition.refuse_due_at == at("2026-03-11 17:00")
    assert petition.more_info_due_at == at("2026-03-16 17:00")
    assert petition.answer_due_at == at("2026-03-30 17:00")
    assert list(petition.entries.values_list("event", "by__full_name")) == [
        ("submit", "Nguyễn Văn An")
    ]


def test_the_project_calendar_counts_tet_out(citizen_an):
    petition = send_petition(citizen_an, when="2026-02-13 10:00")  # Friday before Tết

    assert petition.refuse_due_at == at("2026-02-24 17:00")
    assert petition.answer_due_at == at("2026-03-13 17:00")


def test_a_petition_about_a_procedure_goes_to_its_first_implementing_agency(citizen_an):
    petition = send_petition(citizen_an, procedure=Procedure.objects.get(code="1.001193"))

    assert petition.agency == agency(COMMITTEE)


def test_a_general_petition_has_no_agency_the_provincial_office_handles_it(
    citizen_an, admin_em, officer_binh
):
    petition = send_petition(citizen_an)

    assert petition.agency is None
    assert not Petition.objects.handled_by(officer_binh).filter(pk=petition.pk).exists()
    assert Petition.objects.handled_by(admin_em).filter(pk=petition.pk).exists()


def test_a_petition_about_a_dossier_records_a_fact_for_decision_766(decided, citizen_an):
    petition = send_petition(citizen_an, decided)

    fact = Fact.objects.filter(dossier=decided).latest("id")
    assert (fact.event, fact.flags) == ("petition", {"petition": petition.reference})


def test_the_dossier_must_be_the_citizens_own(decided, citizen_binh_b):
    with pytest.raises(Hidden):
        send_petition(citizen_binh_b, decided)
    assert not Petition.objects.exists()


def test_a_subject_and_content_are_required(citizen_an):
    with pytest.raises(Invalid) as caught:
        send_petition(citizen_an, content="   ")
    assert caught.value.field == "content"


# --- the agency's steps ----------------------------------------------------------------------


def test_an_answer_in_time_then_published_in_time(decided, citizen_an, officer_binh):
    petition = send_petition(citizen_an, decided, when="2026-03-09 09:00")

    workflow.answer(petition, officer_binh, "Hồ sơ đã trả đúng hẹn.", at=at("2026-03-20 10:00"))
    assert (petition.state, petition.answered_on_time) == ("answered", True)
    assert petition.answered_by == officer_binh
    assert petition.publish_due_at == at("2026-03-24 17:00")

    workflow.publish(petition, officer_binh, at=at("2026-03-25 08:00"))
    assert (petition.state, petition.published_on_time) == ("published", False)
    assert list(petition.entries.values_list("event", "on_time")) == [
        ("submit", None),
        ("answer", True),
        ("publish", False),
    ]
    assert petition.report_window() == (at("2026-03-24 17:00"), at("2026-03-25 08:00"))


def test_a_late_refusal_is_recorded_as_late(decided, citizen_an, officer_binh):
    petition = send_petition(citizen_an, decided, when="2026-03-09 09:00")

    workflow.refuse(petition, officer_binh, "Không thuộc thẩm quyền.", at=at("2026-03-12 09:00"))

    assert (petition.state, petition.refused_on_time) == ("refused", False)
    assert petition.refused_by == officer_binh
    assert petition.report_window() == (at("2026-03-11 17:00"), at("2026-03-12 09:00"))


def test_added_information_restarts_the_clock(decided, citizen_an, officer_binh):
    petition = send_petition(citizen_an, decided, when="2026-03-09 09:00")
    workflow.request_more(
        petition, officer_binh, "Cho biết ngày hẹn trên phiếu.", at=at("2026-03-10 09:00")
    )
    assert (petition.state, petition.more_info_on_time) == ("more-info-requested", True)

    workflow.add_information(petition, citizen_an, "Ngày hẹn 10/3.", at=at("2026-03-16 09:00"))

    assert petition.state == "submitted"
    assert petition.information_at == at("2026-03-16 09:00")
    assert petition.answer_due_at == at("2026-04-06 17:00")  # 15 working days from Mon 16/3
    workflow.answer(petition, officer_binh, "Đã kiểm tra.", at=at("2026-04-03 09:00"))
    assert petition.answered_on_time is True


def test_steps_the_state_does_not_allow_are_refused(decided, citizen_an, officer_binh):
    petition = send_petition(citizen_an, decided)

    with pytest.raises(Refused):
        workflow.publish(petition, officer_binh)  # nothing answered yet
    with pytest.raises(Refused):
        workflow.add_information(petition, citizen_an, "Thêm")  # nothing asked
    workflow.refuse(petition, officer_binh, "Trùng lặp.")
    with pytest.raises(Refused):
        workflow.answer(petition, officer_binh, "Trả lời")


def test_each_step_needs_its_text(decided, citizen_an, officer_binh):
    petition = send_petition(citizen_an, decided)

    with pytest.raises(Invalid) as caught:
        workflow.refuse(petition, officer_binh, " ")
    assert caught.value.field == "reason"
    assert Petition.objects.get(pk=petition.pk).state == "submitted"


def test_officer_chi_of_another_agency_may_not_act(decided, citizen_an, officer_chi):
    petition = send_petition(citizen_an, decided)

    assert agency(OTHER).pk != petition.agency_id
    with pytest.raises(Hidden):
        workflow.answer(petition, officer_chi, "Trả lời")
    assert not Petition.objects.visible_to(officer_chi).exists()
    assert Petition.objects.get(pk=petition.pk).state == "submitted"


def test_the_leader_of_the_agency_may_act_too(decided, citizen_an, leader_dung):
    petition = send_petition(citizen_an, decided)

    workflow.answer(petition, leader_dung, "Trả lời của lãnh đạo.")

    assert petition.state == "answered"


def test_the_citizen_hears_of_the_answer_in_the_app_and_by_the_channel_chosen(
    decided, citizen_an, officer_binh
):
    petition = send_petition(citizen_an, decided, contact_by="sms")

    workflow.request_more(petition, officer_binh, "Cho biết số biên nhận.")

    sent = Notification.objects.filter(user=citizen_an, template="petition_more_info")
    assert sorted(sent.values_list("channel", flat=True)) == ["in_app", "sms"]
    message = sent.get(channel="in_app")
    assert petition.reference in message.subject
    assert "Cho biết số biên nhận." in message.body


# --- the citizen's opinion -------------------------------------------------------------------


def test_the_petitioner_likes_or_dislikes_the_answer_once(decided, citizen_an, officer_binh):
    petition = send_petition(citizen_an, decided)
    with pytest.raises(Refused):
        workflow.react(petition, citizen_an, "dislike")  # no answer yet
    workflow.answer(petition, officer_binh, "Đã xử lý.")

    workflow.react(petition, citizen_an, "dislike")

    with pytest.raises(Refused):
        workflow.react(petition, citizen_an, "like")
    assert petition.reaction_counts() == (0, 1)
    assert petition.unsatisfied


def test_a_follow_up_is_a_new_petition_linked_to_the_first(decided, citizen_an, officer_binh):
    first = send_petition(citizen_an, decided)
    with pytest.raises(Refused):
        workflow.follow_up(first, citizen_an, "Chưa trả lời")
    workflow.answer(first, officer_binh, "Đã xử lý.")

    second = workflow.follow_up(first, citizen_an, "Câu trả lời chưa thỏa đáng.")

    assert (second.follows, second.agency, second.dossier) == (first, first.agency, decided)
    assert second.subject == first.subject
    assert first.re_complained
    with pytest.raises(Refused):
        workflow.follow_up(first, citizen_an, "Lần nữa")


def test_another_citizen_may_not_add_react_or_follow_up(
    decided, citizen_an, citizen_binh_b, officer_binh
):
    petition = send_petition(citizen_an, decided)
    workflow.answer(petition, officer_binh, "Đã xử lý.")

    for step in (
        lambda: workflow.react(petition, citizen_binh_b, "like"),
        lambda: workflow.follow_up(petition, citizen_binh_b, "Tôi cũng vậy"),
        lambda: workflow.add_information(petition, citizen_binh_b, "x"),
    ):
        with pytest.raises(Hidden):
            step()
    assert not Petition.objects.visible_to(citizen_binh_b).exists()


def test_the_admin_lists_petitions_read_only(client, decided, citizen_an, admin_em):
    petition = send_petition(citizen_an, decided)
    client.force_login(admin_em)

    assert petition.reference in client.get("/admin/feedback/petition/").content.decode()
    assert client.get(f"/admin/feedback/petition/{petition.pk}/change/").status_code == 200
    assert client.get("/admin/feedback/petition/add/").status_code == 403
