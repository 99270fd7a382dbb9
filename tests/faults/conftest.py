"""Fault tests start and stop real services; tests/conftest.py runs them after all other tests, and
with them the operations drills that start the app under gunicorn (two of everything, the backup).

Every service a test stops is the test's own (its Redis, its SMTP server, its gunicorn), except
PostgreSQL, which test_database_restart.py restarts and always leaves running.
"""

import datetime as dt
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from taskforce.models import User
from tests.conftest import _free_port as free_port
from tests.factories import session_verify
from tests.mailings.test_delivery import eager, week  # noqa: F401  (fixtures shared with the delivery tests
from tests.workers import ROOT, subprocess_database_url, wait_for
from workstreams.models import Action, Workstream

START_TIMEOUT = 20  # seconds for a service to come up; a bound, not a timing assertion
PEOPLE = 200  # who get the digest in the tests that mail everyone


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def two_overdue(member, other_member) -> list[User]:
    """Each of two people owns an overdue action, as of the real today (the worker runs in real time;
    mark the test real_clock, so that the taskforce is in its week 4 by the real today too)."""
    today = timezone.localdate()
    for user, slug in [(member, "verbinden"), (other_member, "voorkomen")]:
        Action.objects.create(
            workstream=Workstream.objects.get(slug=slug),
            title=f"Overdue for {user.username}",
            owner=user,
            due_date=today - dt.timedelta(days=2),
        )
    return [member, other_member]


@pytest.fixture
def people(taskforce) -> list[User]:
    """200 people, each with an overdue action of their own, so each has a digest to get."""
    users = User.objects.bulk_create(
        [User(username=f"p{n:03d}", email=f"p{n:03d}@example.org", role=User.Role.MEMBER) for n in range(PEOPLE)]
    )
    verbinden = Workstream.objects.get(slug="verbinden")
    late = timezone.localdate() - dt.timedelta(days=3)
    Action.objects.bulk_create(
        [Action(workstream=verbinden, title=f"Actie van {u.username}", owner=u, due_date=late) for u in users]
    )
    return users


# --- The app under gunicorn ------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    url: str
    text: str
    content: bytes = b""
    content_type: str = ""


class Visitor:
    """Someone using the app over HTTP with a cookie jar: logged in through a real session row."""

    def __init__(self, base_url: str, user=None, session_key: str | None = None, host: str | None = None):
        """`session_key` logs in with an existing session; `host` is sent as the Host header (as a
        proxy in front of several servers sends the public name to each)."""
        self.base_url = base_url
        self.host = host
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.session_key = session_key or (self._session_for(user) if user is not None else None)
        if self.session_key:
            self._set_cookie("sessionid", self.session_key)

    @staticmethod
    def _session_for(user) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session_verify(session, user)
        session.save()
        return session.session_key

    def _set_cookie(self, name: str, value: str) -> None:
        self.jar.set_cookie(
            http.cookiejar.Cookie(
                0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False, None, None, {}
            )
        )

    def request(self, path: str, data: dict | None = None) -> Response:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"Referer": self.base_url + path, **({"Host": self.host} if self.host else {})}
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=15) as response:
                content = response.read()
                kind = response.headers.get("Content-Type", "")
                return Response(response.status, response.url, content.decode(errors="replace"), content, kind)
        except urllib.error.HTTPError as error:
            content = error.read()
            kind = error.headers.get("Content-Type", "")
            return Response(error.code, error.url, content.decode(errors="replace"), content, kind)

    def get(self, path: str) -> Response:
        return self.request(path)

    def post_form(self, path: str, form_page: str, data: dict) -> Response:
        """POSTs `data` with the CSRF token of the form on `form_page`, as the browser would."""
        page = self.get(form_page)
        assert page.status == 200, (page.status, page.url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return self.request(path, {**data, "csrfmiddlewaretoken": token})


class Gunicorn:
    """gunicorn(**env) serves the app with gunicorn (production settings, kept database connections) on
    the test database and returns its URL; process(url) is that server's master (its own process group,
    with its workers). Every server started is stopped when the test ends."""

    def __init__(self):
        self.processes: dict[str, subprocess.Popen] = {}

    def __call__(self, workers: int = 1, **extra_env: str) -> str:
        port = free_port()
        env = {
            **os.environ,
            "DEBUG": "false",
            "DATABASE_URL": subprocess_database_url(),
            "CONN_MAX_AGE": "600",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "LOG_LEVEL": "WARNING",
            **extra_env,
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        # One worker, one thread by default: every request after the first reuses the same kept connection.
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "taskforce.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--threads",
            "1",
        ]
        log = ROOT / "test-artifacts" / "gunicorn.log"
        log.parent.mkdir(exist_ok=True)
        with open(log, "a") as out:
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        url = f"http://127.0.0.1:{port}"
        self.processes[url] = process

        def up() -> bool:
            assert process.poll() is None, f"gunicorn exited; see {log}"
            try:
                return Visitor(url).get("/healthz").status == 200
            except OSError:
                return False

        wait_for(up, "gunicorn to serve /healthz", timeout=START_TIMEOUT)
        return url

    def process(self, url: str) -> subprocess.Popen:
        return self.processes[url]

    def stop_all(self) -> None:
        for process in self.processes.values():
            stop(process)


@pytest.fixture
def gunicorn() -> Iterator[Gunicorn]:
    servers = Gunicorn()
    try:
        yield servers
    finally:
        servers.stop_all()


# --- A Redis of the test's own -----------------------------------------------------------------------


class OwnRedis:
    """A redis-server on a free port that the test may stop and start; never the machine's Redis."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            [*command, "--daemonize", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for(lambda: port_open(self.port), f"redis-server on port {self.port}", timeout=START_TIMEOUT)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None
        assert not port_open(self.port)


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    redis = OwnRedis()
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()
