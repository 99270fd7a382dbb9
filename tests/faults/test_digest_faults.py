"""The weekly digest reaches everyone exactly once whatever fails mid-run: the database drops its
connections, Redis goes away for 20 seconds, the worker is killed (SIGKILL), or the worker is killed
while the sweeper itself sends.

Each test mails 200 people through a real worker and a real beat on a Redis of the test's own and an
SMTP sink that records every message and takes 15 ms a mail, so there is a run to hit. The short
timeouts below are settings a test may give (same code path, same sweeper); with them everyone must
be served within 90 seconds of the fault, the production figures giving about 5 minutes.
"""

import asyncio
import json
import signal
import socket
import threading
import time
import uuid
from collections import Counter
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from mailings.digest import digest_period
from mailings.models import Delivery
from taskforce.models import Taskforce, User
from tests.faults.conftest import PEOPLE
from tests.workers import ROOT, celery_process, wait_for

# The worker and beat run in processes of their own, on the real clock (see the taskforce fixture).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.real_clock]

SERVED_WITHIN = 90  # seconds after the fault, with the short timeouts below
SHORT_TIMEOUTS = {
    "MAIL_CLAIM_TIMEOUT_SECONDS": "8",
    "MAIL_SWEEP_GRACE_SECONDS": "3",
    "MAIL_RECORD_RETRY_SECONDS": "30",
    "CELERY_BROKER_VISIBILITY_TIMEOUT": "20",
}
SWEEP_EVERY = 3  # seconds; the schedule's default is 2 minutes


class Sink:
    """An SMTP server that keeps every message it accepted, a little slowly, like a real one.

    hold_at(n) makes it stop, when n mails are in, at the next recipient (before that mail's DATA)
    until release(): a test kills the sender there, in the middle of a mail the server has not
    accepted. (A sender killed between the server's "250" and recording it sends that one mail
    again, with the same Message-ID: the window SMTP leaves open, README "Mail that survives faults".)
    """

    def __init__(self):
        self.messages = []
        self.hold_after: int | None = None
        self.holding = threading.Event()
        self.released = threading.Event()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def hold_at(self, count: int) -> None:
        self.hold_after = count

    def release(self) -> None:
        self.hold_after = None
        self.released.set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await asyncio.sleep(0.015)
        if self.hold_after is not None and len(self.messages) >= self.hold_after and not self.holding.is_set():
            self.holding.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
            return "451 Try again later"  # the sender is gone; nothing was accepted
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def per_person(self) -> Counter:
        return Counter(message["To"] for message in self.messages)


@pytest.fixture
def sink():
    sink = Sink()
    sink.controller.start()
    yield sink
    sink.controller.stop()


@pytest.fixture
def stack(sink, own_redis):
    """start_worker() / start_beat() on the test's Redis and sink; all stopped at the end."""
    queue = f"test-faults-{uuid.uuid4().hex}"
    every, _ = IntervalSchedule.objects.get_or_create(every=SWEEP_EVERY, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name="sweep", task="taskforce.sweep_deliveries", interval=every, queue=queue)
    contexts = []

    class Stack:
        redis = own_redis

        def start(self, command):
            context = celery_process(
                command, smtp_port=sink.port, queue=queue, redis_url=own_redis.url, **SHORT_TIMEOUTS
            )
            contexts.append(context)
            return context.__enter__()

        def start_worker(self):
            # As the Procfile and the systemd unit start it: prefork pool, gossip, mingle and heartbeat on.
            return self.start(["worker", "--concurrency", "1", "-Q", queue])

        def start_beat(self):
            return self.start(["beat", "--schedule", str(ROOT / "var" / f"beat-{queue}")])

        def enqueue_digest(self):
            """As on Monday morning: beat starts the run (once)."""
            PeriodicTask.objects.create(
                name="digest",
                task="taskforce.send_digest",
                args=json.dumps([timezone.localdate().isoformat()]),
                interval=every,
                one_off=True,
                queue=queue,
            )

    (ROOT / "var").mkdir(exist_ok=True)
    try:
        yield Stack()
    finally:
        for context in reversed(contexts):
            context.__exit__(None, None, None)


def period() -> str:
    return digest_period(Taskforce.current(), timezone.localdate())


def assert_everyone_served_once(sink: Sink, people: list[User], since: float) -> dict:
    """Waits until each person has their digest; then nobody has two. Returns the figures for the note."""
    addresses = {person.email for person in people}
    wait_for(lambda: addresses <= set(sink.per_person()), "every person's digest", timeout=SERVED_WITHIN + 60)
    served_after = time.monotonic() - since
    time.sleep(SWEEP_EVERY * 3)  # time for a late duplicate to show up
    counts = sink.per_person()
    duplicates = {address: n for address, n in counts.items() if n > 1}
    assert duplicates == {}
    assert set(counts) == addresses
    rows = Delivery.objects.filter(kind=Delivery.Kind.DIGEST, user__in=people)
    assert rows.count() == PEOPLE
    assert set(rows.values_list("period", flat=True)) == {period()}
    assert set(rows.values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert served_after <= SERVED_WITHIN, f"last person served {served_after:.0f} s after the fault"
    figures = {"people": PEOPLE, "mails": len(sink.messages), "duplicates": 0, "missing": 0}
    figures["seconds"] = round(served_after, 1)
    print("digest fault figures:", figures)
    return figures


def sent_count() -> int:
    return Delivery.objects.filter(kind=Delivery.Kind.DIGEST, status=Delivery.Status.SENT).count()


def test_database_connections_dropped_mid_run(stack, sink, people):
    stack.start_worker()
    stack.start_beat()
    stack.enqueue_digest()
    wait_for(lambda: len(sink.messages) >= 60, "the run to be under way")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    dropped = time.monotonic()
    assert_everyone_served_once(sink, people, dropped)


def test_redis_stopped_for_20_seconds_mid_run(stack, sink, people):
    worker = stack.start_worker()
    stack.start_beat()
    stack.enqueue_digest()
    wait_for(lambda: len(sink.messages) >= 60, "the run to be under way")
    stack.redis.stop()
    stopped = time.monotonic()
    time.sleep(20)
    stack.redis.start()
    assert_everyone_served_once(sink, people, stopped)
    assert worker.poll() is None, "the worker exited during the Redis outage"


def kill_while_sending(worker, sink: Sink) -> float:
    """SIGKILLs the worker in the middle of a mail (held before the server accepted it)."""
    wait_for(sink.holding.is_set, "the sender to be in the middle of a mail")
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    sink.release()
    return time.monotonic()


def test_worker_killed_mid_run(stack, sink, people):
    sink.hold_at(100)
    worker = stack.start_worker()
    stack.start_beat()
    stack.enqueue_digest()
    killed = kill_while_sending(worker, sink)
    stack.start_worker()  # what the process manager does
    assert_everyone_served_once(sink, people, killed)


def test_worker_killed_while_the_sweeper_sends(stack, sink, people):
    # A run that stopped after writing its rows and before sending any: the sweeper's whole work.
    Delivery.objects.bulk_create(
        [Delivery(kind=Delivery.Kind.DIGEST, period=period(), user=person) for person in people]
    )
    sink.hold_at(60)
    worker = stack.start_worker()
    stack.start_beat()
    killed = kill_while_sending(worker, sink)
    stack.start_worker()
    assert_everyone_served_once(sink, people, killed)
