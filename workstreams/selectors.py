"""Reads that feed pages: a fixed number of queries however many actions there are."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import connection
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Collate, Lower
from django.utils import timezone

from kpis.models import KPI, Measurement, Standing
from taskforce.models import Deadline
from workstreams.models import STALE_AFTER_DAYS, Action
from workstreams.status import Figures

STATUS_ORDER = {status: i for i, status in enumerate(Action.Status.values)}


def end_of_week(today: dt.date) -> dt.date:
    """Sunday of today's week: "due this week" runs from today to then."""
    return today + dt.timedelta(days=6 - today.weekday())


def due_bucket(action: Action, today: dt.date) -> str:
    if action.due_date is None:
        return "none"
    if action.due_date < today:
        return "overdue" if action.is_open else "later"
    if action.due_date <= end_of_week(today):
        return "week"
    return "later"


def kpis_with_latest():
    """KPIs annotated with their latest measurement (value and date)."""
    latest = Measurement.objects.filter(kpi=OuterRef("pk")).order_by("-date", "-id")
    return KPI.objects.annotate(
        # Deliberately shadows the KPI.latest_value() method on these instances with the annotated value.
        latest_value=Subquery(latest.values("value")[:1]),  # type: ignore[no-redef]
        latest_date=Subquery(latest.values("date")[:1]),
    )


def count_kpis(figures: Figures, kpis, elapsed_share: float) -> None:
    """Marks each KPI (annotated by kpis_with_latest) as behind or not and counts them in the figures."""
    for kpi in kpis:
        kpi.current_standing = kpi.standing(kpi.latest_value, elapsed_share)
        kpi.behind = kpi.current_standing == Standing.BEHIND
    figures.kpis_total = len(kpis)
    figures.kpis_behind = sum(kpi.behind for kpi in kpis)


def action_figures(
    *,
    today: dt.date,
    now: dt.datetime,
    scope: Q | None = None,
    workstream_id: int | None = None,
    by: str = "workstream_id",
) -> dict[int, Figures]:
    """Action counts per workstream id (or per recommendation id with by="recommendations") in ONE
    aggregate query: the database counts, not Python.

    The same counts as Figures.from_actions (a test holds the two equal) for any amount of data;
    `scope` narrows the actions (an organisation's view).
    """
    actions = Action.objects.filter(scope or Q())
    if workstream_id is not None:
        actions = actions.filter(workstream_id=workstream_id)
    rows = actions.order_by().values(by).annotate(**figure_aggregates(today=today, now=now))
    return defaultdict(Figures, {row.pop(by): Figures(**row) for row in rows})


def figure_aggregates(*, today: dt.date, now: dt.datetime, prefix: str = "") -> dict[str, Count]:
    """The Figures' counts as aggregates, for action_figures and for one workstream's page; `prefix`
    reaches the action from another model ("action__" from the action-recommendation links)."""

    def q(**lookups) -> Q:
        return Q(**{prefix + name: value for name, value in lookups.items()})

    open_q = ~q(status__in=Action.CLOSED)
    return {
        "total": Count("id", filter=~q(status=Action.Status.DROPPED)),
        "done": Count("id", filter=q(status=Action.Status.DONE)),
        "overdue": Count("id", filter=open_q & q(due_date__lt=today)),
        "blocked": Count("id", filter=q(status=Action.Status.BLOCKED)),
        "stale": Count("id", filter=open_q & q(touched_at__lt=now - dt.timedelta(days=STALE_AFTER_DAYS))),
    }


def workstream_figures(
    *, deadline: Deadline, now: dt.datetime | None = None, scope: Q | None = None, workstream_id: int | None = None
) -> dict[int, Figures]:
    """Figures per workstream id (actions and KPIs behind target) for the status rule, in two queries.

    The one place workstream figures are counted: pages, dashboards, snapshots, the agenda and the mails
    all call this.
    """
    figures = action_figures(today=deadline.today, now=now or timezone.now(), scope=scope, workstream_id=workstream_id)
    kpis = kpis_with_latest()
    if workstream_id is not None:
        kpis = kpis.filter(workstream_id=workstream_id)
    by_workstream = defaultdict(list)
    for kpi in kpis:
        by_workstream[kpi.workstream_id].append(kpi)
    for ws_id, group in by_workstream.items():
        count_kpis(figures[ws_id], group, deadline.elapsed_share)
    return figures


def action_filter(filters, today: dt.date) -> Q:
    """What the workstream page's filters ask, as one condition on actions without joins, so the
    database can count the matches in the same query as the figures."""
    condition = Q()
    status = filters.value("status")
    if status == "open":
        condition &= ~Q(status__in=Action.CLOSED)
    elif status:
        condition &= Q(status=status)
    owner = filters.value("owner")
    if owner == "none":
        condition &= Q(owner__isnull=True)
    elif owner:
        condition &= Q(owner_id=int(owner))
    recommendation = filters.value("recommendation")
    if recommendation:
        links = Action.recommendations.through.objects.filter(
            action=OuterRef("pk"), recommendation__number=int(recommendation)
        )
        condition &= Q(Exists(links))
    week_end = end_of_week(today)
    buckets = {
        "none": Q(due_date__isnull=True),
        "overdue": Q(due_date__lt=today) & ~Q(status__in=Action.CLOSED),
        "week": Q(due_date__gte=today, due_date__lte=week_end),
        "later": Q(due_date__gt=week_end) | (Q(due_date__lt=today) & Q(status__in=Action.CLOSED)),
    }
    due = filters.value("due")
    if due:
        condition &= buckets[due]
    return condition


def action_order(filters) -> list[Any]:
    """The workstream page's sort, as the database's ORDER BY."""
    # As Python sorts lower-cased titles: by code point (PostgreSQL's "C", SQLite's BINARY), not by the
    # database's language collation.
    title = Collate(Lower("title"), "C" if connection.vendor == "postgresql" else "BINARY")
    status_order = Case(*(When(status=value, then=Value(i)) for value, i in STATUS_ORDER.items()))
    due_date = F("due_date").asc(nulls_last=True)
    orders: dict[str, list[Any]] = {
        "due": [due_date, status_order, title],
        "status": [status_order, due_date, title],
        "title": [title, "id"],
        "updated": [F("touched_at").desc()],
    }
    # Ties keep the workstream's own order of actions.
    return [*orders[filters.value("sort") or "due"], "position", "id"]
