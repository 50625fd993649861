"""Dossiers walked through the lifecycle, one per form that their history produces."""

from __future__ import annotations

import pytest
import time_machine

from motcua.catalog.models import RequiredDocument
from motcua.dossiers.models import Dossier, Fee, Paper
from motcua.dossiers.tests.factories import COMMITTEE, agency, at, online, walk_in


@pytest.fixture
def received(demo_catalog, counter_cuong, citizen_an) -> Dossier:
    """Received at the counter on Monday 2/3/2026 with two papers and a fee."""
    dossier = walk_in(counter_cuong, citizen_an, when="2026-03-02 09:00")
    document = RequiredDocument.objects.filter(version=dossier.procedure_version).first()
    Paper.objects.create(
        dossier=dossier, name="Tờ khai đăng ký khai sinh", required_document=document
    )
    Paper.objects.create(dossier=dossier, name="Giấy chứng sinh (bản chính)")
    Fee.objects.create(dossier=dossier, name="Lệ phí đăng ký hộ tịch", kind="le-phi", amount=8000)
    return dossier


@pytest.fixture
def returned(received, counter_cuong, officer_binh, leader_dung) -> Dossier:
    """Forwarded, consulted, extended, decided and returned: every hand-over of form 06."""
    with time_machine.travel(at("2026-03-20 09:00"), tick=False):
        d = received
        d.apply(
            "forward",
            by=counter_cuong,
            at=at("2026-03-02 10:00"),
            agency_id=agency(COMMITTEE).pk,
            assignee_id=officer_binh.pk,
            step_due_at=at("2026-03-05 17:00"),
        )
        d.apply(
            "consult",
            by=officer_binh,
            at=at("2026-03-03 09:00"),
            agency_id=agency("000.00.33.H19").pk,
            due_at=at("2026-03-05 17:00"),
        )
        d.apply(
            "answer_consultation",
            by=officer_binh,
            at=at("2026-03-06 09:00"),
            agency_id=agency("000.00.33.H19").pk,
        )
        d.apply(
            "extend",
            by=leader_dung,
            at=at("2026-03-09 09:00"),
            note="Cần xác minh thông tin tại nơi cư trú\nChờ ý kiến cơ quan phối hợp",
            new_due_at=at("2026-03-20 17:00"),
        )
        d.apply("approve", by=leader_dung, at=at("2026-03-16 09:00"))
        d.apply("decide", by=leader_dung, at=at("2026-03-16 10:00"))
        d.apply("return_result", by=counter_cuong, at=at("2026-03-17 08:00"))
    return d


@pytest.fixture
def asked_for_papers(citizen_an, counter_cuong) -> Dossier:
    d = online(citizen_an, when="2026-03-02 20:00")
    d.apply(
        "request_intake_supplement",
        by=counter_cuong,
        at=at("2026-03-03 08:30"),
        note="- Bản sao Giấy chứng nhận kết hôn của cha mẹ\n- Giấy chứng sinh bản chính",
    )
    return d


@pytest.fixture
def refused(citizen_an, counter_cuong) -> Dossier:
    d = online(citizen_an, when="2026-03-02 20:00")
    d.apply(
        "refuse_at_intake",
        by=counter_cuong,
        at=at("2026-03-03 08:30"),
        note="Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường",
    )
    return d


@pytest.fixture
def stopped(counter_cuong, citizen_an) -> Dossier:
    received = walk_in(counter_cuong, citizen_an, when="2026-03-02 09:30")
    received.apply(
        "forward", by=counter_cuong, at=at("2026-03-02 10:00"), agency_id=agency(COMMITTEE).pk
    )
    received.apply("request_withdrawal", by=citizen_an, at=at("2026-03-03 09:00"))
    received.apply(
        "stop",
        by=counter_cuong,
        at=at("2026-03-03 10:00"),
        note="Người nộp hồ sơ đề nghị rút hồ sơ",
    )
    return received
