"""The hand-made dataset of issue 7's acceptance: 58.0 %, 50.0 % and 31.6 %.

50 online services and one offline procedure of officer_binh's agency, and 76 dossiers received
in March 2026, written the way the system writes them (Dossier.create/apply, papers with their
fact, the e-result with its fact), so the aggregates are built from real fact rows:

- 29 of the 50 online services received an online dossier: 29/50 = 58.0 %;
- 38 dossiers came online, each decided with its e-result: 38/76 = 50.0 %;
- 24 are digitized: 14 online ones and 10 open counter ones have scanned papers; one decided
  counter dossier has scans but no e-result, another an e-result but no scan, and neither
  counts: 24/76 = 31.6 %.

`build_handmade()` returns the dossiers; the dashboards' tests reuse it (period "2026-03").
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db import transaction

from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.catalog.choices import LimitUnit, OnlineLevel
from motcua.catalog.models import Procedure, ProcedureVersion, Sector
from motcua.dossiers.choices import Channel
from motcua.dossiers.facts import record_fact
from motcua.dossiers.models import Dossier, Paper

VN = ZoneInfo("Asia/Ho_Chi_Minh")
COMMITTEE = "000.00.31.H19"  # officer_binh's and leader_dung's agency
CENTRE = "000.01.31.H19"  # counter_cuong's service centre
PERIOD = "2026-03"
SERVICES, USED_ONLINE, ONLINE_DOSSIERS = 50, 29, 38
OFFLINE_CODE = "9.999999"
EXPECTED = {
    "ONLINE_SERVICES_WITH_DOSSIERS": "58.0",
    "ONLINE_DOSSIERS": "50.0",
    "DIGITIZED_DOSSIERS": "31.6",
}


def service_code(i: int) -> str:
    return f"9.{900000 + i}"


@dataclass
class Handmade:
    online: list[Dossier] = field(default_factory=list)
    counter: list[Dossier] = field(default_factory=list)

    @property
    def dossiers(self) -> list[Dossier]:
        return self.online + self.counter


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, tzinfo=VN)


def build_handmade(counter: User, applicant: User, leader: User) -> Handmade:
    """Write the dataset (and the official calendar); needs the demo agencies and the three
    personas (counter_cuong, citizen_an, leader_dung), and no other catalog: the demo catalog's
    online services would count in the province's 50."""
    call_command("load_calendar", stdout=io.StringIO())
    with transaction.atomic():
        versions = _procedures()
        made = Handmade()
        for i in range(ONLINE_DOSSIERS):
            dossier = _online(
                versions[service_code(i % USED_ONLINE)], applicant, counter, at(2 + i % 5)
            )
            _decide(dossier, counter, leader, e_result=True)
            made.online.append(dossier)
        for i in range(30, SERVICES):  # used only at the counter or by post: still open
            channel = Channel.POST if i % 3 else Channel.IN_PERSON
            made.counter.append(
                _walk_in(versions[service_code(i)], applicant, counter, at(3), channel)
            )
        offline = versions[OFFLINE_CODE]
        made.counter += [
            _walk_in(offline, applicant, counter, at(4), Channel.IN_PERSON) for _ in range(16)
        ]
        scanned_no_e = _walk_in(offline, applicant, counter, at(5), Channel.IN_PERSON)
        _papers(scanned_no_e, 2, 2)
        _decide(scanned_no_e, counter, leader, e_result=False)
        e_no_scan = _walk_in(offline, applicant, counter, at(5), Channel.IN_PERSON)
        _papers(e_no_scan, 1, 0)
        _decide(e_no_scan, counter, leader, e_result=True)
        made.counter += [scanned_no_e, e_no_scan]
        for i, dossier in enumerate(made.online[:14] + made.counter[:10]):
            _papers(dossier, 2, 1 + i % 2)
    return made


def _procedures() -> dict[str, ProcedureVersion]:
    sector, _c = Sector.objects.get_or_create(
        code="thu-nghiem-bao-cao", defaults={"name": "Thử nghiệm báo cáo"}
    )
    committee = Agency.objects.get(code=COMMITTEE)
    found = {}
    levels = [
        (service_code(i), OnlineLevel.FULL if i % 2 else OnlineLevel.PARTIAL)
        for i in range(SERVICES)
    ] + [(OFFLINE_CODE, OnlineLevel.NONE)]
    for code, level in levels:
        procedure = Procedure.objects.create(code=code)
        version = ProcedureVersion.objects.create(
            procedure=procedure,
            valid_from=dt.date(2026, 1, 1),
            name=f"Thủ tục thử nghiệm {code}",
            sector=sector,
            level="commune",
            competent_authority="Ủy ban nhân dân cấp xã",
            online_level=level,
            time_limit=5,
            time_limit_unit=LimitUnit.WORKING_DAYS,
        )
        version.implementing_agencies.add(committee)
        found[code] = version
    return found


def _online(
    version: ProcedureVersion, applicant: User, counter: User, when: dt.datetime
) -> Dossier:
    dossier = Dossier.create(
        "submit_online",
        by=applicant,
        at=when,
        procedure_version=version,
        applicant=applicant,
        applicant_name=applicant.full_name,
        channel=Channel.ONLINE,
        receiving_unit=Agency.objects.get(code=CENTRE),
        competent_agency=Agency.objects.get(code=COMMITTEE),
    )
    return dossier.apply("receive", by=counter, at=when + dt.timedelta(hours=1))


def _walk_in(
    version: ProcedureVersion, applicant: User, counter: User, when: dt.datetime, channel: int
) -> Dossier:
    return Dossier.create(
        "receive_at_counter",
        by=counter,
        at=when,
        procedure_version=version,
        applicant=applicant,
        applicant_name=applicant.full_name,
        channel=channel,
        receiving_unit=Agency.objects.get(code=CENTRE),
        competent_agency=Agency.objects.get(code=COMMITTEE),
    )


def _decide(dossier: Dossier, counter: User, leader: User, *, e_result: bool) -> None:
    start = dossier.received_at
    assert start is not None
    committee = Agency.objects.get(code=COMMITTEE)
    dossier.apply("forward", by=counter, at=start + dt.timedelta(hours=2), agency_id=committee.pk)
    dossier.apply("approve", by=leader, at=start + dt.timedelta(days=1))
    decided = start + dt.timedelta(days=1, hours=1)
    dossier.apply("decide", by=leader, at=decided)
    if e_result:
        # As the results feature links a signed e-result: the link, then its fact.
        Dossier.objects.filter(pk=dossier.pk).update(
            e_result_code=f"KQ.{dossier.code}", e_result_url=f"/ket-qua/{dossier.pk}/"
        )
        record_fact(dossier, "e_result", decided, {"e_result": True})


def _papers(dossier: Dossier, count: int, digitized: int) -> None:
    Paper.objects.bulk_create(
        [
            Paper(
                dossier=dossier,
                name=f"Giấy tờ {n + 1}",
                digitized=n < digitized,
                file=f"scans/{dossier.pk}-{n}.pdf" if n < digitized else "",
            )
            for n in range(count)
        ]
    )
    assert dossier.received_at is not None
    record_fact(
        dossier,
        "papers",
        dossier.received_at,
        {"papers": count, "digitized": digitized, "reused": 0, "national": 0},
    )
