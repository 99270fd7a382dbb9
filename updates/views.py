"""The weekly rhythm's pages: this meeting's updates, writing one, reviewing it, recovery plans,
trajectories and the comparison of two progress reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from taskforce.models import Taskforce
from taskforce.permissions import (
    can_baseline,
    can_close_recovery_plan,
    can_configure_updates,
    can_read_unapproved_updates,
    can_review_update,
    can_write_update,
)
from updates import selectors, services
from updates.compare import comparison
from updates.forms import (
    RATING_FOR_COLOUR,
    BaselineForm,
    CompareForm,
    DelegateForm,
    PlanActionFormSet,
    RecoveryCloseForm,
    RecoveryPlanForm,
    ReviewForm,
    SettingsForm,
    UpdateForm,
    risk_formset,
)
from updates.models import (
    Baseline,
    Delegate,
    RecoveryPlan,
    ReportFacts,
    ReviewComment,
    UpdateSettings,
    UpdateVersion,
    WorkstreamUpdate,
)
from workstreams.models import Action, Workstream


def _taskforce() -> Taskforce:
    taskforce = Taskforce.current()
    if taskforce is None:
        raise Http404("No taskforce yet: run seed_taskforce.")
    return taskforce


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _get_workstream(slug: str) -> Workstream:
    return get_object_or_404(Workstream, slug=slug)


# --- This meeting's updates --------------------------------------------------------------------------


@require_safe
def update_list(request: HttpRequest) -> HttpResponse:
    taskforce = _taskforce()
    deadline = taskforce.deadline()
    summaries = selectors.update_summaries(deadline=deadline, taskforce=taskforce)
    delegates = dict(Delegate.objects.values_list("workstream_id", "user_id"))
    rows = [
        (ws, summaries[ws.pk], can_write_update(request.user, ws.pk, delegates.get(ws.pk)))
        for ws in Workstream.objects.order_by("position")
    ]
    past = WorkstreamUpdate.objects.select_related("workstream").exclude(
        meeting_date=selectors.meeting_date(taskforce, deadline.today)
    )
    if not can_read_unapproved_updates(request.user):
        past = past.filter(state=WorkstreamUpdate.State.APPROVED)
    return render(
        request,
        "updates/list.html",
        {
            "rows": rows,
            "meeting_date": selectors.meeting_date(taskforce, deadline.today),
            "past": list(past[:50]),
            "can_read_unapproved": can_read_unapproved_updates(request.user),
            "can_configure": can_configure_updates(request.user),
        },
    )


def _edit_context(request, workstream, update, form, risks, starting, conflict=None) -> dict:
    returned = None
    if update is not None and update.state == WorkstreamUpdate.State.RETURNED:
        returned = update.versions.select_related("review__reviewer").prefetch_related("review__comments").last()
    return {
        "workstream": workstream,
        "update": update,
        "form": form,
        "risks": risks,
        "starting": starting,
        "returned": returned,
        "conflict": conflict,
        "delegate_form": DelegateForm(workstream=workstream, initial={"user": selectors.delegate_id(workstream.pk)})
        if can_write_update(request.user, workstream.pk)
        else None,
    }


def update_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Writes this meeting's update: the draft is kept at every save; "Indienen" sends it for review."""
    workstream = _get_workstream(slug)
    _require(can_write_update(request.user, workstream.pk, selectors.delegate_id(workstream.pk)))
    taskforce = _taskforce()
    now = timezone.now()
    deadline = taskforce.deadline(timezone.localdate(now))
    meeting = selectors.meeting_date(taskforce, deadline.today)
    update = WorkstreamUpdate.objects.filter(workstream=workstream, meeting_date=meeting).first()
    if update is not None and not update.editable:
        messages.info(request, _("Deze update is ingediend; hier staat hij met zijn beoordeling."))
        return redirect(update)
    starting = selectors.starting_point(workstream=workstream, deadline=deadline, meeting=meeting, now=now)
    choices = UpdateSettings.current().rating_choices()

    if request.method == "POST":
        submitting = "submit" in request.POST
        form = UpdateForm(request.POST, rating_choices=choices, submitting=submitting)
        risks = risk_formset(request.POST, workstream=workstream)
        if form.is_valid() and risks.is_valid():
            fields = {
                "rating": form.cleaned_data["rating"],
                "rationale": form.cleaned_data["rationale"],
                "path_to_green": form.cleaned_data["path_to_green"],
                "risks": [risk for risk in (f.risk() for f in risks.forms) if risk],
            }
            try:
                update = services.update_save(
                    workstream=workstream,
                    meeting_date=meeting,
                    version=form.cleaned_data["version"],
                    user=request.user,
                    fields=fields,
                    submit=submitting,
                    now=now,
                )
            except services.UpdateConflict as exc:
                data = request.POST.copy()
                data["version"] = str(exc.update.version)
                form = UpdateForm(data, rating_choices=choices, submitting=submitting)
                form.is_valid()
                current = exc.update if exc.update.pk else None
                context = _edit_context(request, workstream, current, form, risks, starting, conflict=exc)
                return render(request, "updates/edit.html", context, status=409)
            except services.NotEditable:
                messages.error(request, _("Niet opgeslagen: de update is intussen ingediend."))
                return redirect("updates:edit", slug=slug)
            if submitting:
                messages.success(request, _("Update ingediend; de taskforce beoordeelt hem."))
                return redirect(update)
            messages.success(request, _("Concept opgeslagen."))
            return redirect("updates:edit", slug=slug)
        context = _edit_context(request, workstream, update, form, risks, starting)
        return render(request, "updates/edit.html", context, status=400)

    if update is not None:
        initial = {
            "rating": update.rating,
            "rationale": update.rationale,
            "path_to_green": update.path_to_green,
            "version": update.version,
        }
        risks_initial = update.risks
    else:
        # A new update starts from what the app knows: the computed colour, and the blocked actions as blockers.
        initial = {"rating": RATING_FOR_COLOUR.get(starting.status.colour, ""), "version": 0}
        risks_initial = [
            {"kind": "blocker", "text": action.title, "actions": [action.pk]}
            for action in starting.actions
            if action.status == Action.Status.BLOCKED
        ]
    form = UpdateForm(initial=initial, rating_choices=choices)
    risks = risk_formset(workstream=workstream, risks=risks_initial)
    return render(request, "updates/edit.html", _edit_context(request, workstream, update, form, risks, starting))


@require_POST
def delegate(request: HttpRequest, slug: str) -> HttpResponse:
    workstream = _get_workstream(slug)
    _require(can_write_update(request.user, workstream.pk))
    form = DelegateForm(request.POST, workstream=workstream)
    if form.is_valid():
        services.delegate_set(workstream=workstream, user=form.cleaned_data["user"])
        messages.success(request, _("Delegatie opgeslagen."))
    else:
        messages.error(request, _("Kies een lid van de werkstroom."))
    return redirect("updates:edit", slug=slug)


# --- One update with its versions side by side ------------------------------------------------------


def _get_update(pk: int) -> WorkstreamUpdate:
    return get_object_or_404(WorkstreamUpdate.objects.select_related("workstream"), pk=pk)


def _versions(update: WorkstreamUpdate, user) -> list[UpdateVersion]:
    versions = list(
        update.versions.select_related("submitted_by", "review__reviewer").prefetch_related(
            Prefetch("review__comments", queryset=ReviewComment.objects.order_by("id"))
        )
    )
    if can_read_unapproved_updates(user):
        return versions
    # Viewers read approved versions only; drafts and returned versions stay inside the taskforce.
    return [v for v in versions if hasattr(v, "review") and v.review.decision == UpdateVersion.Decision.APPROVED]


def _detail(request: HttpRequest, update: WorkstreamUpdate, review_form=None, status: int = 200) -> HttpResponse:
    versions = _versions(update, request.user)
    if not versions and not can_read_unapproved_updates(request.user):
        raise PermissionDenied
    latest = versions[-1] if versions else None
    can_review = (
        latest is not None
        and update.state == WorkstreamUpdate.State.SUBMITTED
        and can_review_update(request.user, update.workstream_id, latest.submitted_by_id)
    )
    if can_review and review_form is None:
        review_form = ReviewForm(rating_choices=UpdateSettings.current().rating_choices())
    sections = [
        ("rating", _("Vertrouwensoordeel")),
        ("rationale", _("Onderbouwing")),
        ("path_to_green", _("Nodig voor groen")),
        ("risks", _("Risico's en blokkades")),
    ]
    actions = {a.pk: a for a in Action.objects.filter(workstream=update.workstream)}
    columns = []
    for version in versions:
        review = getattr(version, "review", None)
        comments: dict[str, list] = {}
        for comment in review.comments.all() if review else []:
            comments.setdefault(comment.section, []).append(comment)
        risks = selectors.risks_with_links(version.risks, actions)
        columns.append({"version": version, "review": review, "comments": comments, "risks": risks})
    # One row per section, one cell per version: the versions side by side with the comments on each part.
    rows = [
        {
            "section": key,
            "label": label,
            "cells": [{"column": c, "comments": c["comments"].get(key, [])} for c in columns],
        }
        for key, label in sections
    ]
    general = [{"column": c, "comments": c["comments"].get("general", [])} for c in columns]
    return render(
        request,
        "updates/detail.html",
        {
            "update": update,
            "workstream": update.workstream,
            "columns": columns,
            "rows": rows,
            "general": general,
            "review_form": review_form if can_review else None,
            "can_write": update.editable
            and can_write_update(request.user, update.workstream_id, selectors.delegate_id(update.workstream_id)),
            "shows_all": can_read_unapproved_updates(request.user),
        },
        status=status,
    )


@require_safe
def update_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get_update(pk))


@require_POST
def update_review(request: HttpRequest, pk: int) -> HttpResponse:
    update = _get_update(pk)
    latest = update.latest_version()
    _require(latest is not None and can_review_update(request.user, update.workstream_id, latest.submitted_by_id))
    assert latest is not None
    form = ReviewForm(request.POST, rating_choices=UpdateSettings.current().rating_choices())
    if not form.is_valid():
        return _detail(request, update, review_form=form, status=400)
    try:
        services.update_review(
            version=latest,
            user=request.user,
            decision=form.cleaned_data["decision"],
            rating=form.cleaned_data["rating"],
            comments=form.comments(),
        )
    except services.NotEditable:
        messages.error(request, _("Niet opgeslagen: deze versie is al beoordeeld."))
        return redirect(update)
    if form.cleaned_data["decision"] == UpdateVersion.Decision.APPROVED:
        messages.success(request, _("Update goedgekeurd."))
    else:
        messages.success(request, _("Update teruggestuurd naar de trekker."))
    return redirect(update)


# --- Recovery plans ----------------------------------------------------------------------------------


def recovery(request: HttpRequest, slug: str, close_form=None, status: int = 200) -> HttpResponse:
    workstream = _get_workstream(slug)
    plan = RecoveryPlan.objects.filter(workstream=workstream, closed_on__isnull=True).first()
    may_write = can_write_update(request.user, workstream.pk, selectors.delegate_id(workstream.pk))
    form = actions_formset = None
    # A refused close (close_form given) re-renders this page; the plan's own form is then unposted.
    posted = request.method == "POST" and close_form is None
    if plan is not None and may_write:
        initial = {"what_changes": plan.what_changes, "owner": plan.owner_id, "by_when": plan.by_when}
        if posted:
            form = RecoveryPlanForm(request.POST, workstream=workstream)
            actions_formset = PlanActionFormSet(
                request.POST, prefix="plan_actions", form_kwargs={"workstream": workstream}
            )
            if form.is_valid() and actions_formset.is_valid():
                new = [fields for fields in (f.action_fields() for f in actions_formset.forms) if fields]
                services.recovery_plan_save(plan=plan, user=request.user, fields=form.cleaned_data, new_actions=new)
                messages.success(request, _("Herstelplan opgeslagen."))
                return redirect("updates:recovery", slug=slug)
            status = 400
        else:
            form = RecoveryPlanForm(initial=initial, workstream=workstream)
            actions_formset = PlanActionFormSet(prefix="plan_actions", form_kwargs={"workstream": workstream})
    elif posted:
        raise PermissionDenied
    may_close = plan is not None and can_close_recovery_plan(request.user, workstream.pk)
    if may_close and close_form is None:
        close_form = RecoveryCloseForm(plan=plan)
    earlier = RecoveryPlan.objects.filter(workstream=workstream, closed_on__isnull=False).select_related("closed_by")
    return render(
        request,
        "updates/recovery.html",
        {
            "workstream": workstream,
            "plan": plan,
            "plan_actions": list(plan.actions.select_related("owner")) if plan else [],
            "overdue": plan is not None and plan.is_overdue(timezone.localdate()),
            "form": form,
            "actions_formset": actions_formset,
            "close_form": close_form if may_close else None,
            "earlier": list(earlier),
        },
        status=status,
    )


@require_POST
def recovery_close(request: HttpRequest, slug: str) -> HttpResponse:
    """The taskforce closes the open plan as done or superseded (a superseded one is followed by a new one)."""
    workstream = _get_workstream(slug)
    _require(can_close_recovery_plan(request.user, workstream.pk))
    plan = get_object_or_404(RecoveryPlan, workstream=workstream, closed_on__isnull=True)
    form = RecoveryCloseForm(request.POST, plan=plan)
    if not form.is_valid():
        return recovery(request, slug, close_form=form, status=400)
    try:
        new = services.recovery_plan_close(
            plan=plan, user=request.user, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"]
        )
    except services.NotEditable:
        messages.error(request, _("Niet opgeslagen: het herstelplan was intussen al afgesloten."))
        return redirect("updates:recovery", slug=slug)
    if new is not None:
        messages.success(request, _("Herstelplan afgesloten; er is een nieuw plan gevraagd."))
    else:
        messages.success(request, _("Herstelplan afgesloten."))
    return redirect("updates:recovery", slug=slug)


# --- Trajectories --------------------------------------------------------------------------------------


@require_safe
def trajectory(request: HttpRequest) -> HttpResponse:
    return _render_trajectory(request)


def _render_trajectory(request: HttpRequest, form=None, status: int = 200) -> HttpResponse:
    taskforce = _taskforce()
    now = timezone.now()
    deadline = taskforce.deadline(timezone.localdate(now))
    baselines = list(Baseline.objects.select_related("created_by"))
    chosen = request.GET.get("basislijn")
    baseline = next((b for b in baselines if str(b.number) == chosen), baselines[0] if baselines else None)
    rows = selectors.trajectory_rows(deadline=deadline, baseline=baseline, now=now) if baseline else []
    if can_baseline(request.user) and form is None:
        form = BaselineForm(rebaseline=bool(baselines))
    return render(
        request,
        "updates/trajectory.html",
        {
            "baselines": baselines,
            "baseline": baseline,
            "rows": rows,
            "deadline": deadline,
            "form": form if can_baseline(request.user) else None,
            "weeks": range(1, 13),
        },
        status=status,
    )


@require_POST
def baseline(request: HttpRequest) -> HttpResponse:
    _require(can_baseline(request.user))
    form = BaselineForm(request.POST, rebaseline=Baseline.objects.exists())
    if not form.is_valid():
        return _render_trajectory(request, form=form, status=400)
    frozen = services.baseline_freeze(taskforce=_taskforce(), user=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("Basislijn %(baseline)d vastgelegd.") % {"baseline": frozen.number})
    return redirect(reverse("updates:trajectory"))


# --- The secretariat's settings ------------------------------------------------------------------------


def rhythm_settings(request: HttpRequest) -> HttpResponse:
    """The rating scale and the days of the reminders and recovery plans (the admin has them too)."""
    _require(can_configure_updates(request.user))
    current = UpdateSettings.current()
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Instellingen opgeslagen."))
            return redirect("updates:settings")
        return render(request, "updates/settings.html", {"form": form}, status=400)
    return render(request, "updates/settings.html", {"form": form})


# --- What changed since the last report ----------------------------------------------------------------


@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    reports = list(ReportFacts.objects.all())
    form = CompareForm(request.GET or None, reports=reports)
    result = None
    if reports and not request.GET:
        # By default: the latest frozen report against today.
        form = CompareForm({"a": reports[0].token, "b": "today"}, reports=reports)
    if reports and form.is_valid():
        by_token = {facts.token: facts for facts in reports}
        old = by_token[form.cleaned_data["a"]]
        if form.cleaned_data["b"] == "today":
            new_facts = services.facts_collect(taskforce=_taskforce())
            new_label = _("Vandaag")
        else:
            new = by_token[form.cleaned_data["b"]]
            new_facts, new_label = new.facts, _("Week %(week)s") % {"week": new.week}
        result = {
            "old_label": _("Week %(week)s") % {"week": old.week},
            "new_label": new_label,
            "old": old,
            "workstreams": comparison(old.facts, new_facts),
        }
    return render(request, "updates/compare.html", {"form": form, "reports": reports, "result": result})
