"""Writes of the weekly rhythm: saving and submitting updates, reviews, recovery plans, baselines
and the facts of a frozen report. Each one a transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from kpis.models import KPI
from notifications.models import Kind
from notifications.services import mentioned_users, notify
from taskforce.models import PROGRAMME_WEEKS, Taskforce
from taskforce.permissions import can_read_item
from updates.models import (
    RED_RATINGS,
    Baseline,
    Delegate,
    RecoveryPlan,
    ReportFacts,
    Review,
    ReviewComment,
    UpdateSettings,
    UpdateVersion,
    WorkstreamUpdate,
)
from updates.selectors import kpi_plan, update_summaries
from workstreams import services as workstream_services
from workstreams.models import Action, Membership, Workstream
from workstreams.selectors import kpis_with_latest, workstream_figures
from workstreams.status import RED, status_for

DRAFT_FIELDS = ("rating", "rationale", "path_to_green", "risks")


class UpdateConflict(Exception):
    """Somebody saved the update after this person loaded it: their save is refused (their input stays)."""

    def __init__(self, update: WorkstreamUpdate):
        super().__init__(f"Update {update.pk} is at version {update.version}")
        self.update = update


class NotEditable(Exception):
    """The update waits for its review, or was approved: it is not written on now."""


def update_save(
    *,
    workstream: Workstream,
    meeting_date: dt.date,
    version: int | None,
    user,
    fields: dict,
    submit: bool = False,
    now: dt.datetime | None = None,
) -> WorkstreamUpdate:
    """Saves the draft of this meeting's update (made at the first save) and, with `submit`, stores
    it as the next version for review. Refused with UpdateConflict when someone saved in between."""
    now = now or timezone.now()
    with transaction.atomic():
        update = (
            WorkstreamUpdate.objects.select_for_update()
            .filter(workstream=workstream, meeting_date=meeting_date)
            .first()
        )
        if update is None:
            if version not in (None, 0):
                raise UpdateConflict(WorkstreamUpdate(workstream=workstream, meeting_date=meeting_date, version=0))
            update = WorkstreamUpdate(workstream=workstream, meeting_date=meeting_date, created_by=user, version=0)
        elif update.version != version:
            raise UpdateConflict(update)
        if not update.editable:
            raise NotEditable
        for name, value in fields.items():
            if name not in DRAFT_FIELDS:
                raise ValueError(f"{name} cannot be set on an update")
            setattr(update, name, value)
        update.version += 1
        if submit:
            update.state = WorkstreamUpdate.State.SUBMITTED
        update.save()
        if submit:
            taskforce = Taskforce.current()
            assert taskforce is not None
            deadline = taskforce.deadline(timezone.localdate(now))
            figures = workstream_figures(deadline=deadline, now=now, workstream_id=workstream.pk)[workstream.pk]
            status = status_for(figures, deadline)
            UpdateVersion.objects.create(
                update=update,
                number=update.versions.count() + 1,
                rating=update.rating,
                rationale=update.rationale,
                path_to_green=update.path_to_green,
                risks=update.risks,
                computed_colour=status.colour,
                computed_reasons=[str(reason) for reason in status.reasons],
                submitted_by=user,
                submitted_at=now,
            )
    return update


def update_review(
    *,
    version: UpdateVersion,
    user,
    decision: str,
    rating: str = "",
    comments: list[tuple[str, str]] = (),  # type: ignore[assignment]
    now: dt.datetime | None = None,
) -> Review:
    """Approves the version or returns it with comments; an approved red rating asks for a recovery plan."""
    now = now or timezone.now()
    with transaction.atomic():
        update = WorkstreamUpdate.objects.select_for_update().get(pk=version.update_id)
        if update.state != WorkstreamUpdate.State.SUBMITTED or update.versions.order_by("-number").first() != version:
            raise NotEditable
        review = Review.objects.create(
            version=version, decision=decision, rating=rating, reviewer=user, reviewed_at=now
        )
        ReviewComment.objects.bulk_create(
            [ReviewComment(review=review, section=section, text=text) for section, text in comments]
        )
        approved = decision == UpdateVersion.Decision.APPROVED
        update.state = WorkstreamUpdate.State.APPROVED if approved else WorkstreamUpdate.State.RETURNED
        update.version += 1
        update.save(update_fields=["state", "version", "updated_at"])
        if approved and (version.rating in RED_RATINGS or rating in RED_RATINGS):
            recovery_plan_require(
                workstream=update.workstream, today=timezone.localdate(now), reason=gettext("Vertrouwensoordeel rood")
            )
        _tell_about_review(update=update, version=version, user=user, approved=approved, comments=comments)
    return review


def _tell_about_review(*, update: WorkstreamUpdate, version: UpdateVersion, user, approved: bool, comments) -> None:
    """A returned update is told to who writes it; the comments' @mentions to those named (inside the
    taskforce while the update is not approved: viewers read approved updates only)."""
    url, title = update.get_absolute_url(), str(update)
    if not approved:
        writers = {version.submitted_by_id, update.created_by_id}
        writers |= set(
            Membership.objects.filter(workstream_id=update.workstream_id, role=Membership.Role.TREKKER).values_list(
                "user_id", flat=True
            )
        )
        writers |= set(Delegate.objects.filter(workstream_id=update.workstream_id).values_list("user_id", flat=True))
        notify(
            kind=Kind.UPDATE_RETURNED,
            users={pk for pk in writers if pk},
            actor=user,
            target=update,
            url=url,
            title=title,
            may_read=lambda person: can_read_item(person, unapproved_update=True),
        )
    text = "\n".join(comment for _section, comment in comments)
    notify(
        kind=Kind.MENTIONED,
        users=mentioned_users(text),
        actor=user,
        target=update,
        url=url,
        title=title,
        excerpt=text,
        may_read=lambda person: can_read_item(person, unapproved_update=not approved),
    )


def delegate_set(*, workstream: Workstream, user) -> None:
    """Lets `user` (a member) write the workstream's updates; None takes the delegation back."""
    if user is None:
        Delegate.objects.filter(workstream=workstream).delete()
    else:
        Delegate.objects.update_or_create(workstream=workstream, defaults={"user": user})


# --- Recovery plans ----------------------------------------------------------------------------------


def recovery_plan_require(*, workstream: Workstream, today: dt.date, reason: str) -> RecoveryPlan:
    """The open recovery plan of a red workstream, asked for now when there is none."""
    plan = RecoveryPlan.objects.filter(workstream=workstream, closed_on__isnull=True).first()
    if plan is not None:
        return plan
    days = UpdateSettings.current().recovery_days
    return RecoveryPlan.objects.create(
        workstream=workstream, reason=reason, opened_on=today, due_date=today + dt.timedelta(days=days)
    )


def recovery_plans_open(*, today: dt.date, now: dt.datetime | None = None) -> list[RecoveryPlan]:
    """Asks a recovery plan of every workstream computed or rated red that has no open one (the daily job)."""
    taskforce = Taskforce.current()
    if taskforce is None:
        return []
    now = now or timezone.now()
    deadline = taskforce.deadline(today)
    figures = workstream_figures(deadline=deadline, now=now)
    summaries = update_summaries(deadline=deadline, taskforce=taskforce, now=now, figures=figures)
    opened = []
    for workstream in Workstream.objects.order_by("position"):
        computed_red = status_for(figures[workstream.pk], deadline).colour == RED
        summary = summaries.get(workstream.pk)
        if summary is None or summary.plan is not None:
            continue
        if computed_red or summary.rated_red:
            reason = gettext("Berekende status rood") if computed_red else gettext("Vertrouwensoordeel rood")
            opened.append(recovery_plan_require(workstream=workstream, today=today, reason=reason))
    return opened


def recovery_plan_save(
    *, plan: RecoveryPlan, user, fields: dict, new_actions: list[dict], now: dt.datetime | None = None
) -> RecoveryPlan:
    """Stores what will change, by whom and by when; the plan's new actions become ordinary actions."""
    with transaction.atomic():
        for name in ("what_changes", "owner", "by_when"):
            setattr(plan, name, fields[name])
        plan.submitted_at = plan.submitted_at or (now or timezone.now())
        plan.save()
        for action_fields in new_actions:
            action = workstream_services.action_create(workstream=plan.workstream, user=user, fields=action_fields)
            plan.actions.add(action)
    return plan


def recovery_plan_close(
    *, plan: RecoveryPlan, user, outcome: str, note: str = "", today: dt.date | None = None
) -> RecoveryPlan | None:
    """Closes the open plan as done or superseded, keeping who, when and why; a superseded plan is
    followed at once by a new one (returned), due within the usual number of days."""
    today = today or timezone.localdate()
    with transaction.atomic():
        updated = RecoveryPlan.objects.filter(pk=plan.pk, closed_on__isnull=True).update(
            closed_on=today, outcome=outcome, closed_by=user, closing_note=note
        )
        if not updated:
            raise NotEditable
        plan.refresh_from_db()
        if outcome == RecoveryPlan.Outcome.SUPERSEDED:
            reason = gettext("Vervangt het herstelplan van %(date)s") % {"date": plan.opened_on.strftime("%d-%m-%Y")}
            return recovery_plan_require(workstream=plan.workstream, today=today, reason=reason)
    return None


# --- Baselines -------------------------------------------------------------------------------------


def plan_now(*, taskforce: Taskforce) -> dict:
    """The plan as the actions and KPIs say now: per workstream the (not dropped) actions due by the end
    of each of the 12 weeks, counting actions without a deadline at week 12; per KPI its planned line."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * PROGRAMME_WEEKS)
    start = taskforce.start_date
    for workstream_id, due in Action.objects.exclude(status=Action.Status.DROPPED).values_list(
        "workstream_id", "due_date"
    ):
        week = PROGRAMME_WEEKS if due is None else min(max((due - start).days // 7 + 1, 1), PROGRAMME_WEEKS)
        for later in range(week - 1, PROGRAMME_WEEKS):
            counts[workstream_id][later] += 1
    plan: dict[str, dict] = {}
    for workstream_id in Workstream.objects.values_list("pk", flat=True):
        plan[str(workstream_id)] = {"actions": counts[workstream_id], "kpis": {}}
    for kpi in KPI.objects.exclude(target__isnull=True):
        plan[str(kpi.workstream_id)]["kpis"][str(kpi.pk)] = kpi_plan(kpi, PROGRAMME_WEEKS)
    return plan


def baseline_freeze(*, taskforce: Taskforce, user, reason: str = "", now: dt.datetime | None = None) -> Baseline:
    """Freezes the plan as it stands: the first baseline, or a re-baseline (the old ones stay as they were)."""
    with transaction.atomic():
        last = Baseline.objects.select_for_update().order_by("-number").first()
        return Baseline.objects.create(
            number=(last.number + 1) if last else 1,
            created_at=now or timezone.now(),
            created_by=user,
            reason=reason,
            plan=plan_now(taskforce=taskforce),
        )


# --- The facts of a frozen progress report --------------------------------------------------------


def facts_collect(*, taskforce: Taskforce, today: dt.date | None = None, now: dt.datetime | None = None) -> dict:
    """What the comparison page sets side by side, per workstream: status, ratings, trajectory gap,
    KPI values, actions done and risks. Plain values (JSON), in the language of the moment."""
    now = now or timezone.now()
    deadline = taskforce.deadline(today or timezone.localdate(now))
    figures = workstream_figures(deadline=deadline, now=now)
    summaries = update_summaries(deadline=deadline, taskforce=taskforce, now=now, figures=figures)
    kpis: dict[int, dict] = defaultdict(dict)
    for kpi in kpis_with_latest():
        kpis[kpi.workstream_id][kpi.name] = None if kpi.latest_value is None else str(kpi.latest_value)
    done: dict[int, list[str]] = defaultdict(list)
    for workstream_id, title in (
        Action.objects.filter(status=Action.Status.DONE)
        .order_by("position", "id")
        .values_list("workstream_id", "title")
    ):
        done[workstream_id].append(title)
    workstreams = {}
    for workstream in Workstream.objects.order_by("position"):
        status = status_for(figures[workstream.pk], deadline)
        summary = summaries[workstream.pk]
        workstreams[workstream.slug] = {
            "name": workstream.name,
            "status": status.colour,
            "rating": summary.rating,
            "reviewer_rating": summary.reviewer_rating,
            "gap": summary.gap,
            "kpis": kpis[workstream.pk],
            "done": done[workstream.pk],
            # With the tied actions' titles and links as they were, so the comparison shows them later.
            "risks": summary.risks,
        }
    return {"week": deadline.week, "date": deadline.today.isoformat(), "workstreams": workstreams}


def facts_freeze(*, token: str, taskforce: Taskforce, week: int, today: dt.date | None = None) -> ReportFacts:
    """Keeps the facts of a frozen progress report next to it (dashboards.reports calls this)."""
    return ReportFacts.objects.create(
        token=token, created_at=timezone.now(), week=week, facts=facts_collect(taskforce=taskforce, today=today)
    )
