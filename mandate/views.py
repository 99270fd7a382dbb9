"""The mandate, the budget and its commitments, milestones and delegated work: thin views over the services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from mandate import selectors, services
from mandate.forms import BudgetLineForm, CommitmentForm, DelegationForm, MandateForm, MilestoneForm
from mandate.models import BudgetLine, Commitment, Delegation, Mandate
from mandate.templatetags.money import euro
from taskforce import spreadsheets
from taskforce.models import Taskforce
from taskforce.permissions import (
    can_approve_commitment,
    can_contract_commitment,
    can_delegate_action,
    can_edit_actions,
    can_edit_budget,
    can_edit_mandate,
    can_edit_milestones,
    can_read_budget_notes,
)
from workstreams.models import Action


def _taskforce() -> Taskforce:
    taskforce = Taskforce.current()
    if taskforce is None:
        raise Http404("No taskforce yet: run seed_taskforce.")
    return taskforce


def _errors(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("U mag deze stap niet zetten.")


# --- The mandate and the milestones ----------------------------------------------------------------


def _render_overview(request, *, mandate_form=None, milestone_form=None, status=200) -> HttpResponse:
    taskforce = _taskforce()
    mandate = Mandate.objects.filter(taskforce=taskforce).first()
    if can_edit_mandate(request.user) and mandate_form is None:
        mandate_form = MandateForm(instance=mandate)
    if can_edit_milestones(request.user) and milestone_form is None:
        milestone_form = MilestoneForm()
    history = list(mandate.history.select_related("history_user").order_by("-history_date")) if mandate else []
    return render(
        request,
        "mandate/overview.html",
        {
            "governance": selectors.governance(taskforce=taskforce, deadline=taskforce.deadline()),
            "history": history,
            "mandate_form": mandate_form if can_edit_mandate(request.user) else None,
            "milestone_form": milestone_form if can_edit_milestones(request.user) else None,
        },
        status=status,
    )


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    return _render_overview(request)


@require_POST
def mandate_edit(request: HttpRequest) -> HttpResponse:
    if not can_edit_mandate(request.user):
        raise PermissionDenied
    taskforce = _taskforce()
    form = MandateForm(request.POST, instance=Mandate.objects.filter(taskforce=taskforce).first())
    if not form.is_valid():
        return _render_overview(request, mandate_form=form, status=400)
    services.mandate_save(taskforce=taskforce, user=request.user, fields=form.cleaned_data)
    messages.success(request, _("Het mandaat is opgeslagen."))
    return redirect("mandate:overview")


@require_POST
def milestone_add(request: HttpRequest) -> HttpResponse:
    if not can_edit_milestones(request.user):
        raise PermissionDenied
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        return _render_overview(request, milestone_form=form, status=400)
    milestone = form.save(commit=False)
    milestone._history_user = request.user
    milestone.save()
    messages.success(request, _("De mijlpaal is toegevoegd."))
    return redirect("mandate:overview")


# --- The budget and its commitments ----------------------------------------------------------------


def _requestable_lines(user):
    """The lines this person may request money on: those of the workstreams whose actions they keep."""
    lines = selectors.budget_lines()
    ids = {ws for ws in BudgetLine.objects.values_list("workstream_id", flat=True) if can_edit_actions(user, ws)}
    return lines.filter(workstream_id__in=ids)


def _render_budget(request, *, line_form=None, commitment_form=None, status=200) -> HttpResponse:
    taskforce = _taskforce()
    user = request.user
    lines = list(selectors.budget_lines())
    requestable = [line for line in lines if can_edit_actions(user, line.workstream_id)]
    if can_edit_budget(user) and line_form is None:
        line_form = BudgetLineForm()
    if requestable and commitment_form is None:
        commitment_form = CommitmentForm(lines=_requestable_lines(user))
    return render(
        request,
        "mandate/budget.html",
        {
            "governance": selectors.governance(taskforce=taskforce, deadline=taskforce.deadline()),
            "lines": lines,
            "commitments": list(selectors.commitments()),
            "line_form": line_form if can_edit_budget(user) else None,
            "commitment_form": commitment_form if requestable else None,
            "show_notes": can_read_budget_notes(user),
        },
        status=status,
    )


@require_safe
def budget(request: HttpRequest) -> HttpResponse:
    return _render_budget(request)


@require_POST
def budget_line_add(request: HttpRequest) -> HttpResponse:
    if not can_edit_budget(request.user):
        raise PermissionDenied
    form = BudgetLineForm(request.POST)
    if not form.is_valid():
        return _render_budget(request, line_form=form, status=400)
    services.budget_line_create(user=request.user, fields=form.cleaned_data)
    messages.success(request, _("De budgetregel is toegevoegd."))
    return redirect("mandate:budget")


@require_POST
def commitment_request(request: HttpRequest) -> HttpResponse:
    if not _requestable_lines(request.user).exists():
        raise PermissionDenied
    form = CommitmentForm(request.POST, lines=_requestable_lines(request.user))
    if not form.is_valid():
        return _render_budget(request, commitment_form=form, status=400)
    data = dict(form.cleaned_data)
    line, actions = data.pop("budget_line"), data.pop("actions")
    try:
        commitment = services.commitment_request(user=request.user, budget_line=line, fields=data, actions=actions)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_budget(request, commitment_form=form, status=400)
    messages.success(request, _("De verplichting is aangevraagd; een ander taskforcelid keurt haar goed."))
    return redirect(commitment)


def _get_commitment(pk: int) -> Commitment:
    return get_object_or_404(selectors.commitments().select_related("budget_line__source"), pk=pk)


@require_safe
def commitment(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_commitment(pk)
    user = request.user
    step = item.next_status
    may_step = step is not None and (
        can_approve_commitment(user, item.requested_by_id)
        if step == Commitment.Status.APPROVED
        else can_contract_commitment(user)
    )
    # The requester sees the approve button too, to be told why it is not theirs to press.
    own_request = step == Commitment.Status.APPROVED and user.pk == item.requested_by_id and user.sees_all_workstreams
    history = item.history.select_related("history_user").order_by("-history_date", "-history_id")
    return render(
        request,
        "mandate/commitment.html",
        {
            "commitment": item,
            "line": selectors.budget_lines().get(pk=item.budget_line_id),
            "next_step": Commitment.Status(step) if step and (may_step or own_request) else None,
            "history": list(history),
            "show_notes": can_read_budget_notes(user),
        },
    )


@require_POST
def commitment_step(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_commitment(pk)
    try:
        services.commitment_advance(commitment=item, user=request.user, to=request.POST.get("to", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            _("De verplichting staat nu op: %(status)s.") % {"status": Commitment.Status(request.POST["to"]).label},
        )
    return redirect(item)


@require_safe
def budget_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    headers = [
        _("Werkstroom"),
        _("Budgetregel"),
        _("Bron"),
        _("Instrument"),
        _("Periode vanaf"),
        _("Periode tot en met"),
        _("Budget (euro)"),
        _("Verplicht (euro)"),
        _("Betaald (euro)"),
        _("Resterend (euro)"),
    ]
    rows = [
        [
            line.workstream.name,
            line.name,
            line.source.short_name,
            line.get_instrument_display(),
            line.period_start,
            line.period_end,
            line.amount,
            line.committed,
            line.paid,
            line.remaining,
        ]
        for line in selectors.budget_lines()
    ]
    name = spreadsheets.filename("budget", today=timezone.localdate())
    if fmt == "csv":
        # In CSV the amounts read as the user's language writes them, without the euro sign.
        text_rows = [[*row[:6], *(euro(value).lstrip("€\u00a0") for value in row[6:])] for row in rows]
        return spreadsheets.csv_response(name, headers, text_rows)
    return spreadsheets.xlsx_response(name, _("Budget"), headers, rows)


# --- Work delegated outside the app ----------------------------------------------------------------


def delegation(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("workstream"), pk=pk)
    if not can_delegate_action(request.user, action.workstream_id):
        raise PermissionDenied
    current = Delegation.objects.filter(action=action).first()
    if request.method == "POST" and request.POST.get("end"):
        services.delegation_end(action=action, user=request.user)
        messages.success(request, _("De actie is weer binnen de app belegd."))
        return redirect(action)
    form = DelegationForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.delegation_save(action=action, user=request.user, fields=form.cleaned_data)
        messages.success(request, _("De belegging is opgeslagen."))
        return redirect(action)
    return render(
        request,
        "mandate/delegation.html",
        {"action": action, "form": form, "delegation": current},
        status=400 if form.is_bound else 200,
    )
