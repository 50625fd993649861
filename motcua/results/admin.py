"""Admin: the authorities and certificates, revoking a certificate (→ the CRL), agency keys,
and the results (read only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .authority import revoke
from .models import Authority, Certificate, Result, Revocation, SigningKey


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_demo", "crl_number", "crl_next_update"]
    readonly_fields = ["certificate_pem", "crl_number", "crl_next_update", "created_at"]
    exclude = ["crl_der"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["subject", "serial_hex", "agency", "not_before", "not_after", "is_revoked"]
    search_fields = ["subject", "serial", "agency__name", "agency__code"]
    readonly_fields = [
        "authority",
        "agency",
        "serial",
        "subject",
        "certificate_pem",
        "not_before",
        "not_after",
        "created_at",
    ]

    @admin.display(boolean=True, description="revoked")
    def is_revoked(self, obj: Certificate) -> bool:
        return obj.is_revoked

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # certificates come from the authority (make_demo_pki), not a form


@admin.register(Revocation)
class RevocationAdmin(admin.ModelAdmin):
    """Adding a revocation revokes the certificate and signs a new CRL at once."""

    list_display = ["certificate", "reason", "revoked_at", "revoked_by"]
    fields = ["certificate", "reason", "note", "revoked_at", "revoked_by"]
    readonly_fields = ["revoked_at", "revoked_by"]
    autocomplete_fields = ["certificate"]

    def save_model(self, request: HttpRequest, obj: Revocation, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)  # the note only
            return
        saved = revoke(
            obj.certificate,
            obj.reason,
            by=request.user,  # type: ignore[arg-type]
            note=obj.note,
        )
        obj.pk, obj.revoked_at, obj.revoked_by = saved.pk, saved.revoked_at, saved.revoked_by

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a revocation is final (RFC 5280 has no un-revoke but certificateHold)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None:
            return ["certificate", "reason", "revoked_at", "revoked_by"]
        return list(self.readonly_fields)


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    list_display = ["agency", "kind", "certificate"]
    search_fields = ["agency__name", "agency__code"]
    raw_id_fields = ["agency", "certificate"]


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["code", "dossier", "generated", "drafted_at", "signed_at", "certificate"]
    search_fields = ["code", "dossier__code", "dossier__reference"]
    readonly_fields = [f.name for f in Result._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
