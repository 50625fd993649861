"""`{% read_failure paper.file as reason %}`: why a paper's file could not be read, for the
officer's list of papers (ADR 0016; security review D2). Empty when it was read, or is still
waiting."""

from __future__ import annotations

from django import template
from django.db.models import Q

from motcua.documents.choices import TextState
from motcua.documents.models import StoredFile

register = template.Library()


@register.simple_tag
def read_failure(name: str) -> str:
    if not name:
        return ""
    failed = StoredFile.objects.filter(
        Q(name=name) | Q(scan_name=name), text_state=TextState.FAILED
    )
    return next(iter(failed.values_list("text_error", flat=True)[:1]), "") or ""
