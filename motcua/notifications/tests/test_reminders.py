"""Reminders and escalation: whoever holds a dossier hears that it is due soon or overdue, and
the leaders above hear of an overdue one; a redelivered event sends nothing twice."""

from __future__ import annotations

import uuid

import pytest
import time_machine
from django.utils import timezone

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import Membership, User
from motcua.dossiers.deadlines import flag_deadlines
from motcua.dossiers.tests.factories import COMMITTEE, agency, at, walk_in
from motcua.events.models import EventMessage
from motcua.events.registry import Event, subscribers
from motcua.notifications.models import Notification
from motcua.notifications.subscribers import notify_officers

pytestmark = pytest.mark.usefixtures("demo_catalog")


def event(name: str, dossier, key: str = "evt-1") -> Event:
    return Event(
        id=uuid.uuid4(),
        name=name,
        subject=f"dossier:{dossier.pk}",
        payload={"dossier": dossier.pk},
        occurred_at=timezone.now(),
        idempotency_key=key,
    )


def told(template: str) -> set[tuple[str, str]]:
    """(channel, recipient) of every message sent with `template`."""
    return set(Notification.objects.filter(template=template).values_list("channel", "recipient"))


@pytest.fixture
def assigned(counter_cuong, officer_binh, citizen_an):
    """Due Wed 11/3/2026 17:00, in officer_binh's hands."""
    dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 09:00")
    return dossier.apply(
        "forward",
        by=counter_cuong,
        at=at("2026-03-02 10:00"),
        agency_id=agency(COMMITTEE).pk,
        assignee_id=officer_binh.pk,
    )


@pytest.fixture
def province_leader(demo_agencies) -> User:
    """A leader of the agency above the ward's People's Committee."""
    parent = agency(COMMITTEE).parent
    assert parent is not None
    user = User.objects.create_user(
        email="lanh.dao.tinh@example.vn", full_name="Ngô Văn Giang", kind=UserKind.STAFF
    )
    Membership.objects.create(
        user=user, agency=parent, role=Role.LEADER, valid_from=at("2020-01-01 00:00").date()
    )
    return user


def test_the_deadline_events_have_the_officers_subscriber():
    for name in ("dossier.due_soon", "dossier.overdue"):
        assert "notify-officers" in [s.name for s in subscribers(name)]


@time_machine.travel("2026-03-10 09:00 +0700", tick=False)
def test_the_assignee_is_reminded_in_app_and_by_email(assigned, officer_binh, leader_dung):
    notify_officers(event("dossier.due_soon", assigned))

    assert told("dossier_due_soon") == {
        ("in_app", str(officer_binh.pk)),
        ("email", officer_binh.email),
    }
    message = Notification.objects.get(template="dossier_due_soon", channel="email")
    assert assigned.code in message.subject
    assert "11/03/2026" in message.body
    assert f"/mot-cua/ho-so/{assigned.code}/" in message.body
    assert not told("dossier_overdue_leader")  # nobody escalates a dossier still in time


@time_machine.travel("2026-03-10 09:00 +0700", tick=False)
def test_a_redelivered_event_sends_nothing_twice(assigned):
    notify_officers(event("dossier.due_soon", assigned, key="same"))
    notify_officers(event("dossier.due_soon", assigned, key="same"))
    assert Notification.objects.filter(template="dossier_due_soon").count() == 2


@time_machine.travel("2026-03-10 09:00 +0700", tick=False)
def test_a_team_dossier_reminds_the_specialists_of_the_team(
    counter_cuong, officer_binh, officer_chi, leader_dung, citizen_an
):
    dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 09:00")
    dossier.apply(
        "forward", by=counter_cuong, at=at("2026-03-02 10:00"), agency_id=agency(COMMITTEE).pk
    )

    notify_officers(event("dossier.due_soon", dossier))

    recipients = {r for _c, r in told("dossier_due_soon")}
    assert str(officer_binh.pk) in recipients
    assert str(officer_chi.pk) not in recipients  # another agency
    assert str(leader_dung.pk) not in recipients  # leaders act once the draft is approved


@time_machine.travel("2026-03-10 09:00 +0700", tick=False)
def test_a_dossier_still_at_the_counter_reminds_the_counter(
    counter_cuong, officer_binh, citizen_an
):
    dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 09:00")

    notify_officers(event("dossier.due_soon", dossier))

    assert {r for _c, r in told("dossier_due_soon")} == {str(counter_cuong.pk), counter_cuong.email}


@time_machine.travel("2026-03-12 09:00 +0700", tick=False)
def test_an_overdue_dossier_escalates_to_the_leaders_above(
    assigned, officer_binh, leader_dung, province_leader
):
    notify_officers(event("dossier.overdue", assigned))

    assert told("dossier_overdue") == {
        ("in_app", str(officer_binh.pk)),
        ("email", officer_binh.email),
    }
    assert told("dossier_overdue_leader") == {
        ("in_app", str(leader_dung.pk)),
        ("email", leader_dung.email),
        ("in_app", str(province_leader.pk)),
        ("email", province_leader.email),
    }


@time_machine.travel("2026-03-12 09:00 +0700", tick=False)
def test_a_leader_whose_membership_ended_is_not_told(assigned, leader_dung):
    Membership.objects.filter(user=leader_dung).update(valid_until=at("2026-03-01 00:00").date())
    notify_officers(event("dossier.overdue", assigned))
    assert str(leader_dung.pk) not in {r for _c, r in told("dossier_overdue_leader")}


@time_machine.travel("2026-03-12 09:00 +0700", tick=False)
def test_no_reminder_once_the_dossier_waits_for_the_applicant(assigned, officer_binh):
    assigned.apply("request_supplement", by=officer_binh, at=at("2026-03-03 09:00"))
    notify_officers(event("dossier.overdue", assigned))
    assert not Notification.objects.exists()


def test_the_deadline_job_queues_the_reminder_for_delivery(assigned):
    flag_deadlines(at("2026-03-10 09:00"))
    row = EventMessage.objects.get(event="dossier.due_soon", subscriber="notify-officers")
    with time_machine.travel("2026-03-10 09:01 +0700", tick=False):
        notify_officers(row.as_event())
    assert Notification.objects.filter(
        template="dossier_due_soon", idempotency_key__startswith=row.idempotency_key
    ).exists()
