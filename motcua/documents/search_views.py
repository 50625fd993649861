"""The back-office page that searches inside digitized papers: /mot-cua/tim-giay-to/?q=…

A back-office page kept beside the search it shows (motcua.documents.search), behind the back
office's own gate (staff only, second factor where required): a citizen gets 403, a visitor
signs in first, and only papers of dossiers the officer may read are listed.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from motcua.accounts.staff import staff_required

from .search import hits, matching_papers
from .textsearch import MIN_TERM, terms_of

PAGE_SIZE = 20


class PaperSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words to find in the papers"),
        max_length=200,
        help_text=_(
            "Names, addresses, numbers… as written in the paper, with or without "
            "diacritics. Every word must appear."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def clean_q(self) -> str:
        query: str = self.cleaned_data["q"]
        if not terms_of(query):
            raise forms.ValidationError(
                _("Type at least one word of %(n)d letters or more."), params={"n": MIN_TERM}
            )
        return query


@staff_required
@require_GET
def paper_search(request: HttpRequest) -> HttpResponse:
    form = PaperSearchForm(request.GET if "q" in request.GET else None)
    context: dict[str, object] = {"form": form, "page": None}
    if form.is_bound and form.is_valid():
        terms = terms_of(form.cleaned_data["q"])
        page = Paginator(matching_papers(request.user, terms), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        query = request.GET.copy()
        query.pop("page", None)
        context.update(page=page, hits=hits(list(page.object_list), terms), query=query.urlencode())
    return render(request, "documents/paper_search.html", context)
