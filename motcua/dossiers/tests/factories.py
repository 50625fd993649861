"""Dossiers made the way the system makes them: through Dossier.create() and apply()."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.choices import Channel
from motcua.dossiers.models import Dossier

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CENTRE = "000.01.31.H19"  # service centre of Phường Phan Đình Phùng (counter_cuong)
COMMITTEE = "000.00.31.H19"  # People's Committee of Phường Phan Đình Phùng (binh, dung)
OTHER = "000.00.33.H19"  # People's Committee of Phường Bắc Kạn (officer_chi)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN)


def version(code: str = "1.001193") -> ProcedureVersion:
    return ProcedureVersion.objects.get(procedure__code=code)


def walk_in(
    counter: User,
    applicant: User,
    when: str = "2026-03-02 09:00",
    code: str = "1.004222",
    competent: str = COMMITTEE,
) -> Dossier:
    """A dossier a counter officer receives for a walk-in applicant."""
    return Dossier.create(
        "receive_at_counter",
        by=counter,
        at=at(when),
        procedure_version=version(code),
        applicant=applicant,
        applicant_name=applicant.full_name,
        channel=Channel.IN_PERSON,
        receiving_unit=Agency.objects.get(code=CENTRE),
        competent_agency=Agency.objects.get(code=competent),
    )


def online(applicant: User, when: str = "2026-03-02 09:00", code: str = "1.004222") -> Dossier:
    return Dossier.create(
        "submit_online",
        by=applicant,
        at=at(when),
        procedure_version=version(code),
        applicant=applicant,
        applicant_name=applicant.full_name,
        channel=Channel.ONLINE,
        receiving_unit=Agency.objects.get(code=CENTRE),
        competent_agency=Agency.objects.get(code=COMMITTEE),
    )


def agency(code: str) -> Agency:
    return Agency.objects.get(code=code)
