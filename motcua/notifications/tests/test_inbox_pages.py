"""The inbox: what was sent in-app is read at /tai-khoan/hop-thu/ (applicants) and
/mot-cua/hop-thu/ (officers); each person sees their own messages only."""

from __future__ import annotations

import uuid

import pytest
import time_machine
from django.utils import timezone

from motcua.accounts.models import User
from motcua.dossiers.tests.factories import COMMITTEE, agency, at, walk_in
from motcua.events.registry import Event
from motcua.notifications.models import InAppMessage
from motcua.notifications.sending import send
from motcua.notifications.subscribers import notify_officers

pytestmark = pytest.mark.usefixtures("demo_catalog")

INBOX = "/tai-khoan/hop-thu/"


@pytest.fixture
def received(committed, counter_cuong, citizen_an):
    with committed():
        return walk_in(counter_cuong, citizen_an)


@pytest.fixture
def receipt(received, citizen_an) -> InAppMessage:
    """The in-app message that told citizen_an their dossier was received."""
    return InAppMessage.objects.get(user=citizen_an, subject__startswith="Đã tiếp nhận")


@pytest.fixture
def citizen_be(db) -> User:
    """Another citizen: must not see citizen_an's messages."""
    return User.objects.create_user(phone="0912999999", full_name="Trần Văn Bê", password="x")


def unread_badge(n: int) -> str:
    return f'{n}<span class="visually-hidden"> chưa đọc</span>'


def test_a_dossier_event_shows_in_the_applicants_inbox_in_vietnamese(
    client, citizen_an, received, receipt
):
    client.force_login(citizen_an)

    page = client.get(INBOX).content.decode()

    assert f"Đã tiếp nhận hồ sơ {received.code}" in page
    assert "Ngày hẹn trả kết quả" in page
    assert "Chưa đọc" in page  # said in words, not by colour alone
    assert f'href="/ho-so-cua-toi/{received.reference}/"' in page
    assert f'href="/tai-khoan/hop-thu/{receipt.pk}/"' in page
    receipt.refresh_from_db()
    assert receipt.read_at is None  # looking at the list changes nothing


def test_the_header_shows_how_many_messages_are_unread(client, citizen_an, received):
    unread = InAppMessage.objects.filter(user=citizen_an, read_at=None).count()
    assert unread >= 1
    client.force_login(citizen_an)

    page = client.get("/").content.decode()

    assert 'href="/tai-khoan/hop-thu/"' in page
    assert "Hộp thư" in page
    assert unread_badge(unread) in page


@time_machine.travel("2026-03-03 08:00 +0700", tick=False)
def test_opening_a_message_marks_it_read_once(client, citizen_an, receipt):
    client.force_login(citizen_an)

    page = client.get(f"/tai-khoan/hop-thu/{receipt.pk}/")

    assert page.status_code == 200
    assert receipt.subject in page.content.decode()
    receipt.refresh_from_db()
    assert receipt.read_at == at("2026-03-03 08:00")
    with time_machine.travel("2026-03-04 08:00 +0700", tick=False):
        client.get(f"/tai-khoan/hop-thu/{receipt.pk}/")
    receipt.refresh_from_db()
    assert receipt.read_at == at("2026-03-03 08:00")  # the first reading counts


def test_marking_all_read_is_a_post_and_empties_the_count(client, citizen_an, received):
    client.force_login(citizen_an)
    assert client.get("/tai-khoan/hop-thu/da-doc/").status_code == 405

    response = client.post("/tai-khoan/hop-thu/da-doc/", follow=True)

    assert response.redirect_chain == [(INBOX, 302)]
    assert not InAppMessage.objects.filter(user=citizen_an, read_at=None).exists()
    page = response.content.decode()
    assert "Đã đánh dấu tất cả tin nhắn là đã đọc." in page
    assert "Đánh dấu đã đọc tất cả" not in page
    assert 'visually-hidden"> chưa đọc' not in page


def test_another_citizen_gets_404_for_the_message(client, citizen_be, receipt):
    client.force_login(citizen_be)

    assert client.get(f"/tai-khoan/hop-thu/{receipt.pk}/").status_code == 404
    assert receipt.subject not in client.get(INBOX).content.decode()
    client.post("/tai-khoan/hop-thu/da-doc/")
    receipt.refresh_from_db()
    assert receipt.read_at is None


def test_a_visitor_signs_in_first(client):
    response = client.get(INBOX)

    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_the_inbox_shows_twenty_messages_a_page_newest_first(client, citizen_be, committed):
    with committed():
        for n in range(25):
            send(
                channel="in_app",
                to=str(citizen_be.pk),
                user=citizen_be,
                template="one_time_code",
                context={"code": f"{n:06d}", "minutes": 10},
            )
    client.force_login(citizen_be)

    first = client.get(INBOX).content.decode()
    second = client.get(INBOX, {"page": 2}).content.decode()

    assert first.count('class="message-body') == 20
    assert second.count('class="message-body') == 5
    assert first.index("000024") < first.index("000023")
    assert "000000" in second
    assert "Trang 2/2" in second


# --- the officers' inbox ---------------------------------------------------------------------


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
def reminder(assigned, officer_binh, committed) -> InAppMessage:
    with time_machine.travel("2026-03-10 09:00 +0700", tick=False), committed():
        notify_officers(
            Event(
                id=uuid.uuid4(),
                name="dossier.due_soon",
                subject=f"dossier:{assigned.pk}",
                payload={"dossier": assigned.pk},
                occurred_at=timezone.now(),
                idempotency_key="due-soon-1",
            )
        )
    return InAppMessage.objects.get(user=officer_binh)


def test_the_officers_inbox_shows_a_due_soon_reminder(client, officer_binh, assigned, reminder):
    client.force_login(officer_binh)

    page = client.get("/mot-cua/hop-thu/").content.decode()

    assert f"Hồ sơ {assigned.code} sắp đến hạn trả kết quả" in page
    assert "11/03/2026" in page
    assert f"/mot-cua/ho-so/{assigned.code}/" in page
    assert 'class="bo-nav"' in page  # the back office's layout and navigation
    assert unread_badge(1) in page
    assert "/ho-so-cua-toi/" not in page  # an officer's message links to no applicant page

    client.get(f"/mot-cua/hop-thu/{reminder.pk}/")
    reminder.refresh_from_db()
    assert reminder.read_at is not None


def test_an_officer_of_another_agency_gets_404_for_the_reminder(client, officer_chi, reminder):
    client.force_login(officer_chi)

    assert client.get(f"/mot-cua/hop-thu/{reminder.pk}/").status_code == 404
    assert reminder.subject not in client.get("/mot-cua/hop-thu/").content.decode()


def test_a_citizen_may_not_open_the_back_office_inbox(client, citizen_an, reminder):
    client.force_login(citizen_an)

    assert client.get("/mot-cua/hop-thu/").status_code == 403
    assert client.get(f"/mot-cua/hop-thu/{reminder.pk}/").status_code == 403
    assert client.post("/mot-cua/hop-thu/da-doc/").status_code == 403


def test_the_inbox_reads_a_page_in_a_fixed_number_of_queries(
    client, citizen_an, received, django_assert_max_num_queries
):
    client.force_login(citizen_an)
    with django_assert_max_num_queries(8):
        assert client.get(INBOX).status_code == 200
