"""The demo public-key infrastructure: a root CA, agency signing certificates and the CRL.

Pure module (cryptography only, no database): authority.py stores what these functions make.
EC P-256 keys: quick to make in tests and in `make_demo_pki`, and accepted by PDF readers for
PAdES. A real deployment takes its certificates from a licensed CA (Law 20/2023 on electronic
transactions; Decree 23/2025 on electronic signatures), never from this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

# The reasons an administrator may give (RFC 5280 §5.3.1), as the CRL writes them.
REASONS = {
    "unspecified": x509.ReasonFlags.unspecified,
    "key_compromise": x509.ReasonFlags.key_compromise,
    "affiliation_changed": x509.ReasonFlags.affiliation_changed,
    "superseded": x509.ReasonFlags.superseded,
    "cessation_of_operation": x509.ReasonFlags.cessation_of_operation,
}

_NO_USAGE = {
    "digital_signature": False,
    "content_commitment": False,
    "key_encipherment": False,
    "data_encipherment": False,
    "key_agreement": False,
    "key_cert_sign": False,
    "crl_sign": False,
    "encipher_only": False,
    "decipher_only": False,
}


@dataclass(frozen=True)
class Issued:
    """A certificate with its private key, both as the files keep them."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")

    def key_pem(self) -> bytes:
        """The private key, PKCS#8 unencrypted: the CA key file is protected by file mode."""
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def common_name(name: str, suffix: str = "") -> str:
    """`name` + `suffix` within the 64 bytes a common name may hold (RFC 5280 ub-common-name;
    cryptography counts UTF-8 bytes, and Vietnamese letters take two or three)."""
    words = name.split()
    while words and len((" ".join(words) + suffix).encode("utf-8")) > 64:
        words.pop()
    return (" ".join(words) or name[:20]) + suffix


def _name(cn: str, organisation: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(parts)


def make_root(common_name: str, *, not_before: dt.datetime, years: int = 10) -> Issued:
    """A self-signed root that signs certificates and CRLs (and nothing else)."""
    key = new_key()
    subject = _name(common_name, "motcua")
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_before + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(**{**_NO_USAGE, "key_cert_sign": True, "crl_sign": True}), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(cert, key)


def issue_signing(
    root: Issued, common_name: str, *, crl_url: str, not_before: dt.datetime, years: int = 3
) -> Issued:
    """An agency's signing certificate: nonRepudiation (contentCommitment) and
    digitalSignature, with the CRL distribution point where motcua publishes the CRL."""
    key = new_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(root.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_before + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(**{**_NO_USAGE, "digital_signature": True, "content_commitment": True}),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root.key.public_key()),
            critical=False,
        )
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier(crl_url)], None, None, None
                    )
                ]
            ),
            critical=False,
        )
        .sign(root.key, hashes.SHA256())
    )
    return Issued(cert, key)


@dataclass(frozen=True)
class RevokedEntry:
    serial: int
    revoked_at: dt.datetime
    reason: str  # a key of REASONS


def build_crl(
    root: Issued,
    revoked: list[RevokedEntry],
    *,
    number: int,
    this_update: dt.datetime,
    next_update: dt.datetime,
) -> bytes:
    """The CRL (DER) of `root` listing `revoked`, signed with the root's key."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.certificate.subject)
        .last_update(this_update)
        .next_update(next_update)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root.key.public_key()),
            critical=False,
        )
    )
    for entry in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(entry.serial)
            .revocation_date(entry.revoked_at)
            .add_extension(
                x509.CRLReason(REASONS.get(entry.reason, x509.ReasonFlags.unspecified)),
                critical=False,
            )
            .build()
        )
    return builder.sign(root.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def pkcs12_bytes(
    issued: Issued, chain: list[x509.Certificate], password: bytes, friendly_name: str
) -> bytes:
    """The key, certificate and chain in one password-protected PKCS#12 file."""
    return pkcs12.serialize_key_and_certificates(
        friendly_name.encode("utf-8"),
        issued.key,
        issued.certificate,
        chain,
        serialization.BestAvailableEncryption(password),
    )


def load_issued(cert_pem: str, key_pem: bytes) -> Issued:
    key = serialization.load_pem_private_key(key_pem, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError("The CA key is not an EC key")
    return Issued(x509.load_pem_x509_certificate(cert_pem.encode("ascii")), key)


def der_of(cert_pem: str) -> bytes:
    return x509.load_pem_x509_certificate(cert_pem.encode("ascii")).public_bytes(
        serialization.Encoding.DER
    )
