"""Over the real stack: a Celery worker process on Redis runs the jobs and mails a real SMTP server."""

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from taskforce.models import Delivery
from taskforce.tasks import send_digest
from workstreams.models import Action, Workstream

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
QUEUE = f"test-digest-{uuid.uuid4().hex}"
WAIT = 120  # seconds: an upper bound on a loaded machine, not a timing assertion


def wait_for(condition, what: str):
    """Polls until `condition()` holds; fails after WAIT seconds."""
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Gave up waiting for {what}")
        time.sleep(0.2)


@pytest.fixture
def worker(smtp_server):
    """`celery worker` in its own process, on this test's database, Redis and SMTP server."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": os.environ["REDIS_URL"],
        # A queue of its own: no task left from an earlier run, none taken from anyone else on this Redis.
        "CELERY_QUEUE": QUEUE,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_USE_TLS": "false",
        "MAIL_RETRY_BASE_SECONDS": "1",
        "SITE_URL": "https://taskforce.example.org",
    }
    log = open(ROOT / "test-artifacts" / "celery-worker.log", "w") if (ROOT / "test-artifacts").is_dir() else None
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "taskforce",
            "worker",
            "--concurrency",
            "1",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    process.wait(timeout=30)
    if log:
        log.close()


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
    assert "<h2>Jouw acties</h2>" in html and "Rondetafel met vaccinproducenten" in html
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
