"""The mail server down (nothing listens on its port): deliveries stay failed with the error, nothing
is lost, and once a server listens each mail goes out exactly once, however often the job ran meanwhile.

tests/taskforce/test_delivery.py covers a server that answers and refuses once ("451").
"""

import uuid

import pytest
from django.utils import timezone

from mailings.models import Delivery
from mailings.tasks import send_digest
from taskforce.models import User
from tests.conftest import _free_port as free_port
from tests.conftest import start_smtp_server
from tests.faults.conftest import port_open
from tests.mailings.test_delivery import run
from tests.workers import celery_worker, wait_for


@pytest.fixture
def closed_port(settings) -> int:
    """Django's SMTP backend points at a port nobody listens on."""
    port = free_port()
    assert not port_open(port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    return port


@pytest.fixture
def two_recipients(week, member, other_member) -> list[User]:
    User.objects.filter(pk=other_member.pk).update(digest_enabled=True)
    return [member, other_member]


def digests() -> dict[str, Delivery]:
    return {delivery.user.email: delivery for delivery in Delivery.objects.select_related("user")}


@pytest.mark.django_db
def test_deliveries_wait_while_the_mail_server_is_down_and_go_out_once_when_it_is_up(
    closed_port, two_recipients, eager, django_capture_on_commit_callbacks, request
):
    with django_capture_on_commit_callbacks() as retries:
        first = run()
    assert first.sent == [] and len(first.failed) == 2
    for delivery in digests().values():
        assert delivery.status == Delivery.Status.FAILED
        assert delivery.attempts == 1
        assert "Connection refused" in delivery.last_error

    # The weekly job runs again while the server is still down: the same rows, tried once more.
    with django_capture_on_commit_callbacks() as more_retries:
        second = run()
    assert sorted(second.failed) == sorted(first.failed)
    assert Delivery.objects.count() == 2
    assert {(d.status, d.attempts) for d in digests().values()} == {(Delivery.Status.FAILED, 2)}

    smtp_server = request.getfixturevalue("smtp_server")  # the server comes up, on another port
    for retry in [*retries, *more_retries]:  # both runs' retries reach the worker, in turn
        retry()
    run()  # and the weekly job runs once more

    received = sorted(message["To"] for message in smtp_server.messages)
    assert received == sorted(user.email for user in two_recipients)
    for delivery in digests().values():
        assert (delivery.status, delivery.attempts, delivery.last_error) == (Delivery.Status.SENT, 3, "")


@pytest.mark.real_clock
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_retries_until_the_mail_server_listens_again_on_its_port(closed_port, two_overdue):
    """The job finds the server down, the retries keep failing (and backing off) while it is down,
    the server comes up on the same port, and a retry delivers each mail once."""
    queue = f"test-faults-mail-{uuid.uuid4().hex}"
    with celery_worker(smtp_port=closed_port, queue=queue):
        outcome = send_digest.apply_async(args=[timezone.localdate().isoformat()], queue=queue).get(timeout=60)
        assert outcome["sent"] == 0 and len(outcome["failed"]) == 2
        assert all("Connection refused" in d.last_error for d in digests().values())
        wait_for(
            lambda: all(d.attempts >= 2 for d in digests().values()),
            "a retry of each delivery to fail while the server is down",
            timeout=30,
        )
        assert set(d.status for d in digests().values()) <= {Delivery.Status.FAILED, Delivery.Status.SENDING}

        handler, controller = start_smtp_server(closed_port)
        try:
            wait_for(
                lambda: Delivery.objects.filter(status=Delivery.Status.SENT).count() == 2,
                "the retries to deliver both digests",
                timeout=60,
            )
        finally:
            controller.stop()
    assert sorted(message["To"] for message in handler.messages) == sorted(u.email for u in two_overdue)
    assert all(d.last_error == "" for d in digests().values())
