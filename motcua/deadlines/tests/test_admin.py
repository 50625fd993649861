"""The decision table in the admin: admin_em keeps each year's days off and make-up days."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.formats import date_format

pytestmark = pytest.mark.django_db

URL = "/admin/deadlines/calendarentry/"


@pytest.fixture
def decisions() -> None:
    call_command("load_calendar", stdout=io.StringIO())


def test_it_lists_the_decisions_with_their_weekday_and_source(client, admin_em, decisions):
    client.force_login(admin_em)
    response = client.get(URL, {"date__year": "2026"})
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override(response.headers["Content-Language"]):
        saturday = date_format(date(2026, 1, 10), "l")  # the make-up day
    assert "Làm bù cho thứ Sáu 02/01/2026" in page
    assert saturday in page
    assert "12729/VPCP-KGVX" in page
    assert "Tết Nguyên đán Ất Tỵ" not in page  # 2025 is filtered out by the year


def test_it_filters_the_unconfirmed_entries(client, admin_em, decisions):
    client.force_login(admin_em)
    page = client.get(URL, {"confirmed__exact": "0"}).content.decode()
    assert "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)" in page
    assert "Ngày Văn hóa Việt Nam" not in page


def test_it_refuses_a_day_swapped_with_itself(client, admin_em):
    client.force_login(admin_em)
    response = client.post(
        URL + "add/",
        {
            "date": "2026-11-23",
            "kind": "off",
            "name": "Thử",
            "source": "",
            "confirmed": "on",
            "paired_with": "2026-11-23",
        },
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["paired_with"]
