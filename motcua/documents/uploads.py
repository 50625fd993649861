"""Keep the news that an upload's name held a path, so that the upload checks can refuse it.

Django's multipart parser cuts a name such as "..\\..\\windows\\hop-dong.pdf" down to
"hop-dong.pdf" before any code sees it. That protects storage, but the person is never told
that the file they chose carried a path. `PathAwareParser` keeps Django's cleaning and marks
such a name; `documents.intake.accept()` refuses a marked name with a message naming it.
`UploadNamesMiddleware` makes each request parse multipart bodies with it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import ImmutableList, MultiValueDict

# Starts a name whose original held a path; "\u2400" (SYMBOL FOR NULL) is printable, so Django
# keeps it, and nobody types it into a file name.
PATH_MARK = "\u2400"


def had_path(name: str) -> bool:
    return name.startswith(PATH_MARK)


def without_mark(name: str) -> str:
    return name.removeprefix(PATH_MARK)


class PathAwareParser(MultiPartParser):
    def sanitize_file_name(self, file_name: str) -> str | None:
        clean = super().sanitize_file_name(file_name)
        given = html.unescape(file_name)
        if clean and ("/" in given or "\\" in given):
            return PATH_MARK + clean
        return clean


def _parse_file_upload(
    request: HttpRequest,
    META: Any,  # noqa: N803 (Django's name)
    post_data: Any,
) -> tuple[QueryDict, MultiValueDict[str, Any]]:
    """HttpRequest.parse_file_upload with PathAwareParser (Django 5.2's body otherwise)."""
    request.upload_handlers = ImmutableList(
        request.upload_handlers,
        warning="You cannot alter upload handlers after the upload has been processed.",
    )
    parser = PathAwareParser(META, post_data, request.upload_handlers, request.encoding)
    return parser.parse()


class UploadNamesMiddleware:
    """Before anything reads request.POST (CSRF does), parse uploads with PathAwareParser."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.parse_file_upload = partial(_parse_file_upload, request)  # type: ignore[method-assign]
        return self.get_response(request)
