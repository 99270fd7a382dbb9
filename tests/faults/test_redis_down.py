"""Redis down: the pages keep working, scheduling a job says it failed, and the job runs once Redis is back.

The app, the worker and the test use a redis-server of the test's own (the machine's Redis on 6379 is
left alone); the app runs under gunicorn, the job in a real Celery worker process.
"""

import datetime as dt
import os
import subprocess
import sys
import uuid

import pytest
from django.utils import timezone

from mailings.models import Delivery
from taskforce.models import User
from tests.conftest import _free_port as free_port
from tests.conftest import start_smtp_server
from tests.faults.conftest import Visitor
from tests.workers import ROOT, celery_worker, subprocess_database_url, wait_for
from workstreams.models import Action, Workstream

pytestmark = pytest.mark.django_db(transaction=True)

QUEUE = f"test-faults-{uuid.uuid4().hex}"
RETRY_NOW = {"action": "retry_now", "index": "0"}
DELIVERIES = "/admin/mailings/delivery/"


@pytest.fixture
def action(member) -> Action:
    return Action.objects.create(
        workstream=Workstream.objects.get(slug="verbinden"),
        title="Rondetafel met vaccinproducenten",
        owner=member,
        due_date=timezone.localdate() - dt.timedelta(days=2),
    )


@pytest.mark.real_clock
def test_pages_and_an_action_update_work_while_redis_is_down(gunicorn, own_redis, member, action):
    app = gunicorn(REDIS_URL=own_redis.url, CELERY_QUEUE=QUEUE)
    own_redis.stop()
    visitor = Visitor(app, member)

    my_work = visitor.get("/mijn-werk/")
    assert my_work.status == 200 and my_work.url.endswith("/mijn-werk/")
    assert "Rondetafel met vaccinproducenten" in my_work.text
    dashboard = visitor.get("/dashboard/")
    assert dashboard.status == 200 and "Verbinden" in dashboard.text

    page = f"/workstreams/actions/{action.pk}/"
    response = visitor.post_form(
        f"{page}status/", page, {"status": "in_progress", "result": "", "evidence_url": "", "version": action.version}
    )
    assert response.status == 200, response.text[:500]
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS


@pytest.mark.real_clock
def test_scheduling_a_retry_while_redis_is_down_says_so_and_the_retry_runs_once_redis_is_back(
    gunicorn, own_redis, smtp_server, member, action
):
    delivery = Delivery.objects.create(
        kind=Delivery.Kind.DIGEST, period="faults", user=member, status=Delivery.Status.FAILED, last_error="451"
    )
    app = gunicorn(REDIS_URL=own_redis.url, CELERY_QUEUE=QUEUE)
    secretariat = Visitor(app, User.objects.create_superuser("beheer", "beheer@example.org", "pw"))
    own_redis.stop()

    response = secretariat.post_form(DELIVERIES, DELIVERIES, {**RETRY_NOW, "_selected_action": [delivery.pk]})
    assert response.status == 200 and response.url.endswith(DELIVERIES)
    assert "1 verzending kon niet worden ingepland: de takenwachtrij (Redis) is niet bereikbaar." in response.text
    assert "verzending wordt opnieuw geprobeerd." not in response.text
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED

    own_redis.start()
    with celery_worker(smtp_port=smtp_server.port, queue=QUEUE, redis_url=own_redis.url):
        response = secretariat.post_form(DELIVERIES, DELIVERIES, {**RETRY_NOW, "_selected_action": [delivery.pk]})
        assert "1 verzending wordt opnieuw geprobeerd." in response.text
        wait_for(
            lambda: Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENT).exists(),
            "the worker to send the delivery",
            timeout=60,
        )
    assert [message["To"] for message in smtp_server.messages] == [member.email]
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_error) == (1, "")


def send_digest_command(*, redis_url: str, smtp_port: int) -> subprocess.CompletedProcess:
    """The weekly job as cron would run it: `manage.py send_digest` in its own process."""
    env = {
        **os.environ,
        "DATABASE_URL": subprocess_database_url(),
        "REDIS_URL": redis_url,
        "CELERY_QUEUE": QUEUE,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
    }
    command = [sys.executable, "manage.py", "send_digest"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.real_clock
def test_the_weekly_job_finishes_and_says_so_when_neither_mail_nor_redis_answers(own_redis, two_overdue):
    """Each refused mail would be handed to the retrying task; with Redis down that is logged, the
    run goes on to the next person, and the next run (Redis and mail back) sends each mail once."""
    mail_port = free_port()
    own_redis.stop()
    down = send_digest_command(redis_url=own_redis.url, smtp_port=mail_port)
    assert down.returncode == 0, down.stderr[-2000:]
    assert "0 sent" in down.stdout and "2 failed" in down.stdout
    assert down.stderr.count("Could not schedule a retry of delivery") == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.FAILED}

    own_redis.start()
    handler, controller = start_smtp_server(mail_port)
    try:
        up = send_digest_command(redis_url=own_redis.url, smtp_port=mail_port)
    finally:
        controller.stop()
    assert up.returncode == 0, up.stderr[-2000:]
    assert "2 sent" in up.stdout
    assert sorted(message["To"] for message in handler.messages) == sorted(u.email for u in two_overdue)
    assert set(Delivery.objects.values_list("status", "attempts")) == {(Delivery.Status.SENT, 2)}
