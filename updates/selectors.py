"""Reads of the weekly rhythm for pages, dashboards, the report, the digest and the agenda.

`update_summaries` is what every other page shows of an update: the latest approved version with
both ratings, whether this meeting's update is in, the open recovery plan and the trajectory gap;
a fixed number of queries however many updates there are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kpis.models import KPI
from taskforce.models import Deadline, Taskforce, WorkstreamRole
from taskforce.permissions import workstream_roles
from updates.models import (
    RATING_ORDER,
    RED_RATINGS,
    Baseline,
    Delegate,
    RecoveryPlan,
    UpdateVersion,
    WorkstreamUpdate,
)
from updates.trajectory import gap_weeks, plan_at
from workstreams.models import Action, Workstream
from workstreams.selectors import action_figures, kpis_with_latest, workstream_figures
from workstreams.status import Figures, Status, status_for


def meeting_date(taskforce: Taskforce, today: dt.date) -> dt.date:
    """The taskforce meeting the updates written today are for: the next meeting day (today included)."""
    return taskforce.next_meeting_date(today)


def delegate_id(workstream_id: int) -> int | None:
    """The member the trekker let write the workstream's updates, if any."""
    return Delegate.objects.filter(workstream_id=workstream_id).values_list("user_id", flat=True).first()


def weeks_elapsed(deadline: Deadline) -> float:
    return max(deadline.days_elapsed, 0) / 7


# --- What every page shows of a workstream's updates ----------------------------------------------


@dataclass
class UpdateSummary:
    workstream_id: int
    meeting_date: dt.date
    current: WorkstreamUpdate | None  # this meeting's update, in whatever state
    approved: UpdateVersion | None  # the latest approved version (of any meeting)
    plan: RecoveryPlan | None  # the open recovery plan
    today: dt.date
    gap: float | None = None  # weeks behind (positive) the frozen plan; None without a baseline
    planned_done: float | None = None
    actual_done: int = 0
    risks: list[dict] = field(default_factory=list)  # the approved version's, with links to their actions

    @property
    def missing(self) -> bool:
        """This meeting's update is not in (none, a draft, or returned and not resubmitted)."""
        return self.current is None or not self.current.is_in

    @property
    def rating(self) -> str:
        return self.approved.rating if self.approved else ""

    @property
    def rating_label(self) -> str:
        return self.approved.get_rating_display() if self.approved else ""

    @property
    def review(self):
        return self.approved.review if self.approved else None

    @property
    def reviewer_rating(self) -> str:
        review = self.review
        return review.rating if review and review.rating else ""

    @property
    def disagrees(self) -> bool:
        return bool(self.reviewer_rating) and self.reviewer_rating != self.rating

    @property
    def worst_rating(self) -> str:
        ratings = [r for r in (self.rating, self.reviewer_rating) if r]
        return max(ratings, key=RATING_ORDER.__getitem__) if ratings else ""

    @property
    def rated_red(self) -> bool:
        return self.worst_rating in RED_RATINGS

    @property
    def plan_overdue(self) -> bool:
        return self.plan is not None and self.plan.is_overdue(self.today)

    @property
    def gap_label(self) -> str:
        return gap_text(self.gap)


def risks_with_links(risks: list, actions: dict[int, Action]) -> list[dict]:
    """Risks and blockers as `updates/_risks.html` shows them: kind, text and the tied actions as
    {"title", "url"} (an action since deleted drops out). Older report facts kept risks as plain text."""
    shown = []
    for risk in risks:
        if isinstance(risk, str):
            risk = {"kind": "risk", "text": risk}
        links = risk.get("links")
        if links is None:
            links = [
                {"title": actions[pk].title, "url": actions[pk].get_absolute_url()}
                for pk in risk.get("actions", [])
                if pk in actions
            ]
        shown.append({"kind": risk.get("kind", "risk"), "text": risk["text"], "links": links})
    return shown


def risk_actions(risk_lists) -> dict[int, Action]:
    """The actions the given risks are tied to, in one query (none when no risk is tied to any)."""
    ids = {pk for risks in risk_lists for risk in risks if isinstance(risk, dict) for pk in risk.get("actions", [])}
    return Action.objects.in_bulk(ids) if ids else {}


def gap_text(gap: float | None) -> str:
    """ "1,5 weken achter op het plan", "op het plan", "" without a plan."""
    if gap is None:
        return ""
    # The plural form for anything but exactly one week ("1,0 week", "1,5 weken").
    count = 1 if abs(gap) == 1 else 2
    if gap > 0:
        return ngettext("%(n)s week achter op het plan", "%(n)s weken achter op het plan", count) % {
            "n": number_format(gap, decimal_pos=1)
        }
    if gap < 0:
        return ngettext("%(n)s week voor op het plan", "%(n)s weken voor op het plan", count) % {
            "n": number_format(-gap, decimal_pos=1)
        }
    return _("op het plan")


def baseline_in_force(when: dt.datetime | None = None) -> Baseline | None:
    """The latest baseline frozen at or before `when`."""
    return Baseline.objects.filter(created_at__lte=when or timezone.now()).order_by("-number").first()


def baselines_until(when: dt.datetime | None = None) -> list[Baseline]:
    """Every baseline frozen at or before `when`, oldest first: what a chart drawn at `when` plans by."""
    return list(Baseline.objects.filter(created_at__lte=when or timezone.now()).order_by("number"))


def planned_on(baselines: list[Baseline], workstream_id: int, start: dt.date, date: dt.date) -> float | None:
    """The actions planned done on `date` by the plan in force that day: the latest baseline frozen by
    then (the first one before it was frozen), so a re-baseline changes the line from its date on only."""
    in_force = None
    for baseline in baselines:
        if in_force is None or timezone.localdate(baseline.created_at) <= date:
            in_force = baseline
    row = in_force.plan.get(str(workstream_id)) if in_force else None
    if not row:
        return None
    return round(plan_at(row["actions"], max((date - start).days, 0) / 7), 1)


def update_summaries(
    *,
    deadline: Deadline,
    taskforce: Taskforce,
    now: dt.datetime | None = None,
    figures: dict[int, Figures] | None = None,
    workstream_id: int | None = None,
) -> dict[int, UpdateSummary]:
    """{workstream id: UpdateSummary} in at most seven queries (five when `figures` are given and no
    approved risk is tied to an action)."""
    now = now or timezone.now()
    today = deadline.today
    date = meeting_date(taskforce, today)
    workstreams = Workstream.objects.order_by()
    if workstream_id is not None:
        workstreams = workstreams.filter(pk=workstream_id)
    latest = (
        UpdateVersion.objects.filter(update__workstream_id=OuterRef("pk"), review__decision="approved")
        .order_by("-update__meeting_date", "-number")
        .values("pk")[:1]
    )
    rows = list(workstreams.annotate(latest=Subquery(latest)).values_list("pk", "latest"))
    ids = [pk for pk, _latest in rows]
    version_ids = [version_id for _pk, version_id in rows if version_id]
    approved = {
        version.update.workstream_id: version
        for version in (
            UpdateVersion.objects.filter(pk__in=version_ids).select_related(
                "update", "review__reviewer", "submitted_by"
            )
            if version_ids
            else []
        )
    }
    scope = Q(workstream_id=workstream_id) if workstream_id is not None else Q()
    current = {u.workstream_id: u for u in WorkstreamUpdate.objects.filter(scope, meeting_date=date)}
    plans = {p.workstream_id: p for p in RecoveryPlan.objects.filter(scope, closed_on__isnull=True)}
    tied = risk_actions(version.risks for version in approved.values())
    baseline = baseline_in_force(now)
    if figures is None and baseline is not None:
        figures = action_figures(today=today, now=now, workstream_id=workstream_id)
    summaries = {}
    for ws_id in ids:
        summary = UpdateSummary(ws_id, date, current.get(ws_id), approved.get(ws_id), plans.get(ws_id), today)
        if summary.approved is not None:
            summary.risks = risks_with_links(summary.approved.risks, tied)
        row = baseline.plan.get(str(ws_id)) if baseline else None
        if row and figures is not None:
            done = figures[ws_id].done if ws_id in figures else 0
            summary.actual_done = done
            summary.planned_done = round(plan_at(row["actions"], weeks_elapsed(deadline)), 1)
            summary.gap = gap_weeks(row["actions"], done, weeks_elapsed(deadline))
        summaries[ws_id] = summary
    return summaries


# --- Mijn werk: the updates I am to write -------------------------------------------------------------


@dataclass
class UpdateDue:
    workstream: Workstream
    meeting_date: dt.date
    update: WorkstreamUpdate | None  # the draft or returned update, None before the first save

    @property
    def returned(self) -> bool:
        return self.update is not None and self.update.state == WorkstreamUpdate.State.RETURNED


def updates_due(user, *, taskforce: Taskforce, today: dt.date) -> list[UpdateDue]:
    """The next meeting's updates this person writes (as trekker or delegate) that are not in yet; three
    queries. The secretariat may write every update but is reminded of none."""
    roles = workstream_roles(user)
    mine = {pk for pk, role in roles.items() if role == WorkstreamRole.TREKKER}
    mine |= {pk for pk in Delegate.objects.filter(user=user).values_list("workstream_id", flat=True) if pk in roles}
    if not mine:
        return []
    date = meeting_date(taskforce, today)
    current = {u.workstream_id: u for u in WorkstreamUpdate.objects.filter(workstream_id__in=mine, meeting_date=date)}
    return [
        UpdateDue(workstream, date, current.get(workstream.pk))
        for workstream in Workstream.objects.filter(pk__in=mine).order_by("position")
        if workstream.pk not in current or not current[workstream.pk].is_in
    ]


# --- The agenda's proposals --------------------------------------------------------------------------


@dataclass
class Proposal:
    """A proposed agenda item about one workstream (meetings.AgendaItem takes it over)."""

    kind: str  # "update_missing", "recovery_plan", "rating_disagreement"
    workstream: Workstream
    reasons: list[str] = field(default_factory=list)
    url: str = ""  # the page the item is about: the update, or the recovery plan


def agenda_proposals(
    *, deadline: Deadline, taskforce: Taskforce, statuses: dict[int, Status], workstreams: list[Workstream]
) -> list[Proposal]:
    """Missing updates, red ratings without a plan in, overdue plans, and ratings the
    reviewer disagreed with; six queries.

    Missing updates are proposed once the taskforce works with them (somebody submitted one): before,
    every workstream would be "missing" on every agenda.
    """
    summaries = update_summaries(deadline=deadline, taskforce=taskforce, figures={})
    in_use = UpdateVersion.objects.exists()
    items: list[Proposal] = []
    for workstream in workstreams:
        summary = summaries.get(workstream.pk)
        if summary is None:
            continue
        if summary.missing and in_use:
            items.append(
                Proposal(
                    "update_missing",
                    workstream,
                    [
                        _("De update voor %(date)s is niet binnen.")
                        % {"date": summary.meeting_date.strftime("%d-%m-%Y")}
                    ],
                    summary.current.get_absolute_url() if summary.current else reverse("updates:list"),
                )
            )
        plan = summary.plan
        if plan is not None and plan.is_overdue(deadline.today):
            items.append(
                Proposal(
                    "recovery_plan",
                    workstream,
                    [_("Het herstelplan was uiterlijk %(date)s nodig.") % {"date": plan.due_date.strftime("%d-%m-%Y")}],
                    reverse("updates:recovery", args=[workstream.slug]),
                )
            )
        elif summary.rated_red and (plan is None or plan.submitted_at is None):
            # A computed red is on the agenda already ("Op rood"); a red rating without a plan is added.
            items.append(
                Proposal(
                    "recovery_plan",
                    workstream,
                    [_("Op rood beoordeeld zonder ingediend herstelplan.")],
                    reverse("updates:recovery", args=[workstream.slug]),
                )
            )
        if summary.disagrees:
            items.append(
                Proposal(
                    "rating_disagreement",
                    workstream,
                    [
                        _("Trekker: %(mine)s; taskforce: %(theirs)s.")
                        % {"mine": summary.rating_label, "theirs": summary.review.get_rating_display()}
                    ],
                    summary.approved.update.get_absolute_url() if summary.approved else "",
                )
            )
    return items


# --- What the update form starts from ----------------------------------------------------------------


@dataclass
class Starting:
    """What the app knows when a trekker writes the update."""

    status: Status
    figures: Figures
    since: dt.datetime
    previous: UpdateVersion | None
    done: list[Action]
    new: list[Action]
    changed: list[Action]
    due: list[Action]
    actions: list[Action]


def starting_point(*, workstream: Workstream, deadline: Deadline, meeting: dt.date, now: dt.datetime) -> Starting:
    """The computed status with its reasons, what changed since the last submitted update (or a week),
    and the open actions due before the next meeting; five queries."""
    figures = workstream_figures(deadline=deadline, now=now, workstream_id=workstream.pk)[workstream.pk]
    previous = (
        UpdateVersion.objects.filter(update__workstream=workstream, update__meeting_date__lt=meeting)
        .order_by("-submitted_at")
        .first()
    )
    since = previous.submitted_at if previous else now - dt.timedelta(days=7)
    actions = list(workstream.actions.exclude(status=Action.Status.DROPPED).select_related("owner"))
    return Starting(
        status=status_for(figures, deadline),
        figures=figures,
        since=since,
        previous=previous,
        done=[a for a in actions if a.completed_at and a.completed_at >= since],
        new=[a for a in actions if a.created_at >= since],
        changed=[a for a in actions if a.updated_at >= since and a.created_at < since and not a.completed_at],
        due=sorted(
            (a for a in actions if a.is_open and a.due_date and a.due_date <= meeting),
            key=lambda a: (a.due_date, a.pk),
        ),
        actions=actions,
    )


# --- Trajectories -------------------------------------------------------------------------------------


@dataclass
class TrajectoryRow:
    workstream: Workstream
    planned: list[float]
    planned_now: float
    actual: int
    gap: float
    kpis: list[dict]

    @property
    def gap_label(self) -> str:
        return gap_text(self.gap)


def trajectory_rows(*, deadline: Deadline, baseline: Baseline, now: dt.datetime) -> list[TrajectoryRow]:
    figures = action_figures(today=deadline.today, now=now)
    kpis = {kpi.pk: kpi for kpi in kpis_with_latest()}
    weeks = weeks_elapsed(deadline)
    rows = []
    for workstream in Workstream.objects.order_by("position"):
        row = baseline.plan.get(str(workstream.pk))
        if not row:
            continue
        done = figures[workstream.pk].done
        kpi_rows = []
        for kpi_id, values in row.get("kpis", {}).items():
            kpi = kpis.get(int(kpi_id))
            if kpi is not None:
                planned = plan_at(values, weeks)
                kpi_rows.append({"kpi": kpi, "planned": round(planned, 2), "actual": kpi.latest_value})
        rows.append(
            TrajectoryRow(
                workstream=workstream,
                planned=row["actions"],
                planned_now=round(plan_at(row["actions"], weeks), 1),
                actual=done,
                gap=gap_weeks(row["actions"], done, weeks),
                kpis=kpi_rows,
            )
        )
    return rows


def kpi_plan(kpi: KPI, weeks: int) -> list[float]:
    """A KPI's planned value at the end of each week: the straight line to its target that its
    standing uses (a milestone reaches it at 11 weeks; a lower-is-better or must-stay-zero KPI holds it)."""
    target = float(kpi.target or 0)
    if kpi.kind == KPI.Kind.MILESTONE:
        return [target if week >= 11 else 0.0 for week in range(1, weeks + 1)]
    if kpi.kind == KPI.Kind.ZERO or kpi.direction == KPI.Direction.DOWN:
        return [target] * weeks
    return [round(target * week / weeks, 2) for week in range(1, weeks + 1)]
