"""Two of everything, as in production with two servers: two gunicorn servers behind a failover
client, two Celery workers (prefork, acks_late and reject_on_worker_lost as configured) and beat,
on one PostgreSQL database and one Redis, mailing the weekly digest to 200 people through an SMTP
server in a process of its own.

1. While someone reads pages round-robin from both web servers, one web server (its master and
   workers) is SIGKILLed after 30 mails, and the sending worker (main process and pool child) in the
   middle of mail 61: every person gets exactly one digest, the killed worker's tasks run on the
   other worker, and no request that reached the surviving server failed.
2. Two beats, started by mistake, each enqueue the digest and the sweeps: still one digest each.

The figures go to the test output (-s) and to test-artifacts/two-of-everything-<kills|two-beats>.json.
"""

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from kpis.models import KPI
from mailings.models import Delivery
from taskforce.models import User
from tests.faults.conftest import PEOPLE, START_TIMEOUT, Visitor, port_open, stop
from tests.faults.test_digest_faults import SHORT_TIMEOUTS, SWEEP_EVERY, period
from tests.workers import ROOT, celery_process, wait_for
from workstreams.models import Action

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.real_clock]

ARTIFACTS = ROOT / "test-artifacts"
TASK_LINE = re.compile(r"Task (?P<name>[\w.]+)\[(?P<id>[0-9a-f-]{36})\] (?P<state>received|succeeded)")
THINK = 0.05  # seconds between a reader's requests: a busy reader, leaving the workers some CPU
SERVED_WITHIN = 150  # seconds: a bound for a machine loaded by other test runs, not a timing assertion
RUN_TASKS = {"taskforce.send_digest", "taskforce.sweep_deliveries"}


class SinkProcess:
    """scripts/smtp_sink.py in a process of its own: every accepted message is a line in a file."""

    def __init__(self, folder: Path, hold_at: int | None = None):
        self.record = folder / "accepted.jsonl"
        self.hold_file = folder / "holding.json"
        self.release_file = folder / "release"
        ready = folder / "port"
        command = [sys.executable, "scripts/smtp_sink.py", "--ready-file", str(ready), "--record", str(self.record)]
        if hold_at is not None:
            command += ["--hold-at", str(hold_at), "--hold-file", str(self.hold_file)]
            command += ["--release-file", str(self.release_file)]
        with open(ARTIFACTS / "two-of-everything-smtp-sink.log", "w") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        # The sink picks its own port (a port picked here might be taken by another process first).
        wait_for(lambda: ready.exists() or self.process.poll() is not None, "the SMTP sink", timeout=START_TIMEOUT)
        assert self.process.poll() is None, "the SMTP sink exited; see test-artifacts/two-of-everything-smtp-sink.log"
        self.port = int(ready.read_text())
        wait_for(lambda: port_open(self.port), "the SMTP sink", timeout=START_TIMEOUT)

    def messages(self) -> list[dict]:
        assert self.process.poll() is None, "the SMTP sink exited; see test-artifacts/two-of-everything-smtp-sink.log"
        if not self.record.exists():
            return []
        lines = self.record.read_text().splitlines()
        return [json.loads(line) for line in lines if line.endswith("}")]

    def per_person(self) -> Counter:
        return Counter(address for message in self.messages() for address in message["to"])

    def holding(self) -> dict | None:
        """The client the sink holds in the middle of a mail, once it does."""
        try:
            return json.loads(self.hold_file.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def release(self) -> None:
        self.release_file.touch()

    def stop(self) -> None:
        stop(self.process)


@dataclass
class Worker:
    """A Celery worker process (prefork: a main process and its pool child) with a log of its own."""

    name: str
    process: subprocess.Popen
    log: Path

    def tasks(self, state: str) -> dict[str, str]:
        """Task id -> task name of every task this worker logged as `state` (received, succeeded)."""
        text = self.log.read_text() if self.log.exists() else ""
        return {m["id"]: m["name"] for m in TASK_LINE.finditer(text) if m["state"] == state}

    def processes(self) -> list[psutil.Process]:
        main = psutil.Process(self.process.pid)
        return [main, *main.children(recursive=True)]

    def holds_connection(self, local_port: int, remote_port: int) -> bool:
        for process in self.processes():
            for conn in process.net_connections(kind="tcp"):
                if conn.laddr and conn.laddr.port == local_port and conn.raddr and conn.raddr.port == remote_port:
                    return True
        return False

    def kill(self) -> None:
        """SIGKILL to the main process and its pool child at once, as when the machine dies."""
        processes = self.processes()
        for process in processes:
            process.send_signal(signal.SIGKILL)
        psutil.wait_procs(processes, timeout=10)
        self.process.wait(timeout=10)


@dataclass
class Request:
    server: int
    path: str
    at: float
    error: str = ""
    ended: float = 0.0


class Reader(threading.Thread):
    """Someone reading pages through a proxy that sends each request to the servers in turn and, when
    one does not answer (refused, reset), to the other: nginx's proxy_next_upstream for a GET."""

    def __init__(self, urls: list[str], user: User, paths: list[str]):
        super().__init__(daemon=True)
        self.visitors = [Visitor(url, user) for url in urls]
        self.paths = paths
        self.requests: list[Request] = []
        self.unserved: list[str] = []  # requests neither server served
        self.stopping = threading.Event()

    def run(self) -> None:
        turn = 0
        while not self.stopping.is_set():
            path = self.paths[turn % len(self.paths)]
            for server in (turn % 2, (turn + 1) % 2):
                request = Request(server, path, time.monotonic())
                self.requests.append(request)
                try:
                    response = self.visitors[server].get(path)
                except (OSError, http.client.HTTPException) as exc:
                    request.error = f"{type(exc).__name__}: {exc}"
                    request.ended = time.monotonic()
                    continue  # the proxy tries the other server
                if response.status != 200 or "/accounts/login" in response.url:
                    request.error = f"HTTP {response.status} at {response.url}"
                break
            else:
                self.unserved.append(path)
            turn += 1
            time.sleep(THINK)

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)

    def on(self, server: int) -> list[Request]:
        return [request for request in self.requests if request.server == server]


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder of the test's own under test-artifacts/, not tmp_path: on a machine shared by several
    test runs, another run's clean-up of old pytest folders may remove tmp_path while this test runs."""
    path = ARTIFACTS / f"run-{uuid.uuid4().hex}"
    path.mkdir(parents=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def cluster(folder, own_redis):
    """Start the sink, workers and beats on the test's Redis; everything is stopped at the end."""
    queue = f"test-two-{uuid.uuid4().hex}"
    every, _ = IntervalSchedule.objects.get_or_create(every=SWEEP_EVERY, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name="sweep", task="taskforce.sweep_deliveries", interval=every, queue=queue)
    contexts = []
    ARTIFACTS.mkdir(exist_ok=True)
    (ROOT / "var").mkdir(exist_ok=True)

    class Cluster:
        sink: SinkProcess

        def start_sink(self, hold_at: int | None = None) -> SinkProcess:
            self.sink = SinkProcess(folder, hold_at)
            return self.sink

        def start(self, command: list[str], log_name: str, **env: str) -> subprocess.Popen:
            (ARTIFACTS / log_name).unlink(missing_ok=True)
            context = celery_process(
                command,
                smtp_port=self.sink.port,
                queue=queue,
                redis_url=own_redis.url,
                log_name=log_name,
                **{**SHORT_TIMEOUTS, **env},
            )
            contexts.append(context)
            return context.__enter__()

        def start_worker(self, name: str, **env: str) -> Worker:
            # As the systemd unit starts it: prefork pool, gossip, mingle and heartbeat on; a name each.
            log_name = f"two-of-everything-{name}.log"
            command = ["worker", "--concurrency", "1", "-Q", queue, "-n", f"{name}@%h"]
            return Worker(name, self.start(command, log_name, **env), ARTIFACTS / log_name)

        def start_beat(self, name: str, **env: str) -> subprocess.Popen:
            command = ["beat", "--schedule", str(ROOT / "var" / f"beat-{queue}-{name}")]
            return self.start(command, f"two-of-everything-{name}.log", **env)

        def enqueue_digest(self, one_off: bool = True) -> None:
            """As on Monday morning: beat starts the run (once, or every few seconds if not one_off)."""
            PeriodicTask.objects.create(
                name="digest",
                task="taskforce.send_digest",
                args=json.dumps([timezone.localdate().isoformat()]),
                interval=every,
                one_off=one_off,
                queue=queue,
            )

    cluster = Cluster()
    try:
        yield cluster
    finally:
        for context in reversed(contexts):
            context.__exit__(None, None, None)
        if hasattr(cluster, "sink"):
            cluster.sink.stop()


def pages(member: User) -> list[str]:
    action = Action.objects.filter(owner=member).first() or Action.objects.first()
    return [
        reverse("home"),
        reverse("dashboard"),
        reverse("workstreams:detail", args=["verbinden"]),
        reverse("workstreams:action", args=[action.pk]),
        reverse("kpis:detail", args=[KPI.objects.first().pk]),
        reverse("registers:index"),
        reverse("meetings:list"),
        "/api/actions/",
    ]


def served_once(sink: SinkProcess, people: list[User], timeout: float) -> dict:
    """Waits until each person has a digest, then a while for a late duplicate; the figures."""
    addresses = {person.email for person in people}
    wait_for(lambda: addresses <= set(sink.per_person()), "every person's digest", timeout=timeout)
    served = time.monotonic()
    time.sleep(SWEEP_EVERY * 3)  # time for a late duplicate to show up
    counts = sink.per_person()
    return {
        "served": served,
        "people": len(people),
        "mails": sum(counts.values()),
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        "missing": len(addresses - set(counts)),
        "strangers": sorted(set(counts) - addresses),
    }


def assert_rows_sent(people: list[User]) -> None:
    rows = Delivery.objects.filter(kind=Delivery.Kind.DIGEST, user__in=people)
    assert rows.count() == PEOPLE
    assert set(rows.values_list("period", flat=True)) == {period()}
    assert set(rows.values_list("status", flat=True)) == {Delivery.Status.SENT}


def report(name: str, figures: dict, record_property) -> None:
    print(f"\n{name} figures: {json.dumps(figures)}")
    (ARTIFACTS / f"two-of-everything-{name}.json").write_text(json.dumps(figures, indent=1) + "\n")
    for key, value in figures.items():
        record_property(key, value)


def test_a_worker_and_a_web_server_killed_mid_run_every_person_gets_one_digest(
    cluster, gunicorn, people, member, record_property
):
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST  # the workers' settings
    sink = cluster.start_sink(hold_at=60)
    urls = [gunicorn(workers=2), gunicorn(workers=2)]
    # Pending rows wait 30 s for the sweeper, so that at the kill the run is the only sender: the run
    # itself must move to the other worker (a claim the dead worker held expires after 8 s).
    workers = [cluster.start_worker(name, MAIL_SWEEP_GRACE_SECONDS="30") for name in ("worker1", "worker2")]
    cluster.start_beat("beat", MAIL_SWEEP_GRACE_SECONDS="30")
    reader = Reader(urls, member, pages(member))
    reader.start()
    wait_for(lambda: len(reader.requests) >= 16, "the reader to read from both servers")
    began = time.monotonic()
    cluster.enqueue_digest()

    # A web server dies first, at half the held mail's count, then the worker in the middle of a mail.
    wait_for(lambda: len(sink.messages()) >= 30, "the run to be under way")
    web_killed_at = time.monotonic()
    web = gunicorn.process(urls[0])
    os.killpg(web.pid, signal.SIGKILL)
    web.wait(timeout=10)
    held = wait_for(sink.holding, "the sender to be in the middle of a mail")
    victim = next(w for w in workers if w.holds_connection(held["peer"][1], sink.port))
    survivor = next(w for w in workers if w is not victim)
    in_flight = {
        task_id: name
        for task_id, name in victim.tasks("received").items()
        if task_id not in victim.tasks("succeeded") and name in RUN_TASKS
    }
    assert "taskforce.send_digest" in in_flight.values(), in_flight
    victim.kill()
    killed_at = time.monotonic()
    sink.release()

    figures = served_once(sink, people, timeout=SERVED_WITHIN)
    # The broker hands the dead worker's tasks out again after the visibility timeout (20 s here).
    wait_for(
        lambda: set(in_flight) <= set(survivor.tasks("succeeded")),
        "the killed worker's tasks to run on the other worker",
        timeout=60,
    )
    redelivered = time.monotonic()
    reader.stop()
    assert_rows_sent(people)
    survivor_failures = [r for r in reader.on(1) if r.error]
    # A request still in flight when the kill came fails with the server: only those that ended before it count.
    killed_before_kill = [r for r in reader.on(0) if r.error and r.ended < web_killed_at]
    served = figures.pop("served")
    figures = {
        **figures,
        "worker_kills": 1,
        "web_server_kills": 1,
        "killed_worker": victim.name,
        "killed_worker_tasks_run_by_the_other": {task_id: name for task_id, name in in_flight.items()},
        "requests": len(reader.requests),
        "requests_to_surviving_server": len(reader.on(1)),
        "requests_to_killed_server_after_kill": len([r for r in reader.on(0) if r.at >= web_killed_at]),
        "failovers": len([r for r in reader.requests if r.error]),
        "failed_on_surviving_server": len(survivor_failures),
        "failed_for_the_reader": len(reader.unserved),
        "seconds_to_last_digest": round(served - began, 1),
        "seconds_from_worker_kill_to_last_digest": round(served - killed_at, 1),
        "seconds_until_the_killed_worker_tasks_ran": round(redelivered - killed_at, 1),
    }
    report("kills", figures, record_property)
    assert figures["duplicates"] == 0 and figures["missing"] == 0 and figures["strangers"] == []
    assert survivor_failures == [], survivor_failures[:5]
    assert killed_before_kill == [], killed_before_kill[:5]
    assert reader.unserved == []


def test_two_beats_started_by_mistake_still_send_each_digest_once(cluster, people, record_property):
    sink = cluster.start_sink()
    workers = [cluster.start_worker(name) for name in ("worker1", "worker2")]
    cluster.start_beat("beat1")
    cluster.start_beat("beat2")
    time.sleep(5)  # both beats have loaded the schedule
    began = time.monotonic()
    # Each beat sends a job at each of its times. A one-off job might be sent by one beat only (the
    # other may see it disabled first), so the digest is due every few seconds: both beats send it,
    # again and again, as two beats would each Monday; the runs meet on the same rows.
    cluster.enqueue_digest(one_off=False)
    figures = served_once(sink, people, timeout=SERVED_WITHIN)
    PeriodicTask.objects.filter(name="digest").update(enabled=False)
    served = figures.pop("served")
    assert_rows_sent(people)
    # By task id: a task that waited past the visibility timeout is handed out (and logged) again.
    received = Counter(
        {task_id: name for worker in workers for task_id, name in worker.tasks("received").items()}.values()
    )
    sent_by_beat = {
        name: (ARTIFACTS / f"two-of-everything-{name}.log").read_text().count("Sending due task digest")
        for name in ("beat1", "beat2")
    }
    figures = {
        **figures,
        "beats": 2,
        "digests_sent_to_the_queue_by_beat": sent_by_beat,
        "digest_runs": received["taskforce.send_digest"],
        "sweeps": received["taskforce.sweep_deliveries"],
        "digest_runs_per_worker": {
            w.name: list(w.tasks("succeeded").values()).count("taskforce.send_digest") for w in workers
        },
        "seconds_to_last_digest": round(served - began, 1),
    }
    report("two-beats", figures, record_property)
    assert figures["duplicates"] == 0 and figures["missing"] == 0 and figures["strangers"] == []
    # What makes it a test of two beats: each sent the digest, and at least two runs met on the rows.
    assert all(sent_by_beat.values()), sent_by_beat
    assert figures["digest_runs"] >= 2, figures
