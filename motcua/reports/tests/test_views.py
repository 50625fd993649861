"""The leaders' dashboard /mot-cua/bao-cao/: figures, drill-downs, exports, and who sees what.

Issue 7 §4: the hand-made dataset shows exactly 58.0 %, 50.0 % and 31.6 %; every figure links
to what it counts; the drill-downs stay inside visible_to; every table exports to xlsx.
"""

from __future__ import annotations

import io
import re

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import load_workbook

from motcua.dossiers.tests.factories import OTHER, at, walk_in
from motcua.reports.folding import rebuild
from motcua.reports.tests.handmade import Handmade, build_handmade
from motcua.reports.views import DashboardQuery, query_with

pytestmark = pytest.mark.django_db
NOW = at("2026-04-10 10:00")
COMMITTEE_SCOPE = "agency:000.00.31.H19"
MARCH = "period=2026-03"


@pytest.fixture
def handmade(demo_agencies, counter_cuong, citizen_an, leader_dung) -> Handmade:
    """The hand-made dataset alone: the calendar, but not the demo catalog's procedures."""
    call_command("load_calendar", stdout=io.StringIO())
    with time_machine.travel(NOW, tick=False):
        made = build_handmade(counter_cuong, citizen_an, leader_dung)
        rebuild()
    return made


@pytest.fixture(autouse=True)
def _april_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response) -> str:
    return response.content.decode()


def test_the_handmade_dataset_shows_the_three_provincial_kpis_exactly(client, handmade, admin_em):
    client.force_login(admin_em)
    page = text(client.get(f"/mot-cua/bao-cao/?{MARCH}"))
    for figure in ("58.0%", "50.0%", "31.6%"):
        assert figure in page
    # Numerator and denominator, each a link to what it counts.
    assert f'href="/mot-cua/bao-cao/ONLINE_DOSSIERS/ho-so/?part=numerator&amp;{MARCH}"' in page
    assert f'href="/mot-cua/bao-cao/ONLINE_DOSSIERS/ho-so/?part=denominator&amp;{MARCH}"' in page
    assert "Chỉ tiêu của tỉnh" in page
    assert "Bộ chỉ số theo Quyết định 766" in page


def test_a_leader_sees_his_agency_by_default_with_the_same_figures(client, handmade, leader_dung):
    client.force_login(leader_dung)
    response = client.get(f"/mot-cua/bao-cao/?{MARCH}")
    page = text(response)
    assert response.status_code == 200
    assert f'<option value="{COMMITTEE_SCOPE}" selected>' in page
    assert '<option value="">' not in page  # the whole province is not his to choose
    for figure in ("58.0%", "50.0%", "31.6%"):
        assert figure in page
    # Rankings compare the whole province: not for him.
    assert "Xếp hạng cơ quan" not in page


def test_the_numerator_lists_the_dossiers_it_counts_and_each_links_to_its_page(
    client, handmade, leader_dung
):
    client.force_login(leader_dung)
    page = text(
        client.get(
            f"/mot-cua/bao-cao/ONLINE_DOSSIERS/ho-so/?part=numerator&{MARCH}"
            f"&scope={COMMITTEE_SCOPE}"
        )
    )
    assert "Số hồ sơ: 38" in page
    first = handmade.online[0]
    assert f'href="/mot-cua/ho-so/{first.code}/"' in page
    assert handmade.counter[0].code not in page
    denominator = text(
        client.get(
            f"/mot-cua/bao-cao/ONLINE_DOSSIERS/ho-so/?part=denominator"
            f"&{MARCH}&scope={COMMITTEE_SCOPE}"
        )
    )
    assert "Số hồ sơ: 76" in denominator
    assert 'rel="next"' in denominator  # 50 a page


def test_a_procedure_based_indicator_lists_procedures(client, handmade, admin_em):
    client.force_login(admin_em)
    numerator = text(
        client.get(f"/mot-cua/bao-cao/ONLINE_SERVICES_WITH_DOSSIERS/ho-so/?part=numerator&{MARCH}")
    )
    assert "Số thủ tục: 29" in numerator
    assert 'href="/thu-tuc/9.900000/"' in numerator
    denominator = text(
        client.get(
            f"/mot-cua/bao-cao/ONLINE_SERVICES_WITH_DOSSIERS/ho-so/?part=denominator&{MARCH}"
        )
    )
    assert "Số thủ tục: 50" in denominator


def test_every_table_exports_to_xlsx_with_the_figures_of_the_page(client, handmade, admin_em):
    client.force_login(admin_em)
    response = client.get(f"/mot-cua/bao-cao/xuat/chi-so.xlsx?{MARCH}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    ratios = {row[0]: row[4] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert ratios == {
        "ONLINE_SERVICES_WITH_DOSSIERS": 58,
        "ONLINE_DOSSIERS": 50,
        "DIGITIZED_DOSSIERS": pytest.approx(31.6),
    }
    every = load_workbook(
        io.BytesIO(client.get(f"/mot-cua/bao-cao/xuat/tat-ca.xlsx?{MARCH}").content)
    )
    assert every.sheetnames == [
        "Chỉ tiêu của tỉnh",
        "Bộ chỉ số theo Quyết định 766",
        "Diễn biến theo tháng",
        "Xếp hạng cơ quan",
        "Xếp hạng xã, phường",
    ]
    listed = load_workbook(
        io.BytesIO(
            client.get(
                f"/mot-cua/bao-cao/ONLINE_DOSSIERS/ho-so/xuat.xlsx?part=numerator&{MARCH}"
            ).content
        )
    )
    assert listed.active.max_row == 3 + 38  # caption, blank, header, then every dossier


def test_the_trend_is_an_svg_chart_with_a_table_of_the_same_months(client, handmade, admin_em):
    client.force_login(admin_em)
    page = text(client.get(f"/mot-cua/bao-cao/?{MARCH}&indicator=ONLINE_DOSSIERS"))
    assert re.search(r'<svg [^>]*id="trend-chart"[^>]*role="img"', page)
    assert '<th scope="row" role="rowheader">03/2026</th>' in page
    assert '<th scope="row" role="rowheader">04/2026</th>' in page  # up to the current month
    assert 'id="ranking-agency"' in page


def test_each_month_of_the_trend_and_each_ranked_agency_link_to_what_they_count(
    client, handmade, admin_em
):
    client.force_login(admin_em)
    page = text(client.get(f"/mot-cua/bao-cao/?{MARCH}&indicator=ONLINE_DOSSIERS"))
    march = re.search(
        r'rowheader">03/2026</th><td role="cell" class="count" [^>]*>'
        r'<a href="([^"]+)">38</a>',
        page,
    )
    assert march, "March's numerator links to its dossiers"
    assert (
        march.group(1) == "/mot-cua/bao-cao/ONLINE_DOSSIERS/ho-so/?part=numerator&amp;"
        "period=2026-03"
    )
    committee = (
        "/mot-cua/bao-cao/ONLINE_DOSSIERS/ho-so/?part=denominator&amp;"
        "period=2026-03&amp;scope=agency%3A000.00.31.H19"
    )
    assert f'<a href="{committee}">76</a>' in page
    listed = text(client.get(committee.replace("&amp;", "&")))
    assert "Số hồ sơ: 76" in listed


def test_a_trend_month_replaces_from_to_dates_and_a_ranked_scope_keeps_them() -> None:
    chosen = DashboardQuery(
        None, None, "ON_TIME", "start=2026-03-01&end=2026-03-20&scope=agency%3A000.00.31.H19"
    )
    assert query_with(chosen, period="2026-03") == ("scope=agency%3A000.00.31.H19&period=2026-03")
    assert query_with(chosen, scope="commune:19") == (
        "start=2026-03-01&end=2026-03-20&scope=commune%3A19"
    )


def test_the_index_trend_and_rankings_show_scores_without_empty_count_columns(
    client, handmade, admin_em
):
    client.force_login(admin_em)
    by_ratio = text(client.get(f"/mot-cua/bao-cao/?{MARCH}&indicator=ONLINE_DOSSIERS"))
    by_score = text(client.get(f"/mot-cua/bao-cao/?{MARCH}&indicator=total"))
    numerator_header = '<th scope="col" role="columnheader">Tử số</th>'
    # The KPI table and the six 766 groups have the column either way; the trend and the
    # rankings (agencies; the hand-made dossiers name no commune) only for a ratio: the index
    # is a score out of 100.
    assert "Không có gì để xếp hạng trong kỳ này." in by_ratio  # the communes
    assert by_ratio.count(numerator_header) == 7 + 2
    assert by_score.count(numerator_header) == 7


def test_an_indicator_without_data_is_not_measured_with_its_reason(client, handmade, admin_em):
    client.force_login(admin_em)
    page = text(client.get(f"/mot-cua/bao-cao/?{MARCH}"))
    row = page[page.index('id="ind-ELECTRONIC_CERTIFIED_COPY"') :]
    row = row[: row.index("</tr>")]
    assert "Chưa đo được" in row
    assert "chưa có chức năng cấp bản sao điện tử" in row
    assert "0.0%" not in row


def test_a_period_that_does_not_parse_is_explained_beside_its_field(client, leader_dung):
    client.force_login(leader_dung)
    response = client.get("/mot-cua/bao-cao/?period=2026-13")
    assert response.status_code == 400
    page = text(response)
    assert 'href="#id_period"' in page
    assert 'value="2026-13"' in page  # what was typed is kept


# --- Who sees what -------------------------------------------------------------------------


def test_a_citizen_is_refused_and_a_visitor_signs_in_first(client, citizen_an):
    assert client.get("/mot-cua/bao-cao/")["Location"].startswith("/mot-cua/dang-nhap/")
    client.force_login(citizen_an)
    assert client.get("/mot-cua/bao-cao/").status_code == 403
    assert client.get(f"/mot-cua/bao-cao/ON_TIME/ho-so/?part=numerator&{MARCH}").status_code == 403


def test_officer_chi_of_another_agency_gets_404_for_a_scope_that_is_not_hers(
    client, demo_catalog, officer_chi
):
    client.force_login(officer_chi)
    assert client.get("/mot-cua/bao-cao/").status_code == 403  # no reporting role
    scoped = f"{MARCH}&scope={COMMITTEE_SCOPE}"
    assert client.get(f"/mot-cua/bao-cao/?{scoped}").status_code == 404
    assert client.get(f"/mot-cua/bao-cao/ON_TIME/ho-so/?part=numerator&{scoped}").status_code == 404
    assert (
        client.get(f"/mot-cua/bao-cao/ON_TIME/ho-so/xuat.xlsx?part=numerator&{scoped}").status_code
        == 404
    )
    assert client.get(f"/mot-cua/bao-cao/xuat/chi-so.xlsx?{scoped}").status_code == 404


def test_a_leader_gets_404_for_the_province_and_other_agencies(client, demo_catalog, leader_dung):
    client.force_login(leader_dung)
    assert client.get(f"/mot-cua/bao-cao/?{MARCH}&scope=province:19").status_code == 404
    assert client.get(f"/mot-cua/bao-cao/?{MARCH}&scope=agency:{OTHER}").status_code == 404
    assert (
        client.get(
            f"/mot-cua/bao-cao/ON_TIME/ho-so/?part=denominator&{MARCH}&scope=agency:{OTHER}"
        ).status_code
        == 404
    )
    assert client.get(f"/mot-cua/bao-cao/xuat/xep-hang-co-quan.xlsx?{MARCH}").status_code == 404


def test_a_drill_down_never_lists_another_agencys_dossiers(
    client, demo_catalog, counter_cuong, citizen_an, leader_dung, admin_em
):
    mine = walk_in(counter_cuong, citizen_an, when="2026-03-02 09:00")
    theirs = walk_in(counter_cuong, citizen_an, when="2026-03-02 10:00", competent=OTHER)
    rebuild()
    url = f"/mot-cua/bao-cao/ON_TIME/ho-so/?part=denominator&{MARCH}"
    client.force_login(leader_dung)
    page = text(client.get(f"{url}&scope={COMMITTEE_SCOPE}"))
    assert str(mine.code) in page
    assert str(theirs.code) not in page
    client.force_login(admin_em)
    province = text(client.get(url))
    assert str(mine.code) in province
    assert str(theirs.code) in province


def test_an_unknown_indicator_or_part_answers_404(client, demo_catalog, admin_em):
    client.force_login(admin_em)
    assert client.get(f"/mot-cua/bao-cao/NO_SUCH/ho-so/?part=numerator&{MARCH}").status_code == 404
    assert client.get(f"/mot-cua/bao-cao/ON_TIME/ho-so/?part=everything&{MARCH}").status_code == 404
    assert client.get(f"/mot-cua/bao-cao/xuat/nothing.xlsx?{MARCH}").status_code == 404


def test_the_back_office_menu_links_the_dashboard_for_those_who_read_reports(
    client, demo_catalog, leader_dung, officer_binh
):
    client.force_login(leader_dung)
    assert 'href="/mot-cua/bao-cao/"' in text(client.get("/mot-cua/"))
    client.force_login(officer_binh)
    assert 'href="/mot-cua/bao-cao/"' not in text(client.get("/mot-cua/"))
