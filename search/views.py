"""The search page: one box, everything a person may read, ranked, by kind with counts, in pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from search import selectors
from search.forms import SearchForm

HITS_PER_PAGE = 20


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    kind = request.GET.get("soort") if request.GET.get("soort") in selectors.KINDS else None
    results = selectors.search(request.user, query)
    hits = results.of_kind(kind)
    page = Paginator(hits, HITS_PER_PAGE).get_page(request.GET.get("pagina"))
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
            "shown": len(hits),
            "page": page,
            "searched": ", ".join(str(source.label) for source in selectors.SOURCES),
        },
    )
