"""Search across what a member can see."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from recommendations.models import Recommendation
from search.forms import SearchForm
from workstreams.models import Action

SEARCH_LIMIT = 50


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    actions, recommendations = [], []
    if query:
        actions = list(
            Action.objects.filter(Q(title__icontains=query) | Q(description__icontains=query))
            .select_related("workstream", "owner")
            .order_by("workstream__position", "due_date", "id")[:SEARCH_LIMIT]
        )
        rec_filter = Q(title__icontains=query)
        if query.isdigit():
            rec_filter |= Q(number=int(query))
        recommendations = list(Recommendation.objects.filter(rec_filter).order_by("number")[:SEARCH_LIMIT])
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": query,
            "actions": actions,
            "recommendations": recommendations,
            "limit": SEARCH_LIMIT,
            "now": timezone.now(),
        },
    )
