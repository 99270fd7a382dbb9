"""The sweeper finishes what a run left owed, from the delivery rows alone, and never sends twice."""

import datetime as dt

import pytest
from django.db import OperationalError
from django.utils import timezone

from mailings import mail
from mailings.digest import digest_period
from mailings.models import Delivery
from mailings.sweep import delivery_sweep, owed
from taskforce.models import Taskforce
from workstreams.models import Action, Workstream

pytestmark = pytest.mark.django_db


@pytest.fixture
def owes(member, other_member):
    """Both people have an overdue action, so each has a digest to get."""
    for user in (member, other_member):
        Action.objects.create(
            workstream=Workstream.objects.get(slug="verbinden"),
            title=f"Bellen met {user.username}",
            owner=user,
            due_date=timezone.localdate() - dt.timedelta(days=2),
        )
    return [member, other_member]


def row(user, *, age=120, **fields) -> Delivery:
    """A digest delivery written `age` seconds ago, as a run writes it."""
    period = digest_period(Taskforce.current(), timezone.localdate())
    delivery = Delivery.objects.create(kind=Delivery.Kind.DIGEST, period=period, user=user, **fields)
    Delivery.objects.filter(pk=delivery.pk).update(created_at=timezone.now() - dt.timedelta(seconds=age))
    return delivery


def test_a_run_that_stopped_after_writing_its_rows_is_finished_by_the_sweeper(owes, smtp_server):
    rows = [row(user) for user in owes]
    report = delivery_sweep()
    assert sorted(report.sent) == sorted(r.pk for r in rows)
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(u.email for u in owes)
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
    # A second sweep finds nothing owed.
    assert delivery_sweep().total == 0
    assert len(smtp_server.messages) == 2


def test_the_sweeper_leaves_a_live_run_its_fresh_rows_and_live_claims(owes, smtp_server, settings):
    member, other = owes
    row(member, age=5)  # just written by a run that is still going
    row(other, status=Delivery.Status.SENDING, claimed_at=timezone.now() - dt.timedelta(seconds=10))
    assert owed() == []
    assert delivery_sweep().total == 0 and smtp_server.messages == []


def test_a_claim_left_by_a_dead_sender_is_taken_over_once_it_expired(owes, smtp_server, settings):
    member, _ = owes
    expired = timezone.now() - dt.timedelta(seconds=settings.MAIL_CLAIM_TIMEOUT_SECONDS + 1)
    delivery = row(member, status=Delivery.Status.SENDING, claimed_at=expired)
    assert delivery_sweep().sent == [delivery.pk]
    assert [m["To"] for m in smtp_server.messages] == [member.email]


def test_a_failed_mail_waits_out_its_backoff_before_the_sweeper_tries_again(owes, smtp_server, settings):
    member, _ = owes
    settings.MAIL_RETRY_BASE_SECONDS = 60
    just_failed = row(member, status=Delivery.Status.FAILED, attempts=1, claimed_at=timezone.now())
    assert owed() == []  # the first retry is due 2 minutes after the attempt
    Delivery.objects.filter(pk=just_failed.pk).update(claimed_at=timezone.now() - dt.timedelta(seconds=121))
    assert [d.pk for d in owed()] == [just_failed.pk]
    assert delivery_sweep().sent == [just_failed.pk]


def test_the_sweeper_skips_who_no_longer_wants_the_mail(owes, smtp_server):
    member, _ = owes
    member.digest_enabled = False
    member.save()
    delivery = row(member)
    assert delivery_sweep().skipped == [delivery.pk]
    assert smtp_server.messages == []


def test_rows_older_than_the_sweep_window_are_left_alone(owes, smtp_server, settings):
    member, _ = owes
    row(member, age=settings.MAIL_SWEEP_DAYS * 86400 + 60)
    assert owed() == []


# Outside a transaction, as a run sends: inside one, a dropped connection cannot be replaced.
@pytest.mark.django_db(transaction=True)
def test_recording_a_sent_mail_retries_while_the_database_is_away(settings):
    settings.MAIL_RECORD_RETRY_SECONDS = 30
    calls, pauses = [], []

    def update():
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")

    mail.record_sent(update, sleep=pauses.append)
    assert len(calls) == 3 and pauses == [0.5, 1.0]


@pytest.mark.django_db(transaction=True)
def test_recording_gives_up_after_the_retry_window(settings):
    settings.MAIL_RECORD_RETRY_SECONDS = 2
    pauses = []

    def update():
        raise OperationalError("the database is gone")

    with pytest.raises(OperationalError):
        mail.record_sent(update, sleep=pauses.append)
    assert sum(pauses) <= 2
