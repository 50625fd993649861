"""Counter intake of a walk-in: find or create the citizen, scan the papers, receive at once."""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion
from motcua.documents.models import StoredFile
from motcua.documents.tests.samples import exe, pdf, png, upload
from motcua.dossiers.models import Dossier, Fact

pytestmark = pytest.mark.usefixtures("demo_catalog")
INTAKE = "/mot-cua/tiep-nhan/"


@pytest.fixture(autouse=True)
def _setting(monkeypatch: pytest.MonkeyPatch, settings, tmp_path):
    """Monday 2/3/2026 09:00, files in a temporary folder, no second factor (the log-in's)."""
    settings.STAFF_OTP_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CLAMD_ADDRESS = ""
    with time_machine.travel("2026-03-02 09:00 +0700", tick=False):
        yield


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def criminal_record() -> ProcedureVersion:
    """3.000333: three papers, all required, no cases."""
    return ProcedureVersion.objects.get(procedure__code="3.000333")


def test_the_counter_finds_a_citizen_by_personal_id_number_or_phone(
    client, counter_cuong, citizen_an
):
    client.force_login(counter_cuong)
    for query in ("019085001234", "0912 000 001", "+84912000001"):
        response = client.get(INTAKE, {"q": query})
        assert list(response.context["found"]) == [citizen_an]
    assert client.get(INTAKE, {"q": "019085009999"}).context["found"] == []


def test_the_counter_creates_an_account_for_a_walk_in(client, counter_cuong):
    client.force_login(counter_cuong)

    bad = client.post(
        f"{INTAKE}cong-dan-moi/",
        {"full_name": "Lò Thị Mai", "id_number": "01919", "phone": "0987000111"},
    )
    assert "12 chữ số" in bad.content.decode()

    response = client.post(
        f"{INTAKE}cong-dan-moi/",
        {"full_name": "Lò Thị Mai", "id_number": "019 190 001 122", "phone": "0987000111"},
    )

    mai = User.objects.get(phone="0987000111")
    assert (mai.id_number, mai.kind, mai.has_usable_password()) == (
        "019190001122",
        "citizen",
        False,
    )
    assert response.status_code == 302
    assert response["Location"] == f"{INTAKE}ho-so/?cong_dan={mai.pk}"


def test_only_a_counter_officer_receives(client, officer_binh, citizen_an):
    client.force_login(officer_binh)
    assert client.get(INTAKE).status_code == 403
    client.force_login(citizen_an)
    assert client.get(INTAKE).status_code == 403


def test_the_procedure_step_lists_procedures_in_force(client, counter_cuong, citizen_an):
    client.force_login(counter_cuong)
    response = client.get(f"{INTAKE}ho-so/", {"cong_dan": citizen_an.pk, "q": "3.000333"})
    assert [v.procedure.code for v in response.context["versions"]] == ["3.000333"]


def _post_papers(client, applicant: User, version: ProcedureVersion, files: dict, **extra):
    papers = list(version.documents.order_by("position"))
    data = {"channel": 1, "agency": version.implementing_agencies.get().pk, **extra}
    for position, content in files.items():
        paper = papers[position]
        data[f"have_{paper.pk}"] = "on"
        if content is not None:
            data[f"scan_{paper.pk}"] = content
    return client.post(f"{INTAKE}ho-so/?cong_dan={applicant.pk}&thu_tuc={version.pk}", data)


def test_a_refused_scan_leaves_nothing_behind(client, counter_cuong, citizen_an, settings):
    client.force_login(counter_cuong)
    version = criminal_record()

    response = _post_papers(
        client,
        citizen_an,
        version,
        {
            0: upload("to-khai.pdf", pdf()),
            1: upload("cccd.png", png(), "image/png"),
            2: upload("uy-quyen.pdf", exe()),
        },
    )

    assert response.status_code == 200
    assert "uy-quyen.pdf" in response.content.decode()
    assert not Dossier.objects.exists()
    assert not StoredFile.objects.exists()
    assert stored_files(settings) == []


def test_a_walk_in_with_two_scans_is_received_with_its_papers(
    client, counter_cuong, citizen_an, settings
):
    client.force_login(counter_cuong)
    version = criminal_record()

    response = _post_papers(
        client,
        citizen_an,
        version,
        {0: upload("to-khai.pdf", pdf()), 1: upload("cccd.png", png(), "image/png"), 2: None},
        **{f"returned_{version.documents.order_by('position')[1].pk}": "on"},
    )

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{INTAKE}{dossier.code}/bien-nhan/"
    assert (dossier.status, dossier.channel, dossier.applicant) == (2, 1, citizen_an)
    assert str(dossier.code).startswith("000.01.31.H19-260302-")
    assert dossier.applicant_id_number == "019085001234"
    papers = list(dossier.papers.order_by("required_document__position"))
    assert [(p.digitized, p.original_returned, bool(p.file)) for p in papers] == [
        (True, False, True),
        (True, True, True),
        (False, False, False),
    ]
    assert len(stored_files(settings)) == 2
    assert Fact.objects.get(dossier=dossier, event="papers").flags == {
        "papers": 3,
        "digitized": 2,
        "reused": 0,
        "national": 0,
    }

    receipt = client.get(response["Location"]).content.decode()
    assert f"/api/v1/dossiers/{dossier.code}/forms/01.pdf" in receipt


def test_a_missing_required_paper_is_named(client, counter_cuong, citizen_an):
    client.force_login(counter_cuong)
    version = criminal_record()
    response = _post_papers(client, citizen_an, version, {0: None})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_postal_dossier_keeps_its_channel(client, counter_cuong, citizen_an):
    client.force_login(counter_cuong)
    version = criminal_record()
    _post_papers(client, citizen_an, version, {0: None, 1: None, 2: None}, channel=3)
    assert Dossier.objects.get().channel == 3
