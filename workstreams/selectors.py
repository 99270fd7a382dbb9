"""Reads that feed pages: a fixed number of queries however many actions there are."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, OuterRef, Q, Subquery
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
    open_q = ~Q(status__in=Action.CLOSED)
    aggregates = {
        "total": Count("id", filter=~Q(status=Action.Status.DROPPED)),
        "done": Count("id", filter=Q(status=Action.Status.DONE)),
        "overdue": Count("id", filter=open_q & Q(due_date__lt=today)),
        "blocked": Count("id", filter=Q(status=Action.Status.BLOCKED)),
        "stale": Count("id", filter=open_q & Q(touched_at__lt=now - dt.timedelta(days=STALE_AFTER_DAYS))),
    }
    actions = Action.objects.filter(scope or Q())
    if workstream_id is not None:
        actions = actions.filter(workstream_id=workstream_id)
    rows = actions.order_by().values(by).annotate(**aggregates)
    return defaultdict(Figures, {row.pop(by): Figures(**row) for row in rows})


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


def recommendation_numbers(actions: list[Action]) -> dict[int, set[int]]:
    """The numbers of the recommendations each action serves, in one query of (action, number) pairs."""
    numbers: dict[int, set[int]] = {action.pk: set() for action in actions}
    pairs = Action.recommendations.through.objects.filter(action_id__in=list(numbers)).values_list(
        "action_id", "recommendation__number"
    )
    for action_id, number in pairs:
        numbers[action_id].add(number)
    return numbers


def filter_actions(
    actions: list[Action], filters, today: dt.date, numbers: dict[int, set[int]] | None = None
) -> list[Action]:
    """Filters and sorts already loaded actions (the page needs them all for the status anyway).

    `numbers` (from recommendation_numbers) saves prefetching every action's recommendations.
    """
    status = filters.value("status")
    owner = filters.value("owner")
    recommendation = filters.value("recommendation")
    due = filters.value("due")
    selected = []
    for action in actions:
        if status == "open" and not action.is_open:
            continue
        if status and status != "open" and action.status != status:
            continue
        if owner == "none" and action.owner_id is not None:
            continue
        if owner and owner != "none" and str(action.owner_id) != owner:
            continue
        if recommendation:
            served = numbers[action.pk] if numbers is not None else {r.number for r in action.recommendations.all()}
            if int(recommendation) not in served:
                continue
        if due and due_bucket(action, today) != due:
            continue
        selected.append(action)

    sort = filters.value("sort") or "due"
    far = dt.date.max
    keys = {
        "due": lambda a: (a.due_date or far, STATUS_ORDER[a.status], a.title.lower()),
        "status": lambda a: (STATUS_ORDER[a.status], a.due_date or far, a.title.lower()),
        "title": lambda a: (a.title.lower(), a.pk),
    }
    if sort == "updated":
        return sorted(selected, key=lambda a: a.touched_at, reverse=True)
    return sorted(selected, key=keys[sort])
