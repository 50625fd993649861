"""GET /api/v1/calendar/due: public, answers the three moments of a time limit in +07:00."""

from __future__ import annotations

import functools
import io

import pytest
from django.core.management import call_command

from motcua.deadlines.models import CalendarEntry, DayKind

pytestmark = pytest.mark.django_db

URL = "/api/v1/calendar/due"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the on-commit version bump, as a real commit would."""
    return functools.partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def decisions(committed) -> None:
    with committed():
        call_command("load_calendar", stdout=io.StringIO())


def test_it_counts_working_days_over_tet(client, decisions):
    response = client.get(
        "/api/v1/calendar/due?received_at=2026-02-13T09:00:00%2B07:00&limit=3&unit=working_days"
    )
    assert response.status_code == 200
    assert response.json() == {
        "received_at": "2026-02-13T09:00:00+07:00",
        "clock_starts_at": "2026-02-13T09:00:00+07:00",
        "due_at": "2026-02-25T17:00:00+07:00",
    }


def test_same_day_after_15_00_is_due_the_next_working_day(client, decisions):
    response = client.get(
        "/api/v1/calendar/due?received_at=2026-03-10T15:30:00%2B07:00&unit=same_day"
    )
    assert response.status_code == 200
    assert response.json()["due_at"] == "2026-03-11T17:00:00+07:00"


def test_a_saturday_receipt_starts_the_clock_on_monday_morning(client, decisions):
    response = client.get("/api/v1/calendar/due?received_at=2026-03-07T10:00:00%2B07:00&limit=3")
    assert response.status_code == 200
    assert response.json() == {
        "received_at": "2026-03-07T10:00:00+07:00",
        "clock_starts_at": "2026-03-09T07:30:00+07:00",
        "due_at": "2026-03-12T17:00:00+07:00",
    }


def test_it_applies_the_new_year_swap_of_the_decision_table(client, decisions):
    response = client.get("/api/v1/calendar/due?received_at=2025-12-31T10:00:00%2B07:00&limit=2")
    assert response.json()["due_at"] == "2026-01-06T17:00:00+07:00"


def test_a_table_entry_wins_over_a_package_holiday(client, decisions, committed):
    with committed():
        CalendarEntry.objects.filter(date="2026-02-16").update(kind=DayKind.WORKING_DAY)
    response = client.get("/api/v1/calendar/due?received_at=2026-02-13T09:00:00%2B07:00&limit=3")
    # 16/2 is now worked: 16/2, 23/2, 24/2.
    assert response.json()["due_at"] == "2026-02-24T17:00:00+07:00"


def test_it_answers_in_vietnam_time_whatever_the_offset_asked(client, decisions):
    response = client.get("/api/v1/calendar/due?received_at=2026-03-10T05:00:00Z&unit=same_day")
    assert response.json() == {
        "received_at": "2026-03-10T12:00:00+07:00",
        "clock_starts_at": "2026-03-10T13:30:00+07:00",
        "due_at": "2026-03-10T17:00:00+07:00",
    }


def test_a_receipt_time_without_offset_is_vietnam_time(client, decisions):
    response = client.get(
        "/api/v1/calendar/due?received_at=2026-03-10T18:00:00&limit=8&unit=working_hours"
    )
    assert response.json() == {
        "received_at": "2026-03-10T18:00:00+07:00",
        "clock_starts_at": "2026-03-11T07:30:00+07:00",
        "due_at": "2026-03-12T08:00:00+07:00",  # 7.5 hours on 11/3, then 0.5
    }


@pytest.mark.parametrize(
    ("query", "due_at"),
    [
        (
            "received_at=2026-11-20T10:00:00%2B07:00&limit=4&unit=calendar_days",
            "2026-11-25T17:00:00+07:00",
        ),  # 24/11 Ngày Văn hóa Việt Nam
        (
            "received_at=2026-07-31T09:00:00%2B07:00&limit=1&unit=months",
            "2026-09-03T17:00:00+07:00",
        ),  # 31/8 swapped away, 1-2/9 National Day
        (
            "received_at=2026-08-21T10:00:00%2B07:00&limit=1&unit=working_days",
            "2026-08-22T17:00:00+07:00",
        ),  # the make-up Saturday
    ],
)
def test_it_handles_every_unit(client, decisions, query, due_at):
    assert client.get(f"{URL}?{query}").json()["due_at"] == due_at


def test_it_needs_a_limit_except_for_same_day(client):
    response = client.get("/api/v1/calendar/due?received_at=2026-03-10T09:00:00%2B07:00")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "limit",
            "message": "Phải nhập thời hạn giải quyết (limit) đối với đơn vị tính working_days.",
        }
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("received_at=2026-03-10T09:00:00%2B07:00&limit=3&unit=weeks", "unit"),
        ("received_at=2026-03-10T09:00:00%2B07:00&limit=-1", "limit"),
        ("received_at=2026-03-10T09:00:00%2B07:00&limit=3.5", "limit"),
        ("received_at=2026-03-10T09:00:00%2B07:00&limit=1001", "limit"),
        ("received_at=2026-03-10&limit=3", "received_at"),  # a date without a time
        ("received_at=1773108000&limit=3", "received_at"),  # a Unix time
        ("received_at=2026-03-10T09:00:00+07:00&limit=3", "received_at"),  # + not encoded
        ("limit=3", "received_at"),
    ],
)
def test_it_explains_invalid_values(client, query, field):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["message"]
    assert [error["field"] for error in body["errors"]] == [field]
    assert all(error["message"] for error in body["errors"])


def test_it_refuses_a_date_the_calendar_cannot_reach(client):
    response = client.get(
        "/api/v1/calendar/due?received_at=9999-12-31T10:00:00&limit=3&unit=months"
    )
    assert response.status_code == 422
    assert response.json()["message"]


def test_it_documents_its_answers_in_openapi(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/calendar/due"]["get"]
    assert set(operation["responses"]) == {"200", "422"}
    assert "security" not in operation
