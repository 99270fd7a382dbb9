"""Reads that feed the dashboards, the exports and the progress report, and the daily snapshot.

Every selector here issues a fixed number of queries whatever the amount of data: counts are
aggregated in the database (Count with a filter), related rows are prefetched, never fetched per
workstream, per recommendation or per action.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards.models import WorkstreamSnapshot
from kpis.models import KPI, Standing
from mandate.selectors import Governance, done_milestones, governance
from meetings.models import Meeting
from recommendations.selectors import RecommendationRow, recommendation_rows
from registers.kpi_rules import kpi_changes_since
from taskforce.models import PROGRAMME_WEEKS, Deadline, Organisation, Taskforce
from taskforce.permissions import workstream_roles
from updates.models import Baseline
from updates.selectors import (
    UpdateDue,
    UpdateSummary,
    baselines_until,
    gap_text,
    planned_on,
    update_summaries,
    updates_due,
)
from updates.trajectory import gap_weeks, plan_at
from workstreams.models import Action, Membership, Workstream
from workstreams.selectors import action_figures, due_bucket, kpis_with_latest, workstream_figures
from workstreams.status import Figures, Status, status_for

RECENT_CHANGES = 10
NEXT_MEETINGS = 5


def action_scope(org: Organisation | None) -> Q:
    """The actions an organisation's view shows: those whose owner belongs to it (all without one)."""
    return Q(owner__organisation=org) if org else Q()


@dataclass
class KPIRow:
    kpi: KPI
    latest: Decimal | None
    latest_date: dt.date | None
    standing: str  # kpis.models.Standing
    changes: list[str] = field(default_factory=list)  # computed KPIs: what changed in the register this week
    planned: float | None = None  # the value the plan in force expects today (updates.Baseline)

    @property
    def behind(self) -> bool:
        return self.standing == Standing.BEHIND


@dataclass
class BurnupPoint:
    date: dt.date
    actual: int | None
    ideal: float
    forecast: float | None
    is_today: bool = False
    planned: float | None = None  # the frozen plan in force on that date (updates.Baseline)


# A pace needs this much history: on day 2, one action done would read as "3.5 a week".
FORECAST_AFTER_DAYS = 14


@dataclass
class Burnup:
    points: list[BurnupPoint]
    total: int
    done: int
    pace_per_week: float | None  # None: too little history for a pace
    forecast_at_deadline: int | None
    start: dt.date
    forecast_from: dt.date  # the first day with enough history for a forecast
    gap: float | None = None  # weeks behind (positive) the plan in force today; None without a baseline

    @property
    def planned_today(self) -> float | None:
        return next((p.planned for p in self.points if p.is_today), None)

    @property
    def has_plan(self) -> bool:
        return any(p.planned is not None for p in self.points)

    @property
    def gap_label(self) -> str:
        return gap_text(self.gap)

    # Milestones counted in actions done, as (date, actions done wanted, name): a marker on the chart.
    milestones: list[tuple[dt.date, float, str]] = field(default_factory=list)

    def chart_data(self) -> dict:
        # A time axis: x is days since the start, so a day is a day wide and a week a week.
        def series(values):
            return [
                {"x": (p.date - self.start).days, "y": value}
                for p, value in zip(self.points, values, strict=True)
                if value is not None
            ]

        return {
            "start": self.start.isoformat(),
            "days": (self.points[-1].date - self.start).days if self.points else 84,
            "actual": series([p.actual for p in self.points]),
            "ideal": series([round(p.ideal, 1) for p in self.points]),
            "forecast": series([None if p.forecast is None else round(p.forecast, 1) for p in self.points]),
            "planned": series([p.planned for p in self.points]),
            "total": self.total,
            "milestones": [
                {"x": (date - self.start).days, "y": round(target, 1), "label": name}
                for date, target, name in self.milestones
            ],
            "names": {
                "milestone": _("Mijlpaal"),
                "actual": _("Afgerond"),
                "planned": _("Vastgelegd plan"),
                "ideal": _("Rechte lijn naar de deadline"),
                "forecast": _("Prognose bij huidig tempo"),
            },
        }


@dataclass
class WorkstreamCard:
    workstream: Workstream
    figures: Figures
    status: Status
    kpis: list[KPIRow]
    trekker: object | None
    # The whole workstream's figures, also in an organisation's view: the burn-up and the snapshots use them.
    whole: Figures
    burnup: Burnup | None = None
    # The progress report's detail (dashboards/reports.py): the actions listed and the burn-up drawn.
    done_actions: list[Action] = field(default_factory=list)
    open_actions: list[Action] = field(default_factory=list)
    burnup_svg: object | None = None  # dashboards.charts.BurnupSvg
    update: UpdateSummary | None = None  # the latest approved update, both ratings, the trajectory gap

    @property
    def kpis_planned(self) -> bool:
        return any(row.planned is not None for row in self.kpis)


@dataclass
class Overview:
    taskforce: Taskforce
    deadline: Deadline
    org: Organisation | None
    cards: list[WorkstreamCard]
    recommendations: list[RecommendationRow]
    meetings: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    governance: Governance | None = None  # the mandate as a risk, the money left, milestones, quick wins


def kpi_rows(deadline: Deadline, workstream: Workstream | None = None) -> dict[int, list[KPIRow]]:
    """{workstream id: KPIs with their latest measurement}, in one query."""
    kpis = kpis_with_latest()
    if workstream is not None:
        kpis = kpis.filter(workstream=workstream)
    rows: dict[int, list[KPIRow]] = defaultdict(list)
    for kpi in kpis:
        rows[kpi.workstream_id].append(
            KPIRow(
                kpi=kpi,
                latest=kpi.latest_value,
                latest_date=kpi.latest_date,
                standing=kpi.standing(kpi.latest_value, deadline.elapsed_share),
                # A few queries per computed KPI (there are four), however large the registers.
                changes=kpi_changes_since(kpi, deadline.today - dt.timedelta(days=7), deadline.today)
                if kpi.is_computed
                else [],
            )
        )
    return rows


def workstream_cards(
    *,
    deadline: Deadline,
    now: dt.datetime | None = None,
    org: Organisation | None = None,
    workstream: Workstream | None = None,
) -> list[WorkstreamCard]:
    """Figures, status, KPIs, trekker and update summary of every workstream (or one), in nine queries."""
    now = now or timezone.now()
    workstreams = Workstream.objects.select_related("trekker_organisation").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(role=Membership.Role.TREKKER).select_related("user"),
        )
    )
    ws_id = None
    if workstream is not None:
        workstreams = workstreams.filter(pk=workstream.pk)
        ws_id = workstream.pk
    counts = action_figures(today=deadline.today, now=now, scope=action_scope(org), workstream_id=ws_id)
    # An organisation's view also keeps the whole workstream's figures (for the burn-up).
    wholes = action_figures(today=deadline.today, now=now, workstream_id=ws_id) if org is not None else counts
    kpis = kpi_rows(deadline, workstream)
    taskforce = Taskforce.current()
    updates = (
        update_summaries(deadline=deadline, taskforce=taskforce, now=now, figures=wholes, workstream_id=ws_id)
        if taskforce
        else {}
    )
    cards = []
    for ws in workstreams:
        figures = counts[ws.pk]
        whole = wholes[ws.pk]
        rows = kpis.get(ws.pk, [])
        for group in (figures, whole):
            group.kpis_total = len(rows)
            group.kpis_behind = sum(row.behind for row in rows)
        cards.append(
            WorkstreamCard(
                workstream=ws,
                figures=figures,
                # A workstream has one status: an organisation's view narrows the figures it lists, not
                # the status (with none of its actions, it would read "no actions recorded" in amber).
                status=status_for(whole, deadline),
                kpis=rows,
                trekker=ws.trekker(),
                whole=whole,
                update=updates.get(ws.pk),
            )
        )
    return cards


def attach_burnups(cards: list[WorkstreamCard], deadline: Deadline, now: dt.datetime | None = None) -> None:
    """Burn-up per card from the stored daily snapshots plus today's live figures, against the plans
    frozen by `now`, in two queries."""
    baselines = baselines_until(now)
    history: dict[int, list[WorkstreamSnapshot]] = defaultdict(list)
    ids = [card.workstream.pk for card in cards]
    # Only what the chart can show: from the start (and each workstream's last snapshot before it) on,
    # not years of daily snapshots. The earliest of those last-before-start dates, in the same query.
    last_before_start = (
        WorkstreamSnapshot.objects.filter(workstream__in=ids, date__lte=deadline.start)
        .values("workstream")
        .annotate(last=Max("date"))
        .order_by("last")
        .values("last")[:1]
    )
    snapshots = WorkstreamSnapshot.objects.filter(
        workstream__in=ids,
        date__lt=deadline.today,
        date__gte=Coalesce(Subquery(last_before_start), Value(deadline.start)),
    ).only("workstream_id", "date", "actions_done")
    for snapshot in snapshots.order_by("date"):
        history[snapshot.workstream_id].append(snapshot)
    milestones = done_milestones()
    for card in cards:
        card.burnup = burnup(card.whole, history[card.workstream.pk], deadline, baselines, card.workstream.pk)
        planned_kpis = baselines[-1].plan.get(str(card.workstream.pk), {}).get("kpis", {}) if baselines else {}
        for row in card.kpis:
            values = planned_kpis.get(str(row.kpi.pk))
            if values:
                row.planned = round(plan_at(values, max(deadline.days_elapsed, 0) / 7), 2)
        # Each milestone's target share of this workstream's actions (the burn-up counts actions done).
        card.burnup.milestones = [(m.date, card.whole.total * m.target_percent / 100, m.name) for m in milestones]


def burnup(
    figures: Figures,
    snapshots: list[WorkstreamSnapshot],
    deadline: Deadline,
    baselines: list[Baseline] = (),  # type: ignore[assignment]
    workstream_id: int | None = None,
) -> Burnup:
    """Actions done over time against the straight line to the 12-week date, a forecast at the current
    pace, and the frozen plan (each date by the baseline in force then) with the gap in weeks.

    Points are the start of each week plus today. The pace is actions done per day since the start.
    """
    start, end, today = deadline.start, deadline.twelve_weeks, deadline.today
    span = (end - start).days
    dates = [start + dt.timedelta(weeks=week) for week in range(PROGRAMME_WEEKS + 1)]
    if deadline.started and today not in dates:
        dates = sorted([*dates, today])
    days_elapsed = max((min(today, end) - start).days, 0)
    enough_history = days_elapsed >= FORECAST_AFTER_DAYS
    pace = figures.done / days_elapsed if enough_history else 0.0
    forecast_at_deadline = None
    if deadline.started and not deadline.overrun and enough_history:
        forecast_at_deadline = min(figures.total, round(figures.done + pace * (end - today).days))

    points = []
    for date in dates:
        ideal = figures.total * min(max((date - start).days / span, 0.0), 1.0)
        actual = forecast = None
        if date == today and deadline.started:
            actual = figures.done
        elif date < today:
            earlier = [s.actions_done for s in snapshots if s.date <= date]
            actual = earlier[-1] if earlier else None
        if deadline.started and date >= today and not deadline.overrun and enough_history:
            forecast = min(float(figures.total), figures.done + pace * (date - today).days)
        planned = planned_on(baselines, workstream_id, start, date) if baselines and workstream_id else None
        points.append(
            BurnupPoint(
                date=date, actual=actual, ideal=ideal, forecast=forecast, is_today=date == today, planned=planned
            )
        )
    gap = None
    row = baselines[-1].plan.get(str(workstream_id)) if baselines and workstream_id else None
    if row and deadline.started:
        gap = gap_weeks(row["actions"], figures.done, max(deadline.days_elapsed, 0) / 7)
    return Burnup(
        points=points,
        total=figures.total,
        done=figures.done,
        pace_per_week=round(pace * 7, 1) if enough_history else None,
        forecast_at_deadline=forecast_at_deadline,
        start=start,
        forecast_from=start + dt.timedelta(days=FORECAST_AFTER_DAYS),
        gap=gap,
    )


def next_meetings(now: dt.datetime, workstream: Workstream | None = None) -> list[Meeting]:
    meetings = Meeting.objects.filter(starts_at__gte=now).select_related("workstream").order_by("starts_at")
    if workstream is not None:
        meetings = meetings.filter(Q(workstream=workstream) | Q(workstream__isnull=True))
    return list(meetings[:NEXT_MEETINGS])


def recent_changes(org: Organisation | None = None, workstream: Workstream | None = None) -> list:
    """The latest changes to actions, from their history."""
    changes = Action.history.select_related("history_user", "workstream").order_by("-history_date", "-history_id")
    if org is not None:
        changes = changes.filter(owner__organisation=org)
    if workstream is not None:
        changes = changes.filter(workstream=workstream)
    return list(changes[:RECENT_CHANGES])


def overview(
    *,
    taskforce: Taskforce,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    org: Organisation | None = None,
) -> Overview:
    """Everything the overview dashboard shows, in a fixed number of queries."""
    now = now or timezone.now()
    deadline = taskforce.deadline(today or timezone.localdate())
    cards = workstream_cards(deadline=deadline, now=now, org=org)
    attach_burnups(cards, deadline, now)
    return Overview(
        taskforce=taskforce,
        deadline=deadline,
        org=org,
        cards=cards,
        recommendations=recommendation_rows(deadline=deadline, now=now, org=org),
        meetings=next_meetings(now),
        changes=recent_changes(org),
        governance=governance(taskforce=taskforce, deadline=deadline),
    )


# --- Mijn werk: one person's own actions and their next meeting -----------------------------------

# "The rest by status" on Mijn werk: what needs a push first.
OPEN_STATUS_ORDER = [Action.Status.BLOCKED, Action.Status.IN_PROGRESS, Action.Status.NOT_STARTED]


# How many blocked or overdue actions of others Mijn werk lists per workstream.
ATTENTION_LIMIT = 10


@dataclass
class MyWorkstream:
    """One of my workstreams: my role, its status, and what of others is blocked or overdue there."""

    workstream: Workstream
    role: str
    figures: Figures
    status: Status | None
    attention: list[Action] = field(default_factory=list)


@dataclass
class MyWork:
    overdue: list[Action] = field(default_factory=list)
    this_week: list[Action] = field(default_factory=list)
    by_status: list[tuple[str, list[Action]]] = field(default_factory=list)
    next_meeting: Meeting | None = None
    workstreams: list[MyWorkstream] = field(default_factory=list)
    updates_due: list[UpdateDue] = field(default_factory=list)  # weekly updates I am to write

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.this_week) + sum(len(group) for _s, group in self.by_status)


def my_work(user, today: dt.date | None = None, now: dt.datetime | None = None) -> MyWork:
    today = today or timezone.localdate()
    now = now or timezone.now()
    work = MyWork()
    rest: dict[str, list[Action]] = {status: [] for status in OPEN_STATUS_ORDER}
    actions = Action.objects.filter(owner=user).open().for_lists().order_by("due_date", "id")
    for action in actions:
        bucket = due_bucket(action, today)
        if bucket == "overdue":
            work.overdue.append(action)
        elif bucket == "week":
            work.this_week.append(action)
        else:
            rest.setdefault(action.status, []).append(action)
    work.by_status = [(status, rest[status]) for status in rest if rest[status]]
    work.next_meeting = next_meeting(user, now)
    work.workstreams = my_workstreams(user, today=today, now=now)
    taskforce = Taskforce.current()
    if taskforce is not None and work.workstreams:
        work.updates_due = updates_due(user, taskforce=taskforce, today=today)
    return work


def my_workstreams(user, *, today: dt.date, now: dt.datetime) -> list[MyWorkstream]:
    """The workstreams I am in, with their status and their blocked and overdue actions, in three queries."""
    roles = workstream_roles(user)
    if not roles:
        return []
    taskforce = Taskforce.current()
    deadline = taskforce.deadline(today) if taskforce else None
    figures = workstream_figures(deadline=deadline, now=now) if deadline else defaultdict(Figures)
    attention: dict[int, list[Action]] = defaultdict(list)
    needing = (
        Action.objects.filter(workstream_id__in=list(roles))
        .exclude(owner=user)  # my own are listed under Mijn acties
        .open()
        .filter(Q(status=Action.Status.BLOCKED) | Q(due_date__lt=today))
        .select_related("workstream", "owner")
        .order_by("due_date", "id")
    )
    for action in needing:
        if len(attention[action.workstream_id]) < ATTENTION_LIMIT:
            attention[action.workstream_id].append(action)
    return [
        MyWorkstream(
            workstream=workstream,
            role=roles[workstream.pk],
            figures=figures[workstream.pk],
            status=status_for(figures[workstream.pk], deadline) if deadline else None,
            attention=attention[workstream.pk],
        )
        for workstream in Workstream.objects.filter(pk__in=list(roles)).order_by("position", "name")
    ]


def next_meeting(user, now: dt.datetime) -> Meeting | None:
    """The next meeting of one of my workstreams, or of the taskforce when I am part of it."""
    mine = Q(workstream_id__in=list(workstream_roles(user)))
    if user.sees_all_workstreams:
        mine |= Q(workstream__isnull=True)
    return Meeting.objects.filter(mine, starts_at__gte=now).select_related("workstream").order_by("starts_at").first()
