"""Commitments to external parties: the mandate first, room on the line, four eyes, each step in the history."""

import random
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from mandate import selectors, services
from mandate.models import BudgetLine, Commitment
from taskforce.models import Organisation
from tests.factories import make_budget_line, make_commitment, make_mandate

pytestmark = pytest.mark.django_db


def request(user, line, amount="1000.00"):
    return services.commitment_request(
        user=user,
        budget_line=line,
        fields={
            "party": Organisation.objects.get(short_name="VNO-NCW"),
            "description": "Matchmaking",
            "amount": Decimal(amount),
        },
    )


def test_no_commitment_can_be_requested_without_a_granted_mandate(taskforce, secretariat, verbinden):
    line = make_budget_line(verbinden)
    with pytest.raises(ValidationError, match="mandaat"):
        request(secretariat, line)
    make_mandate(taskforce, status="requested")
    with pytest.raises(ValidationError, match="mandaat"):
        request(secretariat, line)
    services.mandate_save(
        taskforce=taskforce, user=secretariat, fields={"status": "granted", "granted_on": taskforce.start_date}
    )
    assert request(secretariat, line).status == Commitment.Status.REQUESTED


def test_the_requester_cannot_approve_their_own_request(taskforce, secretariat, taskforce_member, verbinden):
    make_mandate(taskforce)
    commitment = request(taskforce_member, make_budget_line(verbinden))
    with pytest.raises(PermissionDenied, match="eigen aanvraag"):
        services.commitment_advance(commitment=commitment, user=taskforce_member, to="approved")
    commitment = services.commitment_advance(commitment=commitment, user=secretariat, to="approved")
    assert (commitment.status, commitment.approved_by) == ("approved", secretariat)


def test_a_member_cannot_approve_and_only_the_secretariat_contracts_and_pays(
    taskforce, secretariat, taskforce_member, member, verbinden
):
    make_mandate(taskforce)
    commitment = request(member, make_budget_line(verbinden))
    with pytest.raises(PermissionDenied):
        services.commitment_advance(commitment=commitment, user=member, to="approved")
    services.commitment_advance(commitment=commitment, user=taskforce_member, to="approved")
    with pytest.raises(PermissionDenied):
        services.commitment_advance(commitment=commitment, user=taskforce_member, to="contracted")
    with pytest.raises(ValidationError):
        services.commitment_advance(commitment=commitment, user=secretariat, to="paid")  # a step skipped


def test_a_commitment_cannot_take_more_than_is_left_on_its_line(taskforce, secretariat, taskforce_member, verbinden):
    make_mandate(taskforce)
    line = make_budget_line(verbinden, amount="1000.00")
    first = request(taskforce_member, line, "600.00")
    services.commitment_advance(commitment=first, user=secretariat, to="approved")
    with pytest.raises(ValidationError, match="niet genoeg ruimte"):
        request(taskforce_member, line, "400.01")
    # Two requests may wait side by side; the approval that would overspend is refused.
    second, third = request(taskforce_member, line, "400.00"), request(taskforce_member, line, "400.00")
    services.commitment_advance(commitment=second, user=secretariat, to="approved")
    with pytest.raises(ValidationError, match="niet genoeg ruimte"):
        services.commitment_advance(commitment=third, user=secretariat, to="approved")
    assert selectors.budget_lines().get(pk=line.pk).remaining == Decimal("0.00")


def test_each_step_of_the_life_cycle_is_in_the_history_with_who_and_when(
    taskforce, secretariat, taskforce_member, verbinden
):
    make_mandate(taskforce)
    commitment = request(taskforce_member, make_budget_line(verbinden))
    services.commitment_advance(commitment=commitment, user=secretariat, to="approved")
    for step in ("contracted", "delivered", "paid"):
        commitment = services.commitment_advance(commitment=commitment, user=secretariat, to=step)
    history = list(commitment.history.order_by("history_date", "history_id"))
    assert [(h.status, h.history_user) for h in history] == [
        ("requested", taskforce_member),
        ("approved", secretariat),
        ("contracted", secretariat),
        ("delivered", secretariat),
        ("paid", secretariat),
    ]
    assert all(getattr(commitment, f"{s}_at") for s in ("approved", "contracted", "delivered", "paid"))


def test_a_hundred_random_commitments_are_summed_to_the_cent(taskforce, secretariat, verbinden, voorkomen):
    rng = random.Random(20261124)
    lines = [make_budget_line(ws, amount="99999999.99") for ws in (verbinden, voorkomen) for _ in range(2)]
    expected = {line.pk: Decimal("0.00") for line in lines}
    paid = Decimal("0.00")
    for _ in range(100):
        line = rng.choice(lines)
        amount = Decimal(rng.randint(1, 10_000_000)) / 100  # 0.01 … 100,000.00, any cent
        status = rng.choice(["requested", *Commitment.COMMITTED])
        make_commitment(line, secretariat, amount=str(amount), status=status)
        if status in Commitment.COMMITTED:
            expected[line.pk] += amount
            paid += amount if status == "paid" else 0
    for line in selectors.budget_lines():
        assert line.committed == expected[line.pk]
        assert line.remaining == Decimal("99999999.99") - expected[line.pk]
        assert isinstance(line.remaining, Decimal)
    rows, total = selectors.workstream_money()
    assert total.committed == sum(expected.values())
    assert total.remaining == 4 * Decimal("99999999.99") - sum(expected.values())
    assert total.paid == paid
    assert sum(row.committed for row in rows) == total.committed


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_the_same_moment_cannot_overspend_a_line(
    taskforce, secretariat, taskforce_member, trekker, verbinden, monkeypatch
):
    make_mandate(taskforce)
    line = make_budget_line(verbinden, amount="1000.00")
    commitments = [make_commitment(line, secretariat, amount="600.00") for _ in range(2)]
    # Both approvals compute the room, then wait for each other: without the lock on the line both
    # would see 1000 left; with it the second waits until the first has committed, and sees 400.
    barrier = threading.Barrier(2)
    original = services._room

    def room_then_wait(*args, **kwargs):
        room = original(*args, **kwargs)
        try:
            barrier.wait(timeout=2)
        except threading.BrokenBarrierError:
            pass
        return room

    monkeypatch.setattr(services, "_room", room_then_wait)
    outcomes = []

    def approve(commitment, user):
        try:
            services.commitment_advance(commitment=commitment, user=user, to="approved")
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    approvers = [taskforce_member, trekker]
    threads = [threading.Thread(target=approve, args=pair) for pair in zip(commitments, approvers, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused"]
    assert BudgetLine.objects.with_sums().get(pk=line.pk).remaining == Decimal("400.00")
