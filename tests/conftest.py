"""Shared fixtures: the seeded taskforce, one user per role, a real browser and a real SMTP server."""

import datetime as dt
import os
import re
import socket
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from kpis.models import KPI
from meetings.models import Meeting
from recommendations.models import Recommendation
from taskforce.models import Taskforce, User
from tests import seed_snapshot
from tests.factories import (
    AMS,
    at,
    backup_code_add,
    make_kpi,
    make_meeting,
    make_totp_device,
    make_user,
    session_verify,
)
from twofactor.selectors import second_factor_required, totp_device
from workstreams.models import Workstream

# live_server runs Django in a thread while Playwright's sync API runs an event loop in this one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
START = dt.date(2026, 11, 2)  # a Monday; tests that care about "today" freeze time

# The implementation proposal the seed is checked against; it lives beside the repository, not in it.
# A relative TASKFORCE_SOURCE_DOCUMENT is taken from the repository's root, like the default.
SOURCE_DOCUMENT = ROOT / os.environ.get("TASKFORCE_SOURCE_DOCUMENT", "../shared/seeds/000_d021276bfa8f4a6d.txt")
_without_document: list[str] = []


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """Tests marked source_document are deselected when the document is absent; fault tests stop and
    restart shared services (PostgreSQL, Redis, SMTP), so they run after all others."""
    if not SOURCE_DOCUMENT.is_file():
        deselected = [item for item in items if item.get_closest_marker("source_document")]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = [item for item in items if not item.get_closest_marker("source_document")]
            names = sorted({f"{item.path.name}::{item.originalname}" for item in deselected})
            _without_document[:] = [f"{len(deselected)} ({', '.join(names)})"]
    faults = Path(__file__).resolve().parent / "faults"
    items.sort(key=lambda item: item.path.is_relative_to(faults))


def pytest_report_collectionfinish(config, start_path, items):
    if _without_document:
        return (
            f"source document {SOURCE_DOCUMENT} not found (set TASKFORCE_SOURCE_DOCUMENT): "
            f"deselected the {_without_document[0]} tests that compare the seed with it"
        )
    return []


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Hashed static names 404 under live_server; plain storage serves static/ directly.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.AXES_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_step(monkeypatch):
    """client.force_login(user) starts a session as after the whole login, the second step included.

    Tests of the second step itself log in through the login form (tests/twofactor/).
    """
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session_verify(session, user)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def file_storage(settings, tmp_path) -> Path:
    """Uploaded files go to a folder of this test's own, never to var/attachments."""
    location = tmp_path / "storage"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(location)}},
    }
    return location


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request) -> None:
    """The test process commits without waiting for the disk (about 4 ms a commit here): a test database
    need not survive a crash of the machine. Not in a run with the fault tests, which stop PostgreSQL."""
    from django.conf import settings

    faults = Path(__file__).resolve().parent / "faults"
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return
    if any(item.path.is_relative_to(faults) for item in request.session.items):
        return
    options = database.setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(scope="session")
def _seeded_once(django_db_setup, django_db_blocker) -> seed_snapshot.Snapshot | None:
    """What the real command seeds from START, kept in the test database for the `taskforce` fixture."""
    with django_db_blocker.unblock():
        return seed_snapshot.take(START)


@pytest.fixture
def taskforce(request, db, _seeded_once) -> Taskforce:
    """The taskforce as the proposal describes it, seeded by the real command, starting on START.

    The command runs once per test database; each test gets a copy of its rows (tests/seed_snapshot.py).

    A test marked real_clock shares its clock with another process (a Celery worker, gunicorn), which
    no travelled clock reaches; its taskforce started on the Monday three weeks before the real today,
    so that it too is in week 4 of 12, whatever the date.
    """
    start = START
    if request.node.get_closest_marker("real_clock"):
        today = timezone.localdate()
        start = today - dt.timedelta(days=today.weekday(), weeks=3)
    if not (_seeded_once and _seeded_once.start_date == start and _seeded_once.restore()):
        seed_snapshot.seed(start)
    return Taskforce.current()


# --- The clock ---------------------------------------------------------------------------------------
#
# The seeded taskforce runs from Monday 2 November 2026 for twelve weeks. A test that reads "today" (or
# whose page does) freezes the clock inside those weeks (in_week_four, or a date of its own), or, when
# another process must share its clock, is marked real_clock (see the taskforce fixture above).

WEEK_FOUR = dt.datetime(2026, 11, 24, 9, 0, tzinfo=AMS)  # Tuesday of week 4 of 12


@pytest.fixture
def in_week_four(settings):
    """The clock reads Tuesday 24 November 2026 09:00 Amsterdam time and ticks on from there.

    time-machine moves the clock of the whole process, so live_server's thread reads it too; the browser
    keeps the real clock, so the CSRF cookie lasts for the browser session instead of a year from then.
    """
    settings.CSRF_COOKIE_AGE = None
    with time_machine.travel(WEEK_FOUR, tick=True):
        yield


@pytest.fixture
def secretariat(taskforce) -> User:
    return make_user("secretariat", "secretariat", "VWS")


@pytest.fixture
def taskforce_member(taskforce) -> User:
    return make_user("taskforcelid", "taskforce", "Special Envoy")


@pytest.fixture
def trekker(taskforce) -> User:
    """Trekker of Verbinden (and so a taskforce member, as the proposal says)."""
    return make_user("trekker", "taskforce", "NFIA", "verbinden", "trekker")


@pytest.fixture
def member(taskforce) -> User:
    """Member of Verbinden."""
    return make_user("lid", "member", "EZK", "verbinden", "member")


@pytest.fixture
def other_member(taskforce) -> User:
    """Member of Voorkomen: must not change Verbinden's things."""
    return make_user("anderlid", "member", "VNO-NCW", "voorkomen", "member")


@pytest.fixture
def viewer(taskforce) -> User:
    return make_user("ministerie", "viewer", "VWS")


@pytest.fixture
def roles(secretariat, taskforce_member, trekker, member, other_member, viewer) -> dict[str, User]:
    return {
        "secretariat": secretariat,
        "taskforce": taskforce_member,
        "trekker": trekker,
        "member": member,
        "other_member": other_member,
        "viewer": viewer,
    }


# --- Workstreams, meetings, a KPI and recommendations of the seeded taskforce ----------------------


@pytest.fixture
def verbinden(taskforce) -> Workstream:
    return Workstream.objects.get(slug="verbinden")


@pytest.fixture
def voorkomen(taskforce) -> Workstream:
    return Workstream.objects.get(slug="voorkomen")


@pytest.fixture
def tf_meeting(taskforce) -> Meeting:
    """Last week's taskforce meeting (six days before today), with its decisions."""
    return make_meeting(
        "Taskforce week 3",
        at(timezone.localdate() - dt.timedelta(days=6)),
        agenda="Rondvraag",
        decisions="Bidbook laten maken",
    )


@pytest.fixture
def ws_meeting(verbinden) -> Meeting:
    """Tomorrow's Verbinden meeting."""
    return make_meeting(
        "Verbinden weekoverleg",
        at(timezone.localdate() + dt.timedelta(days=1)),
        verbinden,
        agenda="Matchmaking event\nBidbook",
    )


@pytest.fixture
def kpi(verbinden) -> KPI:
    """A KPI of Verbinden measured by hand (the seeded ones are computed from registers)."""
    return make_kpi(verbinden)


@pytest.fixture
def pursued(taskforce) -> Recommendation:
    return Recommendation.objects.get(number=1)


@pytest.fixture
def sideline(taskforce) -> Recommendation:
    return Recommendation.objects.filter(tracking=Recommendation.Tracking.SIDELINE).first()


# --- Real browser (Debian's Chromium driven by Playwright) -----------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


CSP_SIGNS = ("Content Security Policy", "Content-Security-Policy", "Refused to")


@pytest.fixture(autouse=True)
def _no_csp_violations(request, monkeypatch):
    """Every browser test fails when the page broke the Content-Security-Policy (inline script, style, handler).

    Wraps browser.new_context, so pages from pytest-playwright's `page` and from contexts a test opens
    itself are both watched; Chromium reports each violation as a console error ("Refused to ...").
    """
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    seen: list[str] = []
    original = browser.new_context

    def new_context(*args, **kwargs):
        context = original(*args, **kwargs)
        context.on("console", lambda msg: seen.append(msg.text) if any(s in msg.text for s in CSP_SIGNS) else None)
        context.on(
            "weberror",
            lambda error: seen.append(str(error.error)) if any(s in str(error.error) for s in CSP_SIGNS) else None,
        )
        return context

    monkeypatch.setattr(browser, "new_context", new_context)
    request.node.csp_violations = seen
    yield
    if seen:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(seen), pytrace=False)


@pytest.fixture
def login(live_server):
    """login(page, user) logs in through the real login form."""

    def _login(page, user: User, password: str = "pw"):
        if second_factor_required(user) and totp_device(user) is None:
            make_totp_device(user)  # as if they had set it up before
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Gebruikersnaam").fill(user.username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        # Waits for the page the login leads to, not for half a second of network silence after it
        # ("networkidle"): every browser test logs in, and a wrong password times out here.
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        if "/account/two-factor/" in page.url:
            # The second step with a backup code made for this login: app codes cannot be used twice in
            # one 30-second period, and a test may log the same person in more than once.
            page.get_by_label("Code").fill(backup_code_add(user))
            page.get_by_role("button", name=re.compile("^(Doorgaan|Continue)$")).click()
            page.wait_for_url(lambda url: "/account/two-factor/" not in url)

    return _login


def screenshot(page, name: str) -> Path:
    """Saves a full-page screenshot into the git-ignored test-artifacts/screenshots/."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


# --- Real SMTP server (aiosmtpd) -------------------------------------------------------------------


class _Collector:
    def __init__(self):
        self.messages = []
        self.refuse_next = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_next:
            self.refuse_next -= 1
            return "451 Try again later"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_smtp_server(port: int):
    """A real SMTP server on 127.0.0.1:port: (handler with `.messages`, controller to `.stop()`)."""
    from aiosmtpd.controller import Controller

    handler = _Collector()
    handler.port = port
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return handler, controller


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1; Django's SMTP backend points at it. `.messages` are parsed mails."""
    port = _free_port()
    handler, controller = start_smtp_server(port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    yield handler
    controller.stop()
