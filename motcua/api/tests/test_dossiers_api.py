import pytest

from motcua.dossiers.tests.factories import walk_in

pytestmark = pytest.mark.usefixtures("demo_catalog")


@pytest.fixture
def dossier(counter_cuong, citizen_an):
    return walk_in(counter_cuong, citizen_an, when="2026-03-07 10:00")


def test_the_applicant_reads_their_dossier_by_reference_or_code(client, dossier, citizen_an):
    client.force_login(citizen_an)

    by_reference = client.get(f"/api/v1/dossiers/{dossier.reference}").json()
    by_code = client.get("/api/v1/dossiers/000.01.31.H19-260307-0001").json()

    assert by_reference == by_code
    assert by_code["status"] == 2
    assert by_code["due_at"] == "2026-03-18T17:00:00+07:00"
    assert by_code["procedure"] == "1.004222"


def test_the_history_lists_each_event(client, dossier, officer_binh):
    client.force_login(officer_binh)

    history = client.get(f"/api/v1/dossiers/{dossier.code}/history").json()

    assert [(h["event"], h["to_status"], h["by"]) for h in history] == [
        ("receive_at_counter", 2, "Lê Văn Cường")
    ]


@pytest.mark.parametrize("path", ["", "/history"])
def test_officer_chi_of_another_agency_gets_404(client, dossier, officer_chi, path):
    client.force_login(officer_chi)

    response = client.get(f"/api/v1/dossiers/{dossier.reference}{path}")

    assert response.status_code == 404
    assert response.json()["message"]


def test_without_credentials_it_answers_401(client, dossier):
    assert client.get(f"/api/v1/dossiers/{dossier.reference}").status_code == 401


def test_d10_applicant_sees_no_officer_names_in_api(
    client, dossier, counter_cuong, officer_binh, citizen_an
):
    """Security review D10: the applicant reads "Officer of <agency>", as in the messages."""
    from motcua.dossiers.tests.factories import COMMITTEE, agency, at

    dossier.apply(
        "forward",
        by=counter_cuong,
        at=at("2026-03-07 11:00"),
        agency_id=agency(COMMITTEE).pk,
        assignee_id=officer_binh.pk,
    )
    client.force_login(citizen_an)
    client.cookies["django_language"] = "en"

    history = client.get(f"/api/v1/dossiers/{dossier.reference}/history")
    body = client.get(f"/api/v1/dossiers/{dossier.reference}")

    for response in (history, body):
        assert response.status_code == 200
        assert "Lê Văn Cường" not in response.content.decode()
        assert "Phạm Thị Bình" not in response.content.decode()
    assert {h["by"] for h in history.json()} == {f"Officer of {dossier.receiving_unit.name}"}
    [step] = [s for s in body.json()["steps"] if s["assignee"]]
    assert step["assignee"] == f"Officer of {agency(COMMITTEE).name}"
    client.force_login(officer_binh)  # staff still read names
    staff = client.get(f"/api/v1/dossiers/{dossier.reference}/history").json()
    assert {h["by"] for h in staff} == {"Lê Văn Cường"}
    assert "Phạm Thị Bình" in [
        s["assignee"] for s in client.get(f"/api/v1/dossiers/{dossier.code}").json()["steps"]
    ]
