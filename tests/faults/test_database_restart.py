"""PostgreSQL restarted while the app runs: the next requests succeed (CONN_HEALTH_CHECKS in settings).

gunicorn keeps its database connection between requests (CONN_MAX_AGE); the restart kills it. Without
health checks the first request after the restart fails with a 500 (seen once with them switched off).
This restarts the machine's one PostgreSQL cluster, so it waits until no benchmark runs, and it
always leaves the cluster running.
"""

import subprocess
from pathlib import Path

import pytest
from django.db import connection

from tests.faults.conftest import Visitor
from tests.workers import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

BENCHMARK = "scripts/bench.py|wrk"


def postgres_ready() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], timeout=10).returncode == 0


def no_benchmark_running() -> bool:
    """A benchmark (another process on this machine) must never see PostgreSQL restart under it."""
    return subprocess.run(["pgrep", "-f", BENCHMARK], stdout=subprocess.DEVNULL, timeout=10).returncode == 1


def restart_postgres() -> None:
    (version,) = [path.name for path in Path("/etc/postgresql").iterdir()]
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"]
    try:
        subprocess.run(command, check=True, timeout=60, capture_output=True)
    finally:
        # Whatever happened, the cluster is left running for everyone else.
        if not postgres_ready():
            subprocess.run(command[:3] + ["main", "start"], timeout=60, capture_output=True)
        wait_for(postgres_ready, "PostgreSQL to accept connections", timeout=60)


@pytest.mark.real_clock
def test_pages_work_right_after_postgres_restarts(gunicorn, member):
    app = gunicorn()
    visitor = Visitor(app, member)
    before = visitor.get("/mijn-werk/")
    assert before.status == 200 and before.url.endswith("/mijn-werk/")

    wait_for(no_benchmark_running, "the benchmark to finish before restarting PostgreSQL", timeout=600)
    restart_postgres()
    # This process's own connection died too: drop it, so the test's clean-up can reconnect.
    connection.close()

    after = [visitor.get("/mijn-werk/") for _ in range(3)]
    assert [response.status for response in after] == [200, 200, 200], after[0].text[:300]
    assert all(response.url.endswith("/mijn-werk/") for response in after)  # still logged in
    assert all(member.first_name in response.text for response in after)
