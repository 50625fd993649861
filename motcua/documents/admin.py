from django.contrib import admin
from django.http import HttpRequest

from motcua.lib.admin import ReadOnlyAdminMixin

from .models import RepositoryPaper, StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: a stored file passed the upload checks and a dossier may point to it."""

    list_display = ("filename", "content_type", "size", "owner", "created_at", "text_state")
    list_filter = ("content_type", "text_state", "text_source")
    list_select_related = ("owner",)
    search_fields = ("filename", "=sha256", "=name")
    date_hierarchy = "created_at"
    raw_id_fields = ("owner",)


@admin.register(RepositoryPaper)
class RepositoryPaperAdmin(admin.ModelAdmin):
    """The local stand-in of the citizen's repository: papers come from `seed_repository` (or,
    later, the national repository); the admin corrects their description, not their file."""

    list_display = ("title", "id_number", "kind", "issuer", "issued_on", "from_national")
    list_filter = ("kind", "from_national")
    search_fields = ("=id_number", "title", "issuer")
    readonly_fields = ("file", "content_type", "size", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
