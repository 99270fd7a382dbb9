"""Reads of the mandate, the budget, the milestones and delegated work, for pages, the dashboards,
the progress report, the digest and the meeting agenda; a fixed number of queries each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from mandate.models import ZERO, BudgetLine, Commitment, Delegation, Mandate, Milestone
from taskforce.models import PROGRAMME_WEEKS, Deadline, Taskforce
from workstreams.models import Action, Workstream


@dataclass
class Money:
    """Budget, committed (approved and later), paid and what is left; exact decimals."""

    amount: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.committed


@dataclass
class WorkstreamMoney(Money):
    workstream: Workstream | None = None


@dataclass
class MilestoneProgress:
    milestone: Milestone
    share: int  # percent of the actions (dropped ones not counted) that started, or are done
    count: int
    total: int

    @property
    def reached(self) -> bool:
        return self.share >= self.milestone.target_percent


@dataclass
class Governance:
    mandate: Mandate | None
    deadline: Deadline
    workstreams: list[WorkstreamMoney] = field(default_factory=list)
    total: Money = field(default_factory=Money)
    milestones: list[MilestoneProgress] = field(default_factory=list)
    quick_wins: list[Action] = field(default_factory=list)

    @property
    def mandate_in_force(self) -> bool:
        return self.mandate is not None and self.mandate.in_force

    @property
    def weeks_without_mandate(self) -> int:
        """Whole weeks of the 12 gone without a mandate in force (0 once it is)."""
        if self.mandate_in_force:
            return 0
        return min(max(self.deadline.days_elapsed // 7, 0), PROGRAMME_WEEKS)


def workstream_money() -> tuple[list[WorkstreamMoney], Money]:
    """Per workstream and in total: budget, committed, paid (two queries, summed in SQL)."""
    budgets = {
        row["workstream"]: row["amount"]
        for row in BudgetLine.objects.order_by().values("workstream").annotate(amount=Sum("amount"))
    }
    spent = {
        row["budget_line__workstream"]: row
        for row in Commitment.objects.order_by()
        .values("budget_line__workstream")
        .annotate(
            committed=Sum("amount", filter=Q(status__in=Commitment.COMMITTED)),
            paid=Sum("amount", filter=Q(status=Commitment.Status.PAID)),
        )
    }
    rows = []
    total = Money()
    # All workstreams, filtered here: an empty "in" list would skip the query and vary the count.
    for workstream in Workstream.objects.order_by("position", "name"):
        if workstream.pk not in budgets:
            continue
        row = spent.get(workstream.pk, {})
        money = WorkstreamMoney(
            amount=budgets[workstream.pk],
            committed=row.get("committed") or ZERO,
            paid=row.get("paid") or ZERO,
            workstream=workstream,
        )
        rows.append(money)
        total.amount += money.amount
        total.committed += money.committed
        total.paid += money.paid
    return rows, total


def milestone_progress() -> list[MilestoneProgress]:
    """Each milestone against the share of all actions started or done (two queries)."""
    counts = Action.objects.exclude(status=Action.Status.DROPPED).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status=Action.Status.DONE)),
        started=Count("id", filter=~Q(status=Action.Status.NOT_STARTED)),
    )
    total = counts["total"]
    rows = []
    for milestone in Milestone.objects.all():
        count = counts["done"] if milestone.measure == Milestone.Measure.DONE else counts["started"]
        share = round(100 * count / total) if total else 0
        rows.append(MilestoneProgress(milestone=milestone, share=share, count=count, total=total))
    return rows


def done_milestones() -> list[Milestone]:
    """The milestones counted in actions done, the ones a burn-up of actions done can mark (one query)."""
    return list(Milestone.objects.filter(measure=Milestone.Measure.DONE))


def quick_wins_done() -> list[Action]:
    return list(Action.objects.filter(is_quick_win=True, status=Action.Status.DONE).select_related("workstream"))


def governance(*, taskforce: Taskforce, deadline: Deadline) -> Governance:
    """What the dashboards, the report and the digest show of the mandate, the money and the milestones."""
    rows, total = workstream_money()
    return Governance(
        mandate=Mandate.objects.filter(taskforce=taskforce).first(),
        deadline=deadline,
        workstreams=rows,
        total=total,
        milestones=milestone_progress(),
        quick_wins=quick_wins_done(),
    )


def mandate_risk(*, taskforce: Taskforce, deadline: Deadline) -> Governance:
    """Only the mandate, for the digest's deadline line (one query)."""
    return Governance(mandate=Mandate.objects.filter(taskforce=taskforce).first(), deadline=deadline)


def budget_lines():
    return BudgetLine.objects.with_sums().select_related("workstream", "source")


def commitments():
    return Commitment.objects.select_related("budget_line__workstream", "party", "requested_by").prefetch_related(
        "actions"
    )


def stale_delegations(*, today: dt.date | None = None, workstream_ids: list[int] | None = None) -> list[Delegation]:
    """Delegated open actions with no signal for 14 days or past their expected date (one query)."""
    today = today or timezone.localdate()
    delegations = Delegation.objects.select_related("action__workstream", "organisation").exclude(
        action__status__in=Action.CLOSED
    )
    if workstream_ids is not None:
        delegations = delegations.filter(action__workstream_id__in=workstream_ids)
    return sorted(
        (d for d in delegations if d.is_stale(today)),
        key=lambda d: (d.last_signal_date or d.delegated_on, d.pk),
    )
