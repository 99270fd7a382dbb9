"""Of all runs that try a delivery, one sends: the claim, its timeout to the microsecond, and what a run
does when it meets someone else's claim."""

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from mailings import mail
from mailings.models import Delivery
from taskforce.models import User

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
S = Delivery.Status


@pytest.fixture
def person(db) -> User:
    return User.objects.create_user(username="ontvanger", email="ontvanger@example.org", password="pw")


def delivery(person, status=S.PENDING, claimed_at=None) -> Delivery:
    return Delivery.objects.create(kind=Delivery.Kind.DIGEST, period="2026-W47", user=person, status=status,
                                   claimed_at=claimed_at)  # fmt: skip


def state(row: Delivery) -> tuple[str, dt.datetime | None]:
    row.refresh_from_db()
    return row.status, row.claimed_at


def test_the_claim_timeout_is_two_and_a_half_minutes_by_default(settings):
    assert mail.claim_timeout() == dt.timedelta(seconds=150)
    settings.MAIL_CLAIM_TIMEOUT_SECONDS = 8
    assert mail.claim_timeout() == dt.timedelta(seconds=8)


@pytest.mark.parametrize("status", [S.PENDING, S.FAILED])
def test_a_pending_or_failed_delivery_is_claimed_once_and_marked_sending_at_that_moment(person, status):
    row = delivery(person, status)
    assert mail.delivery_claim(delivery_id=row.pk, now=NOW) is True
    assert state(row) == (S.SENDING, NOW)
    assert mail.delivery_claim(delivery_id=row.pk, now=NOW + dt.timedelta(minutes=1)) is False
    assert state(row) == (S.SENDING, NOW)


@pytest.mark.parametrize("status", [S.SENT, S.SKIPPED])
def test_a_sent_or_skipped_delivery_is_never_claimed_however_long_ago(person, status):
    row = delivery(person, status, claimed_at=NOW - dt.timedelta(days=30))
    assert mail.delivery_claim(delivery_id=row.pk, now=NOW) is False
    assert state(row) == (status, NOW - dt.timedelta(days=30))


@pytest.mark.parametrize(
    ("claimed_ago", "claimable"),
    [
        (dt.timedelta(minutes=1), False),
        (dt.timedelta(seconds=150) - dt.timedelta(microseconds=1), False),
        (dt.timedelta(seconds=150), False),  # exactly at the timeout the claim still holds
        (dt.timedelta(seconds=150, microseconds=1), True),
        (dt.timedelta(hours=5), True),
    ],
)
def test_someone_else_s_claim_holds_for_the_timeout_and_then_expires(person, claimed_ago, claimable):
    row = delivery(person, S.SENDING, claimed_at=NOW - claimed_ago)
    assert mail.delivery_claim(delivery_id=row.pk, now=NOW) is claimable
    assert state(row) == (S.SENDING, NOW if claimable else NOW - claimed_ago)


def test_a_claim_concerns_its_own_delivery_only(person):
    other = User.objects.create_user(username="ander", email="ander@example.org", password="pw")
    mine, theirs = delivery(person), delivery(other)
    assert mail.delivery_claim(delivery_id=mine.pk, now=NOW) is True
    assert state(theirs) == (S.PENDING, None)
    assert mail.delivery_claim(delivery_id=0, now=NOW) is False


def test_without_a_moment_the_claim_is_made_now(person):
    row = delivery(person)
    with time_machine.travel(NOW, tick=False):
        assert mail.delivery_claim(delivery_id=row.pk) is True
    assert state(row) == (S.SENDING, NOW)
    stale = delivery(User.objects.create_user(username="oud", password="pw"), S.SENDING, NOW - dt.timedelta(minutes=31))
    with time_machine.travel(NOW, tick=False):
        assert mail.delivery_claim(delivery_id=stale.pk) is True


# What a run does with the outcome (send_one).


def message() -> EmailMultiAlternatives:
    return EmailMultiAlternatives(subject="Samenvatting", body="Tekst", to=["ontvanger@example.org"])


@pytest.fixture
def retries(monkeypatch) -> list[dict]:
    calls: list[dict] = []
    monkeypatch.setattr(mail, "retry_later", lambda **kwargs: calls.append(kwargs))
    return calls


TODAY = dt.date(2026, 11, 20)


def test_a_claim_held_by_a_live_run_is_looked_at_again_once_it_may_have_expired(person, retries):
    row = delivery(person, S.SENDING, claimed_at=NOW - dt.timedelta(minutes=1))
    with time_machine.travel(NOW, tick=False):
        assert mail.send_one(delivery=row, build=message, today=TODAY) == "already"
    # The timeout plus a minute: 150 + 60 seconds.
    assert retries == [{"delivery_id": row.pk, "today": TODAY, "countdown": 210}]


def test_a_delivery_already_sent_is_not_looked_at_again(person, retries):
    row = delivery(person, S.SENT, claimed_at=NOW - dt.timedelta(minutes=5))
    assert mail.send_one(delivery=row, build=message, today=TODAY) == "already"
    assert retries == []


def test_a_delivery_sent_now_needs_no_retry(person, retries, mailoutbox):
    row = delivery(person)
    assert mail.send_one(delivery=row, build=message, today=TODAY) == "sent"
    assert retries == []
    assert len(mailoutbox) == 1


def test_a_refused_delivery_is_retried_with_the_normal_backoff(person, retries, monkeypatch):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("weg")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    row = delivery(person)
    assert mail.send_one(delivery=row, build=message, today=TODAY) == "failed"
    assert retries == [{"delivery_id": row.pk, "today": TODAY}]
    assert state(row)[0] == S.FAILED


class RecordingSender:
    """A run's shared connection, as far as send_one can tell."""

    def __init__(self):
        self.sent = []

    def send(self, message):
        self.sent.append(message.subject)


def test_a_run_s_messages_go_through_the_run_s_sender(person, retries, mailoutbox):
    sender = RecordingSender()
    assert mail.send_one(delivery=delivery(person), build=message, today=TODAY, sender=sender) == "sent"
    assert sender.sent == ["Samenvatting"]
    assert mailoutbox == []


def test_a_sender_whose_claim_was_taken_over_leaves_the_row_to_the_new_sender(person, smtp_server):
    row = delivery(person)
    taken_over = timezone.now() + dt.timedelta(minutes=3)

    def slow_build() -> EmailMultiAlternatives:
        # While this sender was stuck, its claim expired and another sender claimed the row.
        Delivery.objects.filter(pk=row.pk).update(claimed_at=taken_over)
        return message()

    smtp_server.refuse_next = 1
    with pytest.raises(mail.SendFailed):
        mail.delivery_send(delivery=row, build=slow_build)
    # Not "failed" (which would have it sent again beside the new sender's copy): the new claim stands.
    assert state(row) == (S.SENDING, taken_over)
    row.refresh_from_db()
    assert row.attempts == 0 and row.last_error == ""
