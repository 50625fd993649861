"""The aggregates, built from fact rows, say what the pure formulas say of the same dossiers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from motcua.accounts.choices import Role
from motcua.accounts.models import Membership
from motcua.agencies.models import Agency
from motcua.dossiers.generation import generate
from motcua.dossiers.models import Dossier
from motcua.reports import folding, service
from motcua.reports.checking import check_sample
from motcua.reports.models import DossierFigures, Leaf
from motcua.reports.tests.handmade import COMMITTEE, EXPECTED, PERIOD, build_handmade
from motcua.units.choices import Level, Scheme
from motcua.units.models import AdministrativeUnit, UnitSuccession

AFTER_MARCH = dt.datetime(2026, 4, 15, 10, tzinfo=dt.UTC)


@pytest.fixture
def handmade(demo_agencies, counter_cuong, citizen_an, leader_dung):
    return build_handmade(counter_cuong, citizen_an, leader_dung)


def province():
    return service.parse_scope("")


def ratios(indicators):
    return {i.code: str(i.ratio) for i in indicators}


@time_machine.travel(AFTER_MARCH)
def test_the_hand_made_dataset_gives_58_50_and_31_6_percent(handmade, admin_em):
    folding.rebuild()

    found = service.provincial_kpis(service.parse_period(PERIOD), province(), admin_em)

    assert ratios(found) == EXPECTED
    assert [(i.numerator, i.denominator) for i in found] == [(29, 50), (38, 76), (24, 76)]


@time_machine.travel(AFTER_MARCH)
def test_the_workers_fold_gives_what_the_full_rebuild_gives(handmade, admin_em):
    assert folding.fold_new(batch=50) > 0  # several batches, then nothing left
    assert folding.fold_new() == 0
    folded = sorted(Leaf.objects.values_list("day", "procedure_id", "received", "f_done"))
    folding.rebuild()
    assert sorted(Leaf.objects.values_list("day", "procedure_id", "received", "f_done")) == folded
    assert (
        ratios(service.provincial_kpis(service.parse_period(PERIOD), province(), admin_em))
        == EXPECTED
    )


@time_machine.travel(AFTER_MARCH)
def test_a_new_fact_reaches_the_figures_at_the_next_fold(
    handmade, admin_em, counter_cuong, leader_dung
):
    folding.rebuild()
    open_one = handmade.counter[-3]  # an open OFFLINE dossier
    open_one.apply(
        "forward",
        by=counter_cuong,
        at=dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC),
        agency_id=Agency.objects.get(code=COMMITTEE).pk,
    )

    assert folding.fold_new() == 1
    assert DossierFigures.objects.get(dossier=open_one).finished_at is None
    assert Leaf.objects.count() == len(
        {(d.received_at.date(), d.procedure_version_id) for d in handmade.dossiers}
    )


@time_machine.travel(AFTER_MARCH)
def test_the_index_counts_an_open_dossier_at_the_period_end(handmade, admin_em):
    folding.rebuild()
    report = service.index_766(service.parse_period(PERIOD), province(), admin_em)
    on_time = {i.code: i for i in report.indicators()}["ON_TIME"]
    # The 38 + 2 decided dossiers ended within a day; the 36 open ones were due (5 working
    # days) well before 31 March.
    assert (on_time.numerator, on_time.denominator) == (40, 76)
    assert report.max_total == Decimal(100)


@time_machine.travel(AFTER_MARCH)
def test_a_past_period_judges_a_later_result_as_open(handmade, admin_em):
    folding.rebuild()
    early = service.parse_period(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 2))
    kpis = service.provincial_kpis(early, province(), admin_em)
    # Received on 2 March, decided on 3 March: open at the end of the 2nd, so no e-result
    # is required yet and every online one counts.
    online = [d for d in handmade.online if d.received_at.day == 2]
    assert (kpis[1].numerator, kpis[1].denominator) == (len(online), len(online))


@pytest.fixture
def generated(demo_catalog, officer_binh):
    generate(300, 766, 2026, until=dt.datetime(2026, 10, 1, tzinfo=dt.UTC))


@pytest.mark.usefixtures("generated")
def test_generated_dossiers_match_the_pure_formulas_on_a_sample():
    call_command("rebuild_reports")
    slices, problems = check_sample(80)
    assert slices > 20
    assert problems == []


@pytest.mark.usefixtures("generated")
def test_province_totals_count_each_received_dossier_once(admin_em):
    folding.rebuild()
    year = service.parse_period("2026")
    index = service.index_766(year, province(), admin_em)
    on_time = {i.code: i for i in index.indicators()}["ON_TIME"]
    assert on_time.denominator == Dossier.objects.filter(received_at__isnull=False).count()
    by_agency = service.ranking("ON_TIME", year, "agency", admin_em)
    assert sum(i.denominator or 0 for _s, i in by_agency) == on_time.denominator


# --- Scopes -----------------------------------------------------------------------------------


@pytest.fixture
def former_commune(demo_agencies):
    """A former Bắc Kạn commune split between two of today's communes, the first listed
    being Phường Phan Đình Phùng (05443)."""
    today = AdministrativeUnit.objects.get(
        scheme=Scheme.FROM_2025, level=Level.COMMUNE, code="05443"
    )
    other = AdministrativeUnit.objects.filter(scheme=Scheme.FROM_2025, level=Level.COMMUNE).exclude(
        pk=today.pk
    )[0]
    old = AdministrativeUnit.objects.create(
        scheme=Scheme.BEFORE_2025,
        level=Level.COMMUNE,
        code="01864",
        name="Xã Dương Quang (cũ)",
        division_type="xã",
        codename="duong_quang",
    )
    UnitSuccession.objects.create(
        predecessor=old, successor=today, position=0, partly=True, effective_on=dt.date(2025, 7, 1)
    )
    UnitSuccession.objects.create(
        predecessor=old, successor=other, position=1, partly=True, effective_on=dt.date(2025, 7, 1)
    )
    return old, today, other


@time_machine.travel(AFTER_MARCH)
def test_a_former_commune_counts_in_its_first_successor_and_alone(
    handmade, former_commune, admin_em
):
    old, today, other = former_commune
    Dossier.objects.filter(pk__in=[d.pk for d in handmade.online[:3]]).update(applicant_commune=old)
    Dossier.objects.filter(pk__in=[d.pk for d in handmade.online[3:5]]).update(
        applicant_commune=today
    )
    folding.rebuild()
    march = service.parse_period(PERIOD)

    def received(scope: str) -> int | None:
        return service.provincial_kpis(march, service.parse_scope(scope), admin_em)[1].denominator

    assert received(f"commune:{today.code}") == 5
    assert received(f"commune-before-2025:{old.code}") == 3
    assert received(f"commune:{other.code}") == 0
    assert received("province:19") == 76
    ranked = dict(
        (s.code, i.denominator)
        for s, i in service.ranking("ONLINE_DOSSIERS", march, "commune", admin_em)
    )
    assert ranked[today.code] == 5


def test_a_leader_reads_their_agency_but_not_the_province(demo_agencies, leader_dung):
    service.parse_period("2026")
    agency = service.parse_scope(f"agency:{COMMITTEE}")
    service.check_readable(agency, leader_dung)
    with pytest.raises(PermissionDenied):
        service.check_readable(province(), leader_dung)
    with pytest.raises(PermissionDenied):
        service.check_readable(service.parse_scope("agency:000.00.33.H19"), leader_dung)


def test_a_specialist_and_a_citizen_read_no_figures(demo_agencies, officer_binh, citizen_an):
    agency = service.parse_scope(f"agency:{COMMITTEE}")
    for user in (officer_binh, citizen_an):
        with pytest.raises(PermissionDenied):
            service.check_readable(agency, user)


def test_the_centre_supervisor_reads_the_whole_province(demo_agencies, officer_chi):
    Membership.objects.create(
        user=officer_chi,
        agency=Agency.objects.get(code=COMMITTEE),
        role=Role.CENTRE_SUPERVISOR,
        valid_from=dt.date(2025, 7, 1),
    )
    service.check_readable(province(), officer_chi)


def test_unknown_scopes_are_refused_with_a_message(demo_agencies):
    for text in ("district:1", "agency:", "agency:000.99.99.H19", "province:06", "commune:99999"):
        with pytest.raises(ValueError, match=r"\w"):
            service.parse_scope(text)


@time_machine.travel(AFTER_MARCH)
def test_the_drill_down_lists_what_the_numerator_counts(handmade, leader_dung, officer_chi):
    folding.rebuild()
    march, agency = service.parse_period(PERIOD), service.parse_scope(f"agency:{COMMITTEE}")
    digitized = service.items("DIGITIZED_DOSSIERS", "numerator", march, agency, leader_dung)
    assert digitized.count() == 24
    services = service.items(
        "ONLINE_SERVICES_WITH_DOSSIERS", "numerator", march, agency, leader_dung
    )
    assert services.count() == 29
    with pytest.raises(PermissionDenied):
        service.items("DIGITIZED_DOSSIERS", "numerator", march, agency, officer_chi)


@time_machine.travel(AFTER_MARCH)
def test_a_petition_about_a_dossier_counts_in_group_5(handmade, admin_em, citizen_an):
    from motcua.feedback import workflow

    dossier = handmade.online[0]
    workflow.submit(
        by=citizen_an,
        dossier=dossier,
        at=dt.datetime(2026, 3, 20, 2, tzinfo=dt.UTC),
        subject="Chậm trả kết quả",
        content="Tôi chưa nhận được kết quả.",
    )
    call_command("rebuild_reports", "--new")
    found = {
        i.code: i
        for i in service.index_766(service.parse_period(PERIOD), province(), admin_em).indicators()
    }

    assert found["PETITION_PROCESSING_ON_TIME"].denominator == 1
    assert found["PETITION_PROCESSING_ON_TIME"].numerator == 1  # open, in time at 31 March
    satisfaction = found["DOSSIER_RECEIVING_SATISFACTION"]
    assert satisfaction.numerator == 40 - 1  # on time, less the petition


@time_machine.travel(AFTER_MARCH)
def test_the_trend_runs_month_by_month_to_the_current_month(handmade, admin_em):
    folding.rebuild()
    trend = service.trend("DIGITIZED_DOSSIERS", 2026, province(), admin_em)

    assert [month for month, _i in trend] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert str(trend[2][1].ratio) == "31.6"
    assert trend[0][1].ratio is None  # nothing received: not measured
