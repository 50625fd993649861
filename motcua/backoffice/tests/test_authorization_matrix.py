"""Every back-office URL and API endpoint against every persona, on a dossier (and a
petition) of officer_binh's agency.

The rules (architecture.md, "Scopes"): an officer of another agency (officer_chi) gets 404 on
objects and lists without the other agency's rows; a citizen or volunteer gets 403 or the
log-in page (API: 403 or 404); a visitor is sent to the staff log-in (API: 401).

URLs are data. The officer actions list theirs in motcua/backoffice/tests/action_urls.py as
`ACTION_URLS`: `Url`s, dicts with the same keys, or (URL name, path, method) tuples. `allowed`
names the personas who succeed; None means "not stated": the matrix then checks only the
outsiders (and officer_chi's 404 on a path naming the dossier).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from motcua.dossiers.models import Paper
from motcua.dossiers.tests.factories import OTHER, agency, at, walk_in
from motcua.feedback import workflow

pytestmark = pytest.mark.django_db

PERSONAS = (
    "citizen_an",
    "volunteer_bao",
    "counter_cuong",
    "officer_binh",
    "officer_chi",
    "leader_dung",
    "admin_em",
)
CITIZENS = {"citizen_an", "volunteer_bao"}
HANDLERS = frozenset({"officer_binh", "leader_dung", "counter_cuong"})
READERS = HANDLERS | {"admin_em"}  # the administrator reads the whole province, never acts
PETITION_HANDLERS = frozenset({"officer_binh", "leader_dung"})
STAFF = frozenset(PERSONAS) - CITIZENS - {"officer_chi"}


@dataclass(frozen=True)
class Url:
    path: str  # placeholders: {ref} {code} {paper} {petition}
    method: str = "GET"
    data: dict[str, Any] = field(default_factory=dict)
    list: bool = False  # a list: officer_chi gets 200 without binh's rows
    allowed: frozenset[str] | None = None
    api: bool = False

    @property
    def names_the_dossier(self) -> bool:
        return "{ref}" in self.path or "{code}" in self.path or "{petition}" in self.path


URLS: list[Url] = [
    Url("/mot-cua/", list=True, allowed=STAFF),
    Url("/mot-cua/hang-doi/team/", list=True, allowed=STAFF),
    Url("/mot-cua/hang-doi/due-soon/", list=True, allowed=STAFF),
    Url("/mot-cua/hang-doi/overdue/", list=True, allowed=STAFF),
    Url("/mot-cua/hang-doi/intake/", list=True, allowed=STAFF),
    Url("/mot-cua/phan-anh/", list=True, allowed=STAFF),
    Url("/mot-cua/phan-anh/?tat-ca=1", list=True, allowed=STAFF),
    Url("/mot-cua/ho-so/{ref}/", allowed=READERS),
    Url("/mot-cua/ho-so/{code}/", allowed=READERS),
    Url("/mot-cua/ho-so/{ref}/giay-to/{paper}/", allowed=READERS),
    Url("/mot-cua/ho-so/{ref}/ghi-chu/", "POST", {"body": "Ghi chú"}, allowed=HANDLERS),
    # The workspaces of those who act: a read-only role (admin_em) gets 404, like the notes.
    Url("/mot-cua/ho-so/{ref}/xu-ly/", allowed=HANDLERS),
    Url("/mot-cua/ho-so/{ref}/thu-phi/", allowed=HANDLERS),
    Url("/mot-cua/ho-so/{ref}/ket-qua/", allowed=HANDLERS),
    Url("/mot-cua/ho-so/{ref}/trao-doi/", "POST", {"message-body": "Xin chào"}, allowed=READERS),
    Url("/mot-cua/phan-anh/{petition}/", allowed=PETITION_HANDLERS),
    Url(
        "/mot-cua/phan-anh/{petition}/request-more/",
        "POST",
        {"request-more-text": "Xin cho biết thêm."},
        allowed=PETITION_HANDLERS,
    ),
    Url("/api/v1/queues/mine", list=True, allowed=STAFF, api=True),
    Url("/api/v1/queues/team", list=True, allowed=STAFF, api=True),
    Url("/api/v1/queues/due-soon", list=True, allowed=STAFF, api=True),
    Url("/api/v1/queues/overdue", list=True, allowed=STAFF, api=True),
    Url("/api/v1/queues/intake", list=True, allowed=STAFF, api=True),
    Url("/api/v1/dossiers/{ref}/notes", allowed=HANDLERS, api=True),
    Url("/api/v1/dossiers/{ref}/notes", "POST", {"body": "Ghi chú"}, allowed=HANDLERS, api=True),
]

try:  # the officer actions' URLs, when that feature has listed them
    from .action_urls import ACTION_URLS  # type: ignore[import-not-found]
except ImportError:
    ACTION_URLS = []


def _as_url(item: Url | dict[str, Any] | tuple[str, str, str]) -> Url:
    if isinstance(item, Url):
        return item
    if isinstance(item, tuple):
        _name, path, method = item
        return Url(path, method)
    data = dict(item)
    if data.get("allowed") is not None:
        data["allowed"] = frozenset(data["allowed"])
    return Url(**data)


ALL_URLS = URLS + [_as_url(u) for u in ACTION_URLS]


@pytest.fixture
def world(settings, tmp_path, binh_dossier, everyone, counter_cuong, officer_chi, citizen_an):
    settings.MEDIA_ROOT = tmp_path
    settings.STAFF_OTP_REQUIRED = False
    name = default_storage.save("dossiers/papers/to-khai.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    paper = Paper.objects.create(dossier=binh_dossier, name="Tờ khai", file=name)
    with time_machine.travel(at("2026-03-04 09:00"), tick=False):
        petition = workflow.submit(
            by=citizen_an, subject="Chậm", content="Chưa có kết quả.", dossier=binh_dossier
        )
        # A dossier of officer_chi's agency, so that her lists are not simply empty.
        other = walk_in(counter_cuong, citizen_an, when="2026-03-04 09:00", competent=OTHER)
        other.apply(
            "forward",
            by=counter_cuong,
            at=at("2026-03-04 10:00"),
            agency_id=agency(OTHER).pk,
            assignee_id=officer_chi.pk,
        )
    return {
        "ref": binh_dossier.reference,
        "code": binh_dossier.code,
        "paper": paper.pk,
        "petition": petition.reference,
        "users": everyone,
        "event": "forward",
        "applicant": citizen_an.pk,
        "version": binh_dossier.procedure_version_id,
        "hidden": [binh_dossier.reference, binh_dossier.code, petition.reference],
    }


def _request(client, url: Url, values: dict[str, Any]):
    keys = ("ref", "code", "paper", "petition", "event", "applicant", "version")
    path = url.path.format(**{k: values[k] for k in keys})
    if url.method == "GET":
        return client.get(path)
    if url.api:
        return client.post(path, json.dumps(url.data), content_type="application/json")
    return client.post(path, url.data)


def _label(url: Url | dict[str, Any] | tuple[str, str, str]) -> str:
    u = _as_url(url)
    return f"{u.method} {u.path}"


@pytest.mark.parametrize("url", ALL_URLS, ids=_label)
def test_every_persona_gets_what_its_scope_allows(client, world, url: Url):
    with time_machine.travel(at("2026-03-05 09:00"), tick=True):
        anonymous = _request(client, url, world)
        if url.api:
            assert anonymous.status_code == 401
        else:
            assert anonymous.status_code == 302
            assert anonymous["Location"].startswith("/mot-cua/dang-nhap/")
        # Outsiders first: a successful POST of an allowed persona may change the object.
        order = sorted(PERSONAS, key=lambda p: url.allowed is not None and p in url.allowed)
        for persona in order:
            client.force_login(world["users"][persona])
            response = _request(client, url, world)
            _check(url, persona, response, world)
            client.logout()


def _check(url: Url, persona: str, response, world) -> None:
    status, where = response.status_code, f"{persona} {url.method} {url.path}"
    if persona in CITIZENS:
        ok = {403, 404} if url.api else {403}
        assert status in ok or (status == 302 and "dang-nhap" in response["Location"]), where
    elif persona == "officer_chi":
        if url.list:
            assert status == 200, where
            body = response.content.decode()
            assert not any(h in body for h in world["hidden"]), where
        elif url.names_the_dossier:
            assert status == 404, where
    elif url.allowed is not None and persona in url.allowed:
        assert status in (200, 201, 302), f"{where}: {status}"
        if status == 302:
            assert "dang-nhap" not in response["Location"], where
    elif url.allowed is not None:
        assert status in (403, 404), f"{where}: {status}"


def test_officer_chi_sees_her_own_rows_in_her_lists(client, world):
    client.force_login(world["users"]["officer_chi"])
    with time_machine.travel(at("2026-03-05 09:00"), tick=True):
        body = client.get("/mot-cua/").content.decode()
        api = client.get("/api/v1/queues/mine").json()
    assert api["count"] == 1
    assert api["items"][0]["competent_agency"] == OTHER
    assert api["items"][0]["code"] in body
