"""A real Celery worker process and a bounded wait, for tests that go over the whole stack."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
WAIT = 120  # seconds: an upper bound on a loaded machine, not a timing assertion


def wait_for(condition, what: str, timeout: float = WAIT):
    """Polls until `condition()` holds and returns its value; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"Gave up waiting for {what}")
        time.sleep(0.2)
    return result


def subprocess_database_url() -> str:
    """The test database, for a process started by a test."""
    db = connection.settings_dict
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def celery_worker(
    *, smtp_port: int, queue: str, redis_url: str | None = None, **extra_env: str
) -> Iterator[subprocess.Popen]:
    """`celery worker` in its own process, on this test's database, the given Redis and SMTP server."""
    with celery_process(["worker"], smtp_port=smtp_port, queue=queue, redis_url=redis_url, **extra_env) as process:
        yield process


@contextmanager
def celery_process(
    command: list[str],
    *,
    smtp_port: int,
    queue: str,
    redis_url: str | None = None,
    log_name: str = "celery-worker.log",
    **extra_env: str,
) -> Iterator[subprocess.Popen]:
    """`celery <command>` (a worker, or beat) in its own process, logging to test-artifacts/<log_name>;
    stopped when the block ends."""
    env = {
        **os.environ,
        "DATABASE_URL": subprocess_database_url(),
        "REDIS_URL": redis_url or os.environ["REDIS_URL"],
        # A queue of its own: no task left from an earlier run, none taken from anyone else on this Redis.
        "CELERY_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "MAIL_RETRY_BASE_SECONDS": "1",
        "SITE_URL": "https://taskforce.example.org",
        **extra_env,
    }
    log = open(ROOT / "test-artifacts" / log_name, "a") if (ROOT / "test-artifacts").is_dir() else None
    if command == ["worker"]:
        command = [
            "worker",
            "--concurrency",
            "1",
            "--pool",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "taskforce", *command, "--loglevel", "INFO"],
        cwd=ROOT,
        env=env,
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if log:
            log.close()
