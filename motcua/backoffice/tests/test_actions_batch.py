"""Batch actions: forwarding, a leader's approval and returning results, each dossier alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMITTEE, agency, online, walk_in

pytestmark = pytest.mark.usefixtures("demo_catalog")


@pytest.fixture(autouse=True)
def _monday_morning(settings: Any) -> Iterator[None]:
    """Monday 2/3/2026 09:00; the second factor is the log-in's business, not the batch's."""
    settings.STAFF_OTP_REQUIRED = False
    with time_machine.travel("2026-03-02 09:00 +0700", tick=False):
        yield


def test_a_leader_approves_several_dossiers_and_sees_the_one_refused(
    client, counter_cuong, leader_dung, citizen_an
):
    ready = [walk_in(counter_cuong, citizen_an) for _ in range(2)]
    for dossier in ready:
        dossier.apply("forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk)
    not_forwarded = walk_in(counter_cuong, citizen_an)
    client.force_login(leader_dung)

    assert client.get("/mot-cua/hang-loat/").status_code == 200
    response = client.post(
        "/mot-cua/hang-loat/",
        {
            "event": "approve",
            "refs": [d.code for d in ready],
            "refs_text": f"{not_forwarded.code}\nKHONG-CO",
        },
    )

    assert response.status_code == 200
    rows = {r.ref: r for r in response.context["rows"]}
    assert [rows[d.code].ok for d in ready] == [True, True]
    assert not rows[not_forwarded.code].ok
    assert "Đã xử lý xong" not in rows[not_forwarded.code].message
    assert not rows["KHONG-CO"].ok
    assert [Dossier.objects.get(pk=d.pk).state for d in ready] == ["approved", "approved"]
    assert Dossier.objects.get(pk=not_forwarded.pk).status == 2


def test_the_counter_forwards_several_dossiers_to_a_person(
    client, counter_cuong, officer_binh, citizen_an
):
    dossiers = [walk_in(counter_cuong, citizen_an) for _ in range(3)]
    client.force_login(counter_cuong)

    response = client.post(
        "/mot-cua/hang-loat/",
        {
            "event": "forward",
            "refs": [d.code for d in dossiers],
            "agency": agency(COMMITTEE).pk,
            "assignee": officer_binh.pk,
        },
    )

    assert response.context["done"] == 3
    for d in dossiers:
        assert Dossier.objects.get(pk=d.pk).steps.get(ended_at__isnull=True).assignee == (
            officer_binh
        )


def test_the_counter_returns_results_in_a_batch(client, counter_cuong, leader_dung, citizen_an):
    dossier = walk_in(counter_cuong, citizen_an)
    dossier.apply("forward", by=counter_cuong, agency_id=agency(COMMITTEE).pk)
    dossier.apply("approve", by=leader_dung)
    dossier.apply("decide", by=leader_dung)
    client.force_login(counter_cuong)

    response = client.post(
        "/mot-cua/hang-loat/", {"event": "return_result", "refs": [dossier.code], "via": "post"}
    )

    assert response.context["done"] == 1
    assert Dossier.objects.get(pk=dossier.pk).status == 10


@pytest.mark.parametrize(
    "event",
    ["receive", "refuse_at_intake", "request_intake_supplement", "request_supplement", "refuse"],
)
def test_receipts_refusals_and_supplement_requests_are_one_at_a_time(
    client, counter_cuong, citizen_an, event
):
    dossier = online(citizen_an)
    client.force_login(counter_cuong)

    response = client.post(
        "/mot-cua/hang-loat/", {"event": event, "refs": [dossier.reference], "note": "Lý do"}
    )

    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).status == 1


def test_an_officer_of_another_agency_gets_each_dossier_refused(
    client, counter_cuong, officer_chi, citizen_an
):
    dossier = walk_in(counter_cuong, citizen_an)
    client.force_login(officer_chi)
    response = client.post(
        "/mot-cua/hang-loat/",
        {"event": "forward", "refs": [dossier.code], "agency": agency(COMMITTEE).pk},
    )
    assert response.context["refused"] == 1
    assert Dossier.objects.get(pk=dossier.pk).status == 2
