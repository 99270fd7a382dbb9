"""Over the real stack: a Celery worker process on Redis runs the jobs and mails a real SMTP server."""

import datetime as dt
import os
import uuid

import pytest
from django.utils import timezone

from mailings.models import Delivery
from mailings.tasks import send_digest
from tests.workers import WAIT, celery_worker, wait_for
from workstreams.models import Action, Workstream

# The worker process reads the real clock: the taskforce is seeded in week 4 of the real today.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.real_clock]

QUEUE = f"test-digest-{uuid.uuid4().hex}"


@pytest.fixture
def worker(smtp_server):
    """`celery worker` in its own process, on this test's database, Redis and SMTP server."""
    with celery_worker(smtp_port=smtp_server.port, queue=QUEUE, redis_url=os.environ["REDIS_URL"]) as process:
        yield process


def enqueue(today: str):
    return send_digest.apply_async(args=[today], queue=QUEUE)


@pytest.fixture
def overdue_action(member):
    today = timezone.localdate()
    return Action.objects.create(
        workstream=Workstream.objects.get(slug="verbinden"),
        title="Rondetafel met vaccinproducenten",
        owner=member,
        due_date=today - dt.timedelta(days=2),
    )


def test_a_worker_on_redis_delivers_the_digest_to_a_real_smtp_server(worker, smtp_server, member, overdue_action):
    today = timezone.localdate().isoformat()
    result = enqueue(today)
    outcome = result.get(timeout=WAIT)
    assert outcome["sent"] == 1

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "lid@example.org"
    assert message.is_multipart() and message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Rondetafel met vaccinproducenten" in text and "2 dagen te laat" in text
    assert "<h2>Uw acties</h2>" in html and "Rondetafel met vaccinproducenten" in html
    assert "https://taskforce.example.org/account/mail/unsubscribe/digest/" in text
    assert (
        message["List-Unsubscribe"]
        .strip()
        .startswith("<https://taskforce.example.org/account/mail/unsubscribe/digest/")
    )


def test_the_same_job_delivered_twice_sends_one_mail(worker, smtp_server, member, overdue_action):
    """Celery redelivering a task (acks_late) or someone running it again: the delivery record decides."""
    today = timezone.localdate().isoformat()
    first, second = enqueue(today), enqueue(today)
    assert first.get(timeout=WAIT)["sent"] + second.get(timeout=WAIT)["sent"] == 1
    assert len(smtp_server.messages) == 1
    assert Delivery.objects.get(user=member).status == Delivery.Status.SENT


def test_a_refused_mail_is_retried_by_the_worker_until_it_goes_through(worker, smtp_server, member, overdue_action):
    smtp_server.refuse_next = 1
    outcome = enqueue(timezone.localdate().isoformat()).get(timeout=WAIT)
    assert len(outcome["failed"]) == 1
    wait_for(lambda: smtp_server.messages, "the retried mail")
    wait_for(
        lambda: Delivery.objects.filter(user=member, status=Delivery.Status.SENT).exists(),
        "the delivery to be recorded as sent",
    )
    delivery = Delivery.objects.get(user=member)
    assert delivery.attempts == 2
    assert len(smtp_server.messages) == 1
