"""motcua's own certification authority (the DEMO CA): its certificates, revocations and CRL,
and the agency keys that sign results.

The CRL is signed when something changes (a revocation) or when the published one nears its
next update, and kept on the Authority row: the public page serves it and the verification
uses it, so checking a result never reaches the network (ADR 0014).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from motcua.agencies.models import Agency

from . import pki
from .conf import pki_dir, public_url
from .models import Authority, Certificate, Revocation, SigningKey
from .signing import KeySource, Pkcs11Key, Pkcs12Key, SigningUnavailable

if TYPE_CHECKING:
    from motcua.accounts.models import User

DEMO_SLUG = "demo-ca"
DEMO_NAME = "motcua DEMO CA — không dùng cho văn bản thật"
CRL_LIFETIME = dt.timedelta(days=7)
CRL_REFRESH_BEFORE = dt.timedelta(days=1)


def _write_secret(path: Path, content: bytes) -> None:
    """Write a key or password readable by the service's user only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(content)


def create_authority(
    name: str,
    slug: str,
    *,
    not_before: dt.datetime,
    directory: Path | None = None,
    is_demo: bool = True,
) -> Authority:
    """A new root CA: its key in `directory`, its certificate and first CRL in the database."""
    folder = directory or pki_dir()
    root = pki.make_root(name, not_before=not_before)
    key_file = folder / f"{slug}.key"
    _write_secret(key_file, root.key_pem())
    authority = Authority.objects.create(
        name=name, slug=slug, certificate_pem=root.pem, key_file=str(key_file), is_demo=is_demo
    )
    refresh_crl(authority)
    return authority


def root_of(authority: Authority) -> pki.Issued:
    """The authority's certificate with its key, to issue certificates and sign CRLs."""
    if not authority.key_file:
        raise SigningUnavailable(f"{authority.name}: không có khóa của tổ chức cấp chứng thư.")
    return pki.load_issued(authority.certificate_pem, Path(authority.key_file).read_bytes())


def crl_url(authority: Authority) -> str:
    return public_url(reverse("results:crl", args=[authority.slug]))


def issue_for_agency(
    authority: Authority,
    agency: Agency,
    *,
    not_before: dt.datetime,
    directory: Path | None = None,
    years: int = 3,
) -> SigningKey:
    """A signing certificate for `agency`, in a PKCS#12 file whose password goes in a file
    beside it; the agency's SigningKey now points to it."""
    folder = directory or pki_dir()
    issued = pki.issue_signing(
        root_of(authority),
        pki.common_name(agency.name, " (DEMO)"),
        crl_url=crl_url(authority),
        not_before=not_before,
        years=years,
    )
    password = secrets.token_urlsafe(18).encode("ascii")
    p12 = folder / f"{agency.code}.p12"
    _write_secret(
        p12, pki.pkcs12_bytes(issued, [root_of(authority).certificate], password, agency.code)
    )
    _write_secret(folder / f"{agency.code}.pass", password)
    cert = _record(authority, issued.certificate, agency)
    key, _created = SigningKey.objects.update_or_create(
        agency=agency,
        defaults={
            "kind": SigningKey.Kind.PKCS12,
            "certificate": cert,
            "pkcs12_file": str(p12),
            "secret_env": "",
            "secret_file": str(folder / f"{agency.code}.pass"),
        },
    )
    return key


def _record(authority: Authority, cert: x509.Certificate, agency: Agency | None) -> Certificate:
    subject = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return Certificate.objects.create(
        authority=authority,
        agency=agency,
        serial=str(cert.serial_number),
        subject=str(subject[0].value) if subject else cert.subject.rfc4514_string(),
        certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )


def refresh_crl(authority: Authority, now: dt.datetime | None = None) -> bytes:
    """Sign a new CRL listing every revocation of the authority's certificates."""
    moment = now or timezone.now()
    revoked = [
        pki.RevokedEntry(int(r.certificate.serial), r.revoked_at, r.reason)
        for r in Revocation.objects.filter(certificate__authority=authority)
        .select_related("certificate")
        .order_by("revoked_at")
    ]
    number = authority.crl_number + 1
    der = pki.build_crl(
        root_of(authority),
        revoked,
        number=number,
        this_update=moment,
        next_update=moment + CRL_LIFETIME,
    )
    Authority.objects.filter(pk=authority.pk).update(
        crl_der=der, crl_number=number, crl_next_update=moment + CRL_LIFETIME
    )
    authority.crl_der, authority.crl_number = der, number
    authority.crl_next_update = moment + CRL_LIFETIME
    return der


def current_crl(authority: Authority) -> bytes:
    """The published CRL, signed again when it is missing or near its next update."""
    now = timezone.now()
    due = authority.crl_next_update is None or authority.crl_next_update - now < CRL_REFRESH_BEFORE
    if (due or not authority.crl_der) and authority.key_file:
        with transaction.atomic():
            locked = Authority.objects.select_for_update().get(pk=authority.pk)
            return refresh_crl(locked, now)
    return bytes(authority.crl_der)


@transaction.atomic
def revoke(certificate: Certificate, reason: str, *, by: User | None, note: str = "") -> Revocation:
    """Revoke `certificate` and publish the new CRL at once."""
    authority = Authority.objects.select_for_update().get(pk=certificate.authority_id)
    revocation, _created = Revocation.objects.get_or_create(
        certificate=certificate,
        defaults={"reason": reason, "note": note, "revoked_at": timezone.now(), "revoked_by": by},
    )
    refresh_crl(authority)
    return revocation


def trust_material() -> tuple[list[bytes], list[bytes]]:
    """The roots motcua trusts (DER) and their current CRLs, for validation.check_pdf."""
    roots, crls = [], []
    for authority in Authority.objects.order_by("pk"):
        roots.append(pki.der_of(authority.certificate_pem))
        crl = current_crl(authority)
        if crl:
            crls.append(crl)
    return roots, crls


def key_for(agency: Agency) -> SigningKey:
    """The signing key of `agency`, or of the nearest agency above it that has one (a
    department signs with its agency's seal)."""
    seen: set[int] = set()
    current: Agency | None = agency
    while current is not None and current.pk not in seen:
        key = (
            SigningKey.objects.filter(agency=current)
            .select_related("certificate", "agency")
            .first()
        )
        if key is not None:
            return key
        seen.add(current.pk)
        current = current.parent
    raise SigningUnavailable(
        f"{agency.name}: chưa có khóa ký số (chạy make_demo_pki hoặc cấu hình khóa của cơ quan)."
    )


def _secret(key: SigningKey) -> str:
    if key.secret_env:
        value = os.environ.get(key.secret_env, "")
        if not value:
            raise SigningUnavailable(f"Biến môi trường {key.secret_env} chưa có mật khẩu/PIN.")
        return value
    if key.secret_file:
        return Path(key.secret_file).read_text("utf-8").strip()
    return ""


def key_source(key: SigningKey) -> KeySource:
    """What signing.open_signer needs for `key`, with its password or PIN."""
    if key.kind == SigningKey.Kind.PKCS11:
        return Pkcs11Key(
            key.pkcs11_module, key.pkcs11_token_label, key.pkcs11_key_label, _secret(key)
        )
    return Pkcs12Key(Path(key.pkcs12_file), _secret(key).encode("utf-8"))
