"""Reads that feed the recommendation pages, the dashboards' matrix and the exports."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from recommendations.models import Recommendation, RecommendationOwner, WorkstreamShare
from taskforce.models import Deadline, Organisation
from workstreams.models import Action, Workstream
from workstreams.selectors import action_figures, figure_aggregates
from workstreams.status import Figures, Status


def recommendation_scope(org: Organisation | None) -> Q:
    """The recommendations an organisation's view shows: those it owns or shares."""
    if org is None:
        return Q()
    return Q(pk__in=RecommendationOwner.objects.filter(organisation=org).values("recommendation_id"))


@dataclass
class RecommendationRow:
    recommendation: Recommendation
    owners: list[Organisation]
    workstreams: list[Workstream]
    figures: Figures
    status: Status
    # The list page's "Verbinden: 3 open, 2 afgerond": per workstream, from the prefetched actions.
    shares: list[WorkstreamShare] = field(default_factory=list)


def recommendation_rows(
    *,
    deadline: Deadline,
    now: dt.datetime | None = None,
    org: Organisation | None = None,
    workstream: Workstream | None = None,
) -> list[RecommendationRow]:
    """The matrix: each recommendation with owners, workstreams and the figures of the actions serving it.

    An organisation's view narrows the rows to the recommendations it owns or shares; a row's figures
    and status stay those of the whole recommendation (a recommendation has one status).
    """
    now = now or timezone.now()
    recs = Recommendation.objects.filter(recommendation_scope(org)).prefetch_related(
        Prefetch("owner_links", queryset=RecommendationOwner.objects.select_related("organisation")),
        "workstreams",
    )
    figures_by_rec = action_figures(today=deadline.today, now=now, by="recommendations")
    if workstream is not None:
        recs = recs.filter(
            pk__in=Recommendation.workstreams.through.objects.filter(workstream=workstream).values("recommendation_id")
        )
    rows = []
    for rec in recs:
        figures = figures_by_rec[rec.pk]
        rows.append(
            RecommendationRow(
                recommendation=rec,
                owners=rec.owner_list(),
                workstreams=list(rec.workstreams.all()),
                figures=figures,
                status=rec.status(figures, deadline),
            )
        )
    return rows


def recommendation_overview(*, deadline: Deadline, now: dt.datetime | None = None) -> list[RecommendationRow]:
    """All 15 with their per-workstream shares, for the recommendations page.

    The same figures and shares as Recommendation.progress, counted by the database: thousands of
    actions serve the recommendations, and loading them all cost seconds.
    """
    now = now or timezone.now()
    recs = Recommendation.objects.all().prefetch_related(
        Prefetch("owner_links", queryset=RecommendationOwner.objects.select_related("organisation")),
        "workstreams",
    )
    # One row per (recommendation, workstream) with the Figures' counts of the actions serving it: summed
    # per recommendation they are its figures (each link is one action), and they are its shares.
    aggregates = figure_aggregates(today=deadline.today, now=now, prefix="action__")
    pairs = (
        Action.recommendations.through.objects.values(
            "recommendation_id",
            "action__workstream_id",
            "action__workstream__name",
            "action__workstream__slug",
            "action__workstream__position",
        )
        .annotate(**aggregates, dropped=Count("id", filter=Q(action__status=Action.Status.DROPPED)), links=Count("id"))
        .order_by()
    )
    figures_by_rec: dict[int, Figures] = defaultdict(Figures)
    counted: dict[int, dict[int, WorkstreamShare]] = defaultdict(dict)
    for pair in pairs:
        rec_id, ws_id = pair["recommendation_id"], pair["action__workstream_id"]
        figures = figures_by_rec[rec_id]
        for name in aggregates:
            setattr(figures, name, getattr(figures, name) + pair[name])
        if pair["links"] > pair["dropped"]:
            workstream = Workstream(
                pk=ws_id,
                name=pair["action__workstream__name"],
                slug=pair["action__workstream__slug"],
                position=pair["action__workstream__position"],
            )
            counted[rec_id][ws_id] = WorkstreamShare(workstream, open=pair["total"] - pair["done"], done=pair["done"])
    rows = []
    for rec in recs:
        shares = {ws.pk: WorkstreamShare(ws) for ws in rec.workstreams.all()}
        for ws_id, share in counted[rec.pk].items():
            if ws_id in shares:
                share.workstream = shares[ws_id].workstream  # the full object where it is at hand
            shares[ws_id] = share
        ordered = sorted(shares.values(), key=lambda s: (s.workstream.position, s.workstream.name))
        figures = figures_by_rec[rec.pk]
        rows.append(
            RecommendationRow(
                recommendation=rec,
                owners=rec.owner_list(),
                workstreams=[share.workstream for share in ordered],
                figures=figures,
                status=rec.status(figures, deadline),
                shares=ordered,
            )
        )
    return rows
