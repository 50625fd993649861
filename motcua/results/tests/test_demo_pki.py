"""make_demo_pki: one DEMO CA and one certificate per agency, once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from motcua.agencies.models import Agency
from motcua.results.models import Authority, Certificate, SigningKey


@pytest.mark.usefixtures("demo_agencies")
def test_the_command_makes_the_demo_pki_once(settings, tmp_path):
    call_command("make_demo_pki", stdout=io.StringIO())
    call_command("make_demo_pki", stdout=io.StringIO())

    authority = Authority.objects.get()
    assert "DEMO" in authority.name
    assert authority.slug == "demo-ca"
    assert Certificate.objects.count() == SigningKey.objects.count() == Agency.objects.count()
    key = SigningKey.objects.select_related("certificate", "agency").get(
        agency__code="000.00.31.H19"
    )
    assert (tmp_path / "pki" / f"{key.agency.code}.p12").is_file()
    assert oct((tmp_path / "pki" / "demo-ca.key").stat().st_mode)[-3:] == "600"
    assert authority.crl_der
