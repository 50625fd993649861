from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, ExternalIdentity, Membership, Organisation, Representation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("agency",)


class RepresentationInline(admin.TabularInline):
    model = Representation
    extra = 0
    autocomplete_fields = ("organisation",)


class RepresentativeInline(admin.TabularInline):
    model = Representation
    extra = 0
    autocomplete_fields = ("user",)


class ExternalIdentityInline(admin.TabularInline):
    model = ExternalIdentity
    extra = 0
    readonly_fields = ("provider", "subject", "created_at", "last_login_at")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Links are made by a log-in through the provider, never by hand.
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("full_name",)
    list_display = ("full_name", "phone", "email", "kind", "is_active", "is_staff")
    list_filter = ("kind", "is_active", "is_staff")
    search_fields = ("full_name", "phone", "email", "id_number")
    inlines = [MembershipInline, RepresentationInline, ExternalIdentityInline]
    readonly_fields = ("vneid_verified_at",)
    autocomplete_fields = ("commune",)
    fieldsets = (
        (None, {"fields": ("full_name", "phone", "email", "password", "kind")}),
        (
            _("Profile"),
            {
                "fields": (
                    "id_number",
                    "date_of_birth",
                    "sex",
                    "address",
                    "commune",
                    "vneid_verified_at",
                )
            },
        ),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("full_name", "phone", "email", "kind", "password1", "password2"),
            },
        ),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "scope", "created_at", "last_used_at", "revoked_at")
    list_filter = ("scope",)
    search_fields = ("name", "prefix", "user__full_name")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    actions = ["revoke"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        # A token's secret is shown once at creation, which only the token page can do.
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):  # type: ignore[no-untyped-def]
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoke()


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "tax_code", "created_at")
    search_fields = ("name", "tax_code")
    inlines = [RepresentativeInline]
