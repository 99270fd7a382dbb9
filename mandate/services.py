"""Writes of the mandate and the money: each step of a commitment checked and recorded in one place."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.models import ZERO, BudgetLine, Commitment, Delegation, Mandate
from taskforce.models import Taskforce
from taskforce.permissions import (
    can_approve_commitment,
    can_contract_commitment,
    can_delegate_action,
    can_edit_mandate,
    can_request_commitment,
)
from workstreams.models import Action


def _with_user(obj, user):
    obj._history_user = user  # simple-history records who made the change
    return obj


def mandate_save(*, taskforce: Taskforce, user, fields: dict) -> Mandate:
    if not can_edit_mandate(user):
        raise PermissionDenied
    mandate = Mandate.objects.filter(taskforce=taskforce).first() or Mandate(taskforce=taskforce)
    for name, value in fields.items():
        setattr(mandate, name, value)
    _with_user(mandate, user).save()
    return mandate


def mandate_in_force(taskforce: Taskforce | None = None) -> bool:
    taskforce = taskforce or Taskforce.current()
    return Mandate.objects.filter(taskforce=taskforce, status__in=Mandate.IN_FORCE).exists()


def budget_line_create(*, user, fields: dict) -> BudgetLine:
    if not can_edit_mandate(user):
        raise PermissionDenied
    line = BudgetLine(**fields)
    _with_user(line, user).save()
    return line


def _room(line: BudgetLine, excluding: int | None = None) -> Decimal:
    """What is left on a line: its amount minus what approved (and later) commitments took, in SQL."""
    committed = line.commitments.filter(status__in=Commitment.COMMITTED)
    if excluding is not None:
        committed = committed.exclude(pk=excluding)
    return line.amount - (committed.aggregate(total=Sum("amount"))["total"] or ZERO)


def commitment_request(*, user, budget_line: BudgetLine, fields: dict, actions: Iterable[Action] = ()) -> Commitment:
    """A request for money on a line; it needs the mandate in force and room for its amount."""
    if not can_request_commitment(user, budget_line.workstream_id):
        raise PermissionDenied
    if not mandate_in_force():
        raise ValidationError(_("Zonder verleend mandaat kan de taskforce geen externe partijen opdracht geven."))
    amount = fields["amount"]
    room = _room(budget_line)
    if amount > room:
        raise ValidationError(
            _("Er is niet genoeg ruimte op deze budgetregel: nog %(room)s beschikbaar.") % {"room": room}
        )
    commitment = Commitment(budget_line=budget_line, requested_by=user, requested_at=timezone.now(), **fields)
    with transaction.atomic():
        _with_user(commitment, user).save()
        commitment.actions.set(list(actions))
    return commitment


def commitment_advance(*, commitment: Commitment, user, to: str) -> Commitment:
    """Moves a commitment one step on (requested → approved → contracted → delivered → paid).

    Approval is checked under a lock on the budget line: two approvals at the same moment wait for each
    other, so the second sees the first's amount taken and cannot overspend the line.
    """
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if to != commitment.next_status:
            raise ValidationError(_("Deze stap past niet bij de huidige status van de verplichting."))
        if to == Commitment.Status.APPROVED:
            if user.pk == commitment.requested_by_id:
                raise PermissionDenied(_("U kunt uw eigen aanvraag niet goedkeuren; een ander taskforcelid doet dat."))
            if not can_approve_commitment(user, commitment.requested_by_id):
                raise PermissionDenied
            if not mandate_in_force():
                raise ValidationError(
                    _("Zonder verleend mandaat kan de taskforce geen externe partijen opdracht geven.")
                )
            line = BudgetLine.objects.select_for_update().get(pk=commitment.budget_line_id)
            room = _room(line, excluding=commitment.pk)
            if commitment.amount > room:
                raise ValidationError(
                    _("Er is niet genoeg ruimte op deze budgetregel: nog %(room)s beschikbaar.") % {"room": room}
                )
        elif not can_contract_commitment(user):
            raise PermissionDenied
        commitment.status = to
        setattr(commitment, f"{to}_by", user)
        setattr(commitment, f"{to}_at", timezone.now())
        _with_user(commitment, user).save()
    return commitment


def delegation_save(*, action: Action, user, fields: dict) -> Delegation:
    if not can_delegate_action(user, action.workstream_id):
        raise PermissionDenied
    delegation = Delegation.objects.filter(action=action).first() or Delegation(action=action)
    for name, value in fields.items():
        setattr(delegation, name, value)
    _with_user(delegation, user).save()
    return delegation


def delegation_end(*, action: Action, user) -> None:
    """The action comes back inside the app."""
    if not can_delegate_action(user, action.workstream_id):
        raise PermissionDenied
    delegation = Delegation.objects.filter(action=action).first()
    if delegation is not None:
        _with_user(delegation, user).delete()
