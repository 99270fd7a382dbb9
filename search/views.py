"""The search page: one box, everything a person may read, ranked, by kind with counts, in pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from search import selectors
from search.forms import SearchForm
from taskforce.pagecache import cached_page


def _page_number(value: str | None) -> int:
    try:
        return max(int(value or 1), 1)
    except ValueError:
        return 1


@require_safe
@cached_page
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    kind = request.GET.get("soort") if request.GET.get("soort") in selectors.KINDS else None
    # Only the page asked for is fetched and marked; Paginator just numbers the pages.
    results = selectors.search(request.user, query, kind=kind, page=_page_number(request.GET.get("pagina")))
    page = Paginator(selectors.PageOfHits(results), selectors.HITS_PER_PAGE).page(results.page)
    counts = [count for count in results.counts if count.count]
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": query,
            "kind": kind,
            "kind_label": next((c.label for c in results.counts if c.kind == kind), ""),
            "results": results,
            "counts": counts,
            "capped": [count for count in counts if count.count > count.shown],
            "shown": results.available,
            "page": page,
            "searched": ", ".join(str(source.label) for source in selectors.SOURCES),
        },
    )
