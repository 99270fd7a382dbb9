"""`make bench`: load the app at three data scales and report latency, throughput and query counts.

For each scale (real, x10, large) it recreates the PostgreSQL database `taskforce_bench`, migrates, seeds
the taskforce and runs `generate_data`; serves the app with gunicorn and production settings on a free
loopback port; loads every page in PAGES with wrk (a logged-in session, a CSRF token for the POST);
counts each page's SQL queries with Django's test Client; and times the weekly digest against a local
SMTP sink. It prints one table and writes everything as JSON into bench-results/.

The same file is also the small Django program that does the in-app work (`bench.py probe|digest`),
started as a subprocess against the bench database, so the page table lives in one place.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
RESULTS = ROOT / "bench-results"
# BENCH_DB: another name, so two people benching on one PostgreSQL do not drop each other's database.
DB_NAME = os.environ.get("BENCH_DB", "taskforce_bench")
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
SCALES = ["real", "x10", "large"]
BENCH_USER = "trekker"  # the demo-like trekker of Verbinden (generate_data creates it at every scale)
ADMIN_USER = "secretariaat"  # a superuser (demo-like), for the Django admin the workstream page is compared with
FLOOR = "floor /healthz"
PEER = "peer: admin actions"
JSON_MARK = "BENCH_JSON "

# Production settings, except HTTPS: the bench talks plain HTTP to 127.0.0.1.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
    "ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_URL": DATABASE_URL,
    # Redis, as in production: the cache every worker shares (the page cache) and the Celery broker.
    "REDIS_URL": REDIS_URL,
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
    "STATICFILES_BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    # Mails a POST might trigger go nowhere; the digest run points at its own SMTP sink.
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    "LOG_LEVEL": "WARNING",
}


# --- The pages: fix URL names, arguments and form fields here ------------------------------------------


@dataclass(frozen=True)
class BenchData:
    """Objects in the bench database that the pages are built from (loaded in the probe)."""

    user: Any  # taskforce.User: the logged-in bench user
    workstream: Any  # workstreams.Workstream: Verbinden, the user's workstream
    action: Any  # workstreams.Action: an open action of Verbinden, the user's own where possible
    admin: Any = None  # taskforce.User: a superuser
    kpi: Any = None  # kpis.KPI: the first KPI of Verbinden


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    args: Callable[[BenchData], list] = lambda data: []
    method: str = "GET"
    form: Callable[[BenchData], dict] | None = None
    htmx: bool = False  # sent as an htmx request (HX-Request: true), as the page's own script sends it
    query: Callable[[BenchData], dict] | None = None  # the query string
    as_admin: bool = False  # logged in as ADMIN_USER instead of BENCH_USER


PAGES = [
    Page(FLOOR, "healthz"),
    Page("home", "home"),
    Page("dashboard", "dashboard"),
    Page("workstream", "workstreams:detail", lambda d: [d.workstream.slug]),
    # Every member with the trekker's forms to change them, and everyone else to add.
    Page("workstream members", "workstreams:members", lambda d: [d.workstream.slug]),
    Page("mijn werk", "my_work"),
    Page("action", "workstreams:action", lambda d: [d.action.pk]),
    # "Geen wijziging deze week": every request writes a check-in note and answers with the action panel.
    Page("check-in POST", "workstreams:action_check_in", lambda d: [d.action.pk], "POST", lambda d: {}, htmx=True),
    # The quick status change. wrk repeats one body, so only the first POST carries the current `version`;
    # the rest take the optimistic lock's refused-as-stale path (validate, re-render the panel).
    Page(
        "status POST",
        "workstreams:action_status",
        lambda d: [d.action.pk],
        "POST",
        lambda d: {"status": "in_progress", "result": "", "evidence_url": "", "version": d.action.version},
        htmx=True,
    ),
    Page("workstream dashboard", "dashboard_workstream", lambda d: [d.workstream.slug]),
    Page("recommendations", "recommendations:list"),
    Page("kpis", "kpis:list"),
    Page("kpi", "kpis:detail", lambda d: [d.kpi.pk]),
    Page("meetings", "meetings:list"),
    Page("registers", "registers:index"),
    Page("search", "search:search", query=lambda d: {"q": "vaccin"}),
    Page("xlsx export", "dashboard_export", lambda d: ["actions", "xlsx"]),
    Page("csv export", "dashboard_export", lambda d: ["actions", "csv"]),  # streamed
    # The REST API beside the pages that show the same data (the session authenticates it, as in a browser).
    Page("api dashboard", "api:dashboard"),
    Page("api actions (50 a page)", "api:action-list"),
    Page("api action", "api:action-detail", lambda d: [d.action.pk]),
    Page("api recommendations", "api:recommendation-list"),
    Page("api workstreams", "api:workstream-list"),
    Page("api memberships", "api:membership-list"),
    Page("api kpis", "api:kpi-list"),
    Page("api measurements", "api:measurement-list"),
    Page("api meetings", "api:meeting-list"),
    Page("api updates", "api:update-list"),
    Page("api collaborations", "api:collaborations-list"),
    Page("api shortages", "api:shortages-list"),
    Page("api supporters", "api:supporters-list"),
    Page("api deliverables", "api:deliverables-list"),
    # The peer: Django's own admin listing the same actions (Verbinden's, 50 a page as on the workstream page).
    Page(
        PEER,
        "admin:workstreams_action_changelist",
        query=lambda d: {"workstream__id__exact": d.workstream.pk},
        as_admin=True,
    ),
]

# The digest module and the names its send function may have; the call itself is marked below.
DIGEST_MODULE = "mailings.digest"
DIGEST_FUNCTIONS = ("digest_run", "digest_send", "send_digests", "send_all")


# --- The targets: one row each, judged on the figures of the largest scale measured --------------------
#
# `key` names a figure of `figures()` below: "page:<label>:x_floor" (median as a multiple of the floor's),
# "page:<label>:query_growth" (queries at this scale minus those at the smallest), "page:<label>:alone_s",
# "peer:x_faster", "digest:mails_per_second", and "<name>:<figure>" for every number another run leaves in
# a scale's result under result["extra"][<name>] (the load run, Lighthouse ...). A target whose figure is
# not there yet is reported as "not measured", never as passed.


@dataclass(frozen=True)
class Target:
    label: str
    key: str
    limit: float
    higher_is_better: bool = False

    def judge(self, value: float | None) -> str:
        if value is None:
            return "not measured"
        passed = value >= self.limit if self.higher_is_better else value <= self.limit
        return "PASS" if passed else "FAIL"

    @property
    def wanted(self) -> str:
        return f"{'≥' if self.higher_is_better else '≤'} {self.limit:g}"


GET_PAGES_UNDER_3X = [
    "home",
    "dashboard",
    "workstream dashboard",
    "workstream",
    "workstream members",
    "mijn werk",
    "action",
    "recommendations",
    "kpis",
    "kpi",
    "meetings",
    "registers",
    "search",
    "api dashboard",
    "api actions (50 a page)",
    "api action",
    "api workstreams",
    "api recommendations",
    "api kpis",
    "api measurements",
    "api meetings",
    "api memberships",
    "api updates",
    "api collaborations",
]
POSTS_UNDER_5X = ["check-in POST", "status POST"]

TARGETS = [
    *(Target(f"{label}: median × floor", f"page:{label}:x_floor", 3) for label in GET_PAGES_UNDER_3X),
    *(Target(f"{label}: median × floor", f"page:{label}:x_floor", 5) for label in POSTS_UNDER_5X),
    *(
        Target(f"{label}: queries growth from the smallest scale", f"page:{label}:query_growth", 0)
        for label in [*GET_PAGES_UNDER_3X, *POSTS_UNDER_5X]
    ),
    Target("workstream page × faster than the admin's changelist", "peer:x_faster", 5, higher_is_better=True),
    # Rewritten by the exporter's owner: the figure is one request on its own (seconds).
    Target("xlsx export of all actions: seconds", "page:xlsx export:alone_s", 0.5),
    Target("weekly digest: mails per second", "digest:mails_per_second", 100, higher_is_better=True),
    # Filled in by the light run (light_figures: result["extra"]["load"]): 50 connections for 60 s on each page.
    Target("load dashboard: p99 ms", "load:dashboard_p99_ms", 1000),
    Target("load dashboard: errors", "load:dashboard_errors", 0),
    Target("load workstream: p99 ms", "load:workstream_p99_ms", 1000),
    Target("load workstream: errors", "load:workstream_errors", 0),
    Target("load: memory per worker MB", "load:memory_per_worker_mb", 300),
    # Filled in by the light run (result["extra"]["lighthouse"]).
    *(
        Target(f"lighthouse {label}: performance", f"lighthouse:{label}_performance", 90, higher_is_better=True)
        for label in ("dashboard", "workstream", "action")
    ),
]


# --- In-app part (runs with Django set up, against the bench database) --------------------------------


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings")
    import django

    django.setup()


def bench_data() -> BenchData:
    from kpis.models import KPI
    from taskforce.models import User
    from workstreams.models import Action, Workstream

    user = User.objects.get(username=BENCH_USER)
    workstream = Workstream.objects.get(slug="verbinden")
    actions = Action.objects.filter(workstream=workstream).open().order_by("id")
    action = actions.filter(owner=user).first() or actions.first()
    admin = User.objects.filter(username=ADMIN_USER, is_superuser=True).first()
    kpi = KPI.objects.filter(workstream=workstream).order_by("id").first()
    return BenchData(user=user, workstream=workstream, action=action, admin=admin, kpi=kpi)


def login_cookies(user) -> dict[str, str]:
    """A session for the user and a CSRF secret, as a browser would hold them after logging in."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from twofactor.selectors import SESSION_DEVICE, second_factor_required, totp_device

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # Past the second step, as after typing a good code: the superuser (the admin, the peer) must take it.
    device = totp_device(user)
    if device is None and second_factor_required(user):
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[SESSION_DEVICE] = True
    session.create()
    return {
        settings.SESSION_COOKIE_NAME: session.session_key,
        settings.CSRF_COOKIE_NAME: get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS),
    }


def build_request(page: Page, cookies: dict[str, str]) -> dict:
    """URL and body of one page from the current data; {"missing": reason} when it cannot be built."""
    from django.conf import settings
    from django.urls import NoReverseMatch, reverse

    data = bench_data()
    try:
        path = reverse(page.url_name, args=page.args(data))
        if page.query is not None:
            path += "?" + urlencode(page.query(data))
    except NoReverseMatch:
        return {"missing": f"no URL named {page.url_name!r}"}
    except Exception as error:  # a builder that does not fit the data: report it, measure the rest
        return {"missing": f"arguments: {error!r}"}
    form = None
    if page.form is not None:
        form = {**page.form(data), "csrfmiddlewaretoken": cookies[settings.CSRF_COOKIE_NAME]}
    return {"path": path, "form": form, "htmx": page.htmx, "as_admin": page.as_admin}


def probe() -> dict:
    """Log in, build every page's request and count its queries with the test Client."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # What rendering a page costs: counted with the page cache off (wrk then measures it on).
    settings.PAGE_CACHE_SECONDS = 0
    data = bench_data()
    cookies = login_cookies(data.user)
    admin_cookies = login_cookies(data.admin) if data.admin else None
    clients = {}
    for as_admin, jar in ((False, cookies), (True, admin_cookies)):
        clients[as_admin] = client = Client(enforce_csrf_checks=True, SERVER_NAME="127.0.0.1")
        for name, value in (jar or {}).items():
            client.cookies[name] = value
    pages = {}
    for page in PAGES:
        if page.as_admin and admin_cookies is None:
            pages[page.label] = {"missing": f"no superuser {ADMIN_USER!r}"}
            continue
        request = build_request(page, admin_cookies if page.as_admin else cookies)
        if "missing" in request:
            pages[page.label] = request
            continue
        client = clients[page.as_admin]
        headers = {"HX-Request": "true"} if page.htmx else {}
        if page.method == "GET":
            client.get(request["path"], headers=headers)  # warm-up: first-use caches are not the page's cost
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            if page.method == "GET":
                response = client.get(request["path"], headers=headers)
            else:
                response = client.post(request["path"], request["form"], headers=headers)
            # A streamed response (the CSV export) is made while it is read: read it within the time.
            body = response.getvalue() if response.streaming else response.content
            alone_ms = (time.perf_counter() - started) * 1000
        if page.method != "GET":
            request = build_request(page, cookies)  # wrk posts the data as it stands after this POST
        pages[page.label] = {
            **request,
            "method": page.method,
            "status": response.status_code,
            "location": response.get("Location", ""),
            "bytes": len(body),
            "queries": len(queries),
            "alone_ms": round(alone_ms, 1),  # one request on its own, in-process, queries being recorded
        }
    return {"cookies": cookies, "admin_cookies": admin_cookies, "pages": pages}


def digest() -> dict:
    """Send the weekly digest to everybody through a local SMTP sink; mails per second, queries per mail."""
    import importlib
    import inspect

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from smtp_sink import start_counting_sink

    from taskforce.celery import app
    from taskforce.models import User

    try:
        module = importlib.import_module(DIGEST_MODULE)
    except ModuleNotFoundError:
        return {"status": "missing", "detail": f"no module {DIGEST_MODULE}"}
    send = next((getattr(module, name) for name in DIGEST_FUNCTIONS if callable(getattr(module, name, None))), None)
    if send is None:
        return {"status": "missing", "detail": f"none of {', '.join(DIGEST_FUNCTIONS)} in {DIGEST_MODULE}"}
    required = [
        p.name
        for p in inspect.signature(send).parameters.values()
        if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    if required:
        return {"status": "missing", "detail": f"{send.__name__}() needs {required}: adjust the call site"}

    sink, controller = start_counting_sink(settings)
    app.conf.task_always_eager = True  # a digest that fans out into Celery tasks runs them here
    app.conf.task_eager_propagates = True
    people = User.objects.filter(is_active=True, digest_enabled=True).exclude(email="").count()
    try:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            returned = send()  # >>> DIGEST CALL SITE: the one line to adjust to the digest's API <<<
            seconds = time.perf_counter() - started
    finally:
        controller.stop()
    mails = sink.messages
    # A run report with lists of deliveries (sent, skipped ...) says why people got no mail.
    outcome = {
        name: len(value)
        for name in ("sent", "skipped", "failed", "already")
        if isinstance(value := getattr(returned, name, None), list | tuple | set)
    }
    return {
        "outcome": outcome,
        "status": "ok",
        "function": f"{DIGEST_MODULE}.{send.__name__}",
        "people": people,
        "mails": mails,
        "recipients": sink.recipients,
        "seconds": round(seconds, 3),
        "mails_per_second": round(mails / seconds, 1) if seconds and mails else 0,
        "queries": len(queries),
        "queries_per_mail": round(len(queries) / mails, 2) if mails else None,
    }


# --- Orchestration (plain Python: subprocesses, wrk, gunicorn) ------------------------------------------


class Bench:
    def __init__(self, options: argparse.Namespace):
        self.options = options
        self.deadline = time.monotonic() + options.budget
        self.gunicorn: subprocess.Popen | None = None
        self.workdir = Path(tempfile.mkdtemp(prefix="taskforce-bench-"))
        self.env = {**os.environ, **PRODUCTION_ENV}

    def log(self, text: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)

    def left(self, limit: float) -> float:
        """A step's time limit, never beyond the whole run's budget."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 5:
            raise TimeoutError("time budget used up")
        return min(limit, remaining)

    def run(self, args: list[str], limit: float, capture: bool = False) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(a) for a in args],
            cwd=ROOT,
            env=self.env,
            timeout=self.left(limit),
            check=True,
            text=True,
            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def manage(self, *args: str, limit: float = 120) -> float:
        started = time.monotonic()
        try:
            self.run([PYTHON, "manage.py", *args], limit)
        except subprocess.CalledProcessError as error:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{error.stderr}") from error
        return round(time.monotonic() - started, 2)

    def in_app(self, command: str, limit: float) -> dict:
        try:
            done = self.run([PYTHON, __file__, command], limit, capture=True)
        except subprocess.CalledProcessError as error:
            raise RuntimeError(f"bench.py {command} failed:\n{error.stderr}") from error
        line = next(line for line in done.stdout.splitlines() if line.startswith(JSON_MARK))
        return json.loads(line.removeprefix(JSON_MARK))

    def recreate_database(self) -> None:
        import psycopg2

        connection = psycopg2.connect(PG_ADMIN_URL)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
                cursor.execute(f"CREATE DATABASE {DB_NAME}")
        finally:
            connection.close()

    def flush_redis(self) -> None:
        """Nothing of an earlier scale or run in the bench's own Redis database."""
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()

    def analyze_database(self) -> None:
        """Planner statistics after the bulk load, as autovacuum would gather them on a live database."""
        import psycopg2

        connection = psycopg2.connect(DATABASE_URL)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        finally:
            connection.close()

    def drop_database(self) -> None:
        import psycopg2

        connection = psycopg2.connect(PG_ADMIN_URL)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        finally:
            connection.close()

    def start_gunicorn(self, scale: str) -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        log = open(RESULTS / f"gunicorn-{scale}.log", "w")  # noqa: SIM115 - lives as long as the server
        self.gunicorn = subprocess.Popen(
            [
                str(GUNICORN),
                "taskforce.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                # Without --workers, gunicorn.conf.py chooses workers, threads and worker class as in production.
                *([f"--workers={self.options.workers}", "--worker-class=sync"] if self.options.workers else []),
                "--timeout=60",
                "--graceful-timeout=5",
                "--log-level=warning",
                # Load the app once before forking, so no worker is still importing when the load starts.
                "--preload",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stopping it stops every worker
        )
        base = f"http://127.0.0.1:{port}"
        until = time.monotonic() + self.left(60)
        while time.monotonic() < until:
            if self.gunicorn.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {log.name}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return base
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within 60 s; see {log.name}")

    def stop_gunicorn(self) -> None:
        if self.gunicorn is None or self.gunicorn.poll() is not None:
            self.gunicorn = None
            return
        os.killpg(self.gunicorn.pid, signal.SIGTERM)
        try:
            self.gunicorn.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.gunicorn.pid, signal.SIGKILL)
            self.gunicorn.wait(timeout=5)
        self.gunicorn = None

    def wrk(self, base: str, label: str, request: dict, cookies: dict, seconds: int) -> dict:
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        script = self.workdir / f"{label.replace(' ', '_').replace('/', '')}.lua"
        lines = [f"wrk.headers[{json.dumps('Cookie')}] = {json.dumps(cookie)}"]
        if request.get("htmx"):
            lines.append('wrk.headers["HX-Request"] = "true"')
        if request.get("form") is not None:
            lines += [
                'wrk.method = "POST"',
                f"wrk.body = {json.dumps(urlencode(request['form']))}",
                'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
            ]
        lines.append(WRK_DONE)
        script.write_text("\n".join(lines) + "\n")
        o = self.options
        done = subprocess.run(
            [
                "wrk",
                f"-t{o.threads}",
                f"-c{o.connections}",
                f"-d{seconds}s",
                "--timeout=30s",
                "-s",
                str(script),
                base + request["path"],
            ],
            timeout=self.left(seconds + 40),
            check=True,
            capture_output=True,
            text=True,
        )
        line = next(line for line in done.stdout.splitlines() if line.startswith(JSON_MARK))
        figures = json.loads(line.removeprefix(JSON_MARK))
        return {
            "median_ms": round(figures["p50_us"] / 1000, 2),
            "p95_ms": round(figures["p95_us"] / 1000, 2),
            "p99_ms": round(figures["p99_us"] / 1000, 2),
            "max_ms": round(figures["max_us"] / 1000, 2),
            "requests": figures["requests"],
            "rps": round(figures["requests"] / (figures["duration_us"] / 1e6), 1),
            "non_2xx_3xx": figures["non_2xx_3xx"],
            "seconds": seconds,
            "socket_errors": figures["errors"],
        }

    def bench_scale(self, scale: str, result: dict) -> None:
        """Fills `result` step by step, so whatever was measured before a failure is still reported."""
        result["load_before"] = os.getloadavg()[0]
        self.log(f"{scale}: fresh database {DB_NAME}, migrate, seed, generate")
        self.recreate_database()
        self.flush_redis()
        today = dt.date.today()
        start = today - dt.timedelta(days=today.weekday(), weeks=5)  # week 6 of 12: a live programme
        result["seconds"] = {
            "migrate": self.manage("migrate", "--no-input", "-v", "0", limit=600),
            "seed": self.manage("seed_taskforce", "--start-date", start.isoformat()),
            "generate": self.manage("generate_data", "--scale", scale, limit=300),
        }
        self.analyze_database()
        self.log(f"{scale}: generated in {result['seconds']['generate']} s; counting queries")
        probed = self.in_app("probe", 300)
        result["pages"] = probed["pages"]
        base = self.start_gunicorn(scale)
        self.log(f"{scale}: gunicorn ({self.options.workers or 'gunicorn.conf.py'} workers) on {base}")
        try:
            for label, request in result["pages"].items():
                if "missing" in request or request["status"] >= 400:
                    continue
                if self.options.pages and label != FLOOR and not any(w in label for w in self.options.pages):
                    continue
                try:
                    cookies = probed["admin_cookies"] if request.get("as_admin") else probed["cookies"]
                    if self.options.warmup:
                        self.wrk(base, label, request, cookies, self.options.warmup)
                    request["wrk"] = self.wrk(base, label, request, cookies, self.options.duration)
                except (subprocess.SubprocessError, StopIteration, ValueError, KeyError) as error:
                    request["error"] = f"wrk: {error}"
                    self.log(f"{scale}: {label}: {request['error']}")
                    continue
                self.log(f"{scale}: {label}: median {request['wrk']['median_ms']} ms")
            if scale in self.options.light_scales:
                result["light"] = light_targets(self, base, result["pages"], probed["cookies"])
                result["extra"] = light_figures(result["light"])
        finally:
            self.stop_gunicorn()
        if self.options.digest:
            self.log(f"{scale}: weekly digest")
            try:
                result["digest"] = self.in_app("digest", 300)
            except subprocess.TimeoutExpired as error:
                result["digest"] = {"status": "error", "detail": f"not done within {error.timeout:.0f} s"}
            except RuntimeError as error:
                result["digest"] = {"status": "error", "detail": str(error)[-300:]}

    def main(self) -> int:
        RESULTS.mkdir(exist_ok=True)
        report: dict[str, Any] = {
            "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
            "options": vars(self.options),
            "scales": {},
        }
        try:
            self.log("collectstatic (whitenoise manifest storage)")
            self.manage("collectstatic", "--no-input", "-v", "0", limit=600)
            for scale in self.options.scales:
                result = report["scales"][scale] = {"scale": scale}
                try:
                    self.bench_scale(scale, result)
                except TimeoutError:
                    result["skipped"] = "time budget used up"
                    self.log(f"{scale}: skipped, time budget used up")
                except (RuntimeError, subprocess.SubprocessError, OSError, StopIteration) as error:
                    result["error"] = str(error)[-1000:]
                    self.log(f"{scale}: failed: {result['error']}")
        finally:
            self.stop_gunicorn()
            if not self.options.keep_db:
                self.drop_database()
            shutil.rmtree(self.workdir, ignore_errors=True)
        report["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        stamp = time.strftime("%Y%m%d-%H%M%S")
        report["targets"] = judge(report)
        for path in (RESULTS / f"bench-{stamp}.json", RESULTS / "latest.json"):
            path.write_text(json.dumps(report, indent=2))
        print(render(report))
        print(f"\nFigures: bench-results/bench-{stamp}.json (and bench-results/latest.json)")
        if self.options.write_docs:
            write_docs(report)
        return 0


WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %.0f, "duration_us": %.0f, "p50_us": %.0f, "p95_us": %.0f, "p99_us": %.0f, '
    .. '"max_us": %.0f, "non_2xx_3xx": %.0f, "errors": %.0f}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


# --- Targets: pages travel light (Lighthouse) and 50 connections for 60 s --------------------------------
#
# Measured while gunicorn serves the bench database (bench_scale calls light_targets at the scales in
# --light-scales); light_rows turns the figures into target rows (target, page, figure, limit, PASS/FAIL).

LIGHTHOUSE = Path(os.environ.get("LIGHTHOUSE", ROOT / "node_modules" / ".bin" / "lighthouse"))
LIGHTHOUSE_PAGES = ("dashboard", "workstream", "action")
LIGHTHOUSE_MIN = 90
LOAD_PAGES = ("dashboard", "workstream")
LOAD_CONNECTIONS = 50
LOAD_SECONDS = 60
LOAD_P99_MS = 1000

# Counts every answer that is not 2xx (wrk's own count starts at 400) over all of wrk's threads.
WRK_LOAD = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then not_2xx = not_2xx + 1 end
end
done = function(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("not_2xx") end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %.0f, "duration_us": %.0f, "p50_us": %.0f, "p95_us": %.0f, "p99_us": %.0f, '
    .. '"max_us": %.0f, "not_2xx": %.0f, "errors": %.0f}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, bad, e.connect + e.read + e.write + e.timeout))
end
"""


def lighthouse(base: str, path: str, cookies: dict, out: Path, limit: float) -> dict:
    """Lighthouse's performance score of one page (its default: a phone on a throttled network),
    logged in through the session cookie; the full report lands in out (.json)."""
    if not LIGHTHOUSE.exists():
        return {"missing": f"{LIGHTHOUSE} not found (npm ci installs lighthouse from package.json)"}
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    # A few requests first, as wrk's warm-up does: a worker's first page loads templates and translations.
    for _ in range(6):
        with urllib.request.urlopen(urllib.request.Request(base + path, headers={"Cookie": cookie}), timeout=60):
            pass
    # Lighthouse now and then fails to record its trace ("Please run Lighthouse again"): it is asked
    # up to three times before its error is reported.
    for _attempt in range(3):
        done = _lighthouse_run(base + path, cookie, out, limit)
        if done.returncode == 0 and out.exists():
            break
    if done.returncode or not out.exists():
        return {"error": f"lighthouse exited {done.returncode}: {done.stderr.strip()[-300:]}"}
    return _lighthouse_figures(json.loads(out.read_text()), out)


def _lighthouse_run(url: str, cookie: str, out: Path, limit: float) -> subprocess.CompletedProcess:
    out.unlink(missing_ok=True)
    return subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--only-categories=performance",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox",
            f"--extra-headers={json.dumps({'Cookie': cookie})}",
        ],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        timeout=limit,
        capture_output=True,
        text=True,
    )


def _lighthouse_figures(report: dict, out: Path) -> dict:
    audits = report["audits"]
    metrics = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")
    return {
        "score": round((report["categories"]["performance"]["score"] or 0) * 100),
        "final_url": report.get("finalDisplayedUrl") or report.get("finalUrl"),
        # How fast Chromium found this machine (a mid-tier phone scores about 1000, a quiet desktop more):
        # Lighthouse's 4x CPU slowdown assumes a fast desktop, so a busy machine scores low.
        "benchmark_index": round((report.get("environment") or {}).get("benchmarkIndex") or 0),
        "metrics": {name: audits[name].get("displayValue") for name in metrics if name in audits},
        # What Lighthouse would fix first: audits that cost time, with the milliseconds they would save.
        "opportunities": {
            name: round(audit["details"]["overallSavingsMs"])
            for name, audit in audits.items()
            if (audit.get("details") or {}).get("overallSavingsMs")
        },
        "report": str(out),
    }


def worker_memory(master_pid: int) -> list[dict]:
    """Resident memory of each gunicorn worker (the master's children), now and at its peak, in MB."""
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return []
    workers = []
    for pid in children:
        try:
            status = dict(
                line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        kilobytes = {key: int(status[key].split()[0]) for key in ("VmRSS", "VmHWM") if key in status}
        workers.append(
            {
                "pid": int(pid),
                "rss_mb": round(kilobytes.get("VmRSS", 0) / 1024),
                "peak_mb": round(kilobytes.get("VmHWM", 0) / 1024),
            }
        )
    return workers


def worker_cpu_seconds(master_pid: int) -> float:
    """CPU time (user + system) the gunicorn workers have used so far: per request served, it tells what
    the page costs whatever else the machine is doing, where latency under load depends on that."""
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return 0.0
    ticks = 0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15 of proc(5)
    return ticks / os.sysconf("SC_CLK_TCK")


def load(bench: Bench, base: str, label: str, request: dict, cookies: dict) -> dict:
    """LOAD_CONNECTIONS connections for LOAD_SECONDS on one page: latency percentiles and every failure."""
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    script = bench.workdir / f"load-{label.replace(' ', '_')}.lua"
    script.write_text(f"wrk.headers[{json.dumps('Cookie')}] = {json.dumps(cookie)}\n{WRK_LOAD}")
    assert bench.gunicorn is not None
    cpu_before = worker_cpu_seconds(bench.gunicorn.pid)
    done = subprocess.run(
        [
            "wrk",
            f"-t{bench.options.threads}",
            f"-c{LOAD_CONNECTIONS}",
            f"-d{LOAD_SECONDS}s",
            "--timeout=30s",
            "-s",
            str(script),
            base + request["path"],
        ],
        timeout=bench.left(LOAD_SECONDS + 60),
        check=True,
        capture_output=True,
        text=True,
    )
    cpu = worker_cpu_seconds(bench.gunicorn.pid) - cpu_before
    line = next(line for line in done.stdout.splitlines() if line.startswith(JSON_MARK))
    figures = json.loads(line.removeprefix(JSON_MARK))
    return {
        "cpu_ms_per_request": round(cpu * 1000 / figures["requests"], 1) if figures["requests"] else None,
        "connections": LOAD_CONNECTIONS,
        "seconds": LOAD_SECONDS,
        "requests": figures["requests"],
        "rps": round(figures["requests"] / (figures["duration_us"] / 1e6), 1),
        "median_ms": round(figures["p50_us"] / 1000, 1),
        "p99_ms": round(figures["p99_us"] / 1000, 1),
        "max_ms": round(figures["max_us"] / 1000, 1),
        "errors": figures["not_2xx"] + figures["errors"],
        "not_2xx": figures["not_2xx"],
        "socket_errors": figures["errors"],
    }


def light_targets(bench: Bench, base: str, pages: dict, cookies: dict) -> dict:
    """Lighthouse on LIGHTHOUSE_PAGES, then the 50-connection load on LOAD_PAGES with worker memory."""
    result: dict[str, Any] = {"lighthouse": {}, "load": {}}
    for label in LIGHTHOUSE_PAGES:
        page = pages.get(label) or {}
        if "path" not in page:
            result["lighthouse"][label] = {"missing": "page not built"}
            continue
        out = RESULTS / f"lighthouse-{label}.json"
        result["lighthouse"][label] = found = lighthouse(base, page["path"], cookies, out, bench.left(180))
        bench.log(f"lighthouse {label}: {found.get('score', found.get('error') or found.get('missing'))}")
    for label in LOAD_PAGES:
        page = pages.get(label) or {}
        if "path" not in page:
            result["load"][label] = {"missing": "page not built"}
            continue
        try:
            result["load"][label] = figures = load(bench, base, label, page, cookies)
        except (subprocess.SubprocessError, StopIteration, ValueError, KeyError) as error:
            result["load"][label] = {"error": f"wrk: {error}"}
            continue
        figures["workers"] = worker_memory(bench.gunicorn.pid)
        bench.log(f"load {label}: p99 {figures['p99_ms']} ms, {figures['errors']} errors, {figures['rps']} req/s")
    return result


def light_figures(light: dict) -> dict:
    """The light run's numbers under the names TARGETS judge: load:<page>_p99_ms, lighthouse:<page>_performance."""
    load: dict[str, float] = {}
    for label, found in light.get("load", {}).items():
        if "p99_ms" in found:
            load[f"{label}_p99_ms"] = found["p99_ms"]
            load[f"{label}_errors"] = found["errors"]
    rss = [w["rss_mb"] for found in light.get("load", {}).values() for w in found.get("workers", [])]
    if rss:
        load["memory_per_worker_mb"] = max(rss)
    scores = {
        f"{label}_performance": found["score"]
        for label, found in light.get("lighthouse", {}).items()
        if "score" in found
    }
    return {"load": load, "lighthouse": scores}


def light_rows(scale: str, light: dict) -> list[tuple[str, str, str, str, str]]:
    """(target, page, measured, limit, PASS/FAIL) for every light target measured at one scale."""
    rows = []
    for label, found in light.get("lighthouse", {}).items():
        if "score" not in found:
            rows.append((f"lighthouse ({scale})", label, found.get("error") or found.get("missing", ""), "", "FAIL"))
            continue
        verdict = "PASS" if found["score"] >= LIGHTHOUSE_MIN else "FAIL"
        measured = f"{found['score']} (CPU index {found.get('benchmark_index', '?')})"
        rows.append((f"lighthouse ({scale})", label, measured, f">= {LIGHTHOUSE_MIN}", verdict))
    for label, found in light.get("load", {}).items():
        target = f"{LOAD_CONNECTIONS} conn {LOAD_SECONDS} s ({scale})"
        if "p99_ms" not in found:
            rows.append((target, label, found.get("error") or found.get("missing", ""), "", "FAIL"))
            continue
        memory = ", ".join(f"{w['rss_mb']}" for w in found.get("workers", []))
        rows.append((target, f"{label} errors", str(found["errors"]), "0", "PASS" if not found["errors"] else "FAIL"))
        verdict = "PASS" if found["p99_ms"] <= LOAD_P99_MS else "FAIL"
        rows.append((target, f"{label} p99 ms", f"{found['p99_ms']:.0f}", f"<= {LOAD_P99_MS}", verdict))
        rows.append((target, f"{label} RSS MB/worker", memory or "-", "(reported)", ""))
        rows.append((target, f"{label} CPU ms/request", str(found.get("cpu_ms_per_request", "-")), "(reported)", ""))
    return rows


# --- Report ----------------------------------------------------------------------------------------------


def cell(page: dict) -> tuple[str, ...]:
    """median, p95, req/s (or why not measured), queries and the time of one request on its own."""
    queries, alone = str(page.get("queries", "-")), str(page.get("alone_ms", ""))
    if "missing" in page:
        return ("missing", "", "", queries, alone)
    if page.get("status", 0) >= 400:
        return (f"HTTP {page['status']}", "", "", queries, alone)
    figures = page.get("wrk")
    if not figures:
        return ("-", "", "", queries, alone)
    if not figures["requests"]:
        return (f"none in {figures['seconds']} s", "", "0", queries, alone)
    return (f"{figures['median_ms']:.1f}", f"{figures['p95_ms']:.1f}", f"{figures['rps']:.0f}", queries, alone)


def render(report: dict) -> str:
    header = ("scale", "page", "median ms", "p95 ms", "req/s", "× floor", "queries", "alone ms", "note")
    rows = []
    for scale, result in report["scales"].items():
        problem = result.get("skipped") or result.get("error")
        if problem and "pages" not in result:
            rows.append((scale, "-", "", "", "", "", "", "", problem.splitlines()[-1][:120]))
            continue
        pages = result["pages"]
        floor = (pages.get(FLOOR) or {}).get("wrk", {}).get("median_ms")
        for label, page in pages.items():
            median, p95, rps, queries, alone = cell(page)
            figures = page.get("wrk") or {}
            ratio = f"{figures['median_ms'] / floor:.1f}" if figures.get("requests") and floor else ""
            notes = []
            if figures.get("non_2xx_3xx"):
                notes.append(f"{figures['non_2xx_3xx']} non-2xx/3xx")
            if figures.get("socket_errors"):
                notes.append(f"{figures['socket_errors']} socket errors/timeouts")
            if page.get("location"):
                notes.append(f"{page['status']} → {page['location']}")
            for key in ("missing", "error"):
                if key in page:
                    notes.append(page[key])
            rows.append((scale, label, median, p95, rps, ratio, queries, alone, "; ".join(notes)))
        if problem:
            rows.append((scale, "-", "", "", "", "", "", "", problem.splitlines()[-1][:120]))
    lines = [table(header, rows)]
    lines.append("(alone ms: one request by itself through Django's test Client, while its queries are counted)")

    scales = [s for s, r in report["scales"].items() if "pages" in r]
    if scales:
        labels = list(report["scales"][scales[0]]["pages"])
        growth = []
        for label in labels:
            counts = [report["scales"][s]["pages"].get(label, {}).get("queries") for s in scales]
            known = [c for c in counts if c is not None]
            grows = "yes" if len(set(known)) > 1 else ("no" if known else "")
            growth.append((label, *("-" if c is None else str(c) for c in counts), grows))
        lines += ["", "Queries per request by scale:", table(("page", *scales, "grows"), growth)]

    lines += ["", "Data generation and weekly digest:"]
    for scale, result in report["scales"].items():
        if "seconds" in result:
            lines.append(
                f"  {scale}: generate_data {result['seconds']['generate']} s "
                f"(load average before the scale: {result['load_before']:.1f})"
            )
        digest = result.get("digest")
        if digest is None:
            continue
        if digest["status"] != "ok":
            lines.append(f"  {scale}: digest: {digest['status']} ({digest['detail']})")
            continue
        outcome = ", ".join(f"{number} {name}" for name, number in digest.get("outcome", {}).items())
        per_mail = digest["queries_per_mail"]
        lines.append(
            f"  {scale}: digest: {digest['mails']} mails for {digest['people']} people in {digest['seconds']} s"
            + (f" = {digest['mails_per_second']} mails/s, {per_mail} queries/mail" if digest["mails"] else "")
            + (f" ({outcome})" if outcome else "")
        )
    light = [row for scale, result in report["scales"].items() for row in light_rows(scale, result.get("light", {}))]
    if light:
        lines += ["", "Light pages and 50 connections:", table(("target", "page", "measured", "limit", ""), light)]
    load = report["machine"]["load_average"]
    lines.append(f"\nMachine: {report['machine']['cpus']} cores, load average at start {load[0]:.2f}")
    lines += ["", render_targets(report)]
    return "\n".join(lines)


def judged_scale(report: dict) -> str | None:
    """The targets are judged at the largest scale that has pages measured."""
    measured = [s for s in SCALES if "pages" in report["scales"].get(s, {})]
    return measured[-1] if measured else None


def figures(report: dict) -> dict[str, float]:
    """Every figure a target can name, from the judged scale (see TARGETS)."""
    scale = judged_scale(report)
    if scale is None:
        return {}
    result = report["scales"][scale]
    pages = result["pages"]
    smallest = next(s for s in SCALES if "pages" in report["scales"].get(s, {}))
    first = report["scales"][smallest]["pages"]
    floor = (pages.get(FLOOR) or {}).get("wrk", {}).get("median_ms")
    found: dict[str, float] = {}
    for label, page in pages.items():
        median = (page.get("wrk") or {}).get("median_ms") if (page.get("wrk") or {}).get("requests") else None
        if median is not None and floor:
            found[f"page:{label}:x_floor"] = round(median / floor, 2)
        if median is not None:
            found[f"page:{label}:median_ms"] = median
        if (
            smallest != scale
            and page.get("queries") is not None
            and (first.get(label) or {}).get("queries") is not None
        ):
            found[f"page:{label}:query_growth"] = page["queries"] - first[label]["queries"]
        if page.get("alone_ms") is not None and page.get("status", 500) < 400:
            found[f"page:{label}:alone_s"] = round(page["alone_ms"] / 1000, 3)
    ours = found.get("page:workstream:median_ms")
    peer = found.get(f"page:{PEER}:median_ms")
    if ours and peer:
        found["peer:x_faster"] = round(peer / ours, 2)
    digest = result.get("digest") or {}
    if digest.get("status") == "ok" and digest.get("mails"):
        found["digest:mails_per_second"] = digest["mails_per_second"]
    for name, extra in (result.get("extra") or {}).items():
        for key, value in extra.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                found[f"{name}:{key}"] = value
    return found


def judge(report: dict) -> list[dict]:
    found = figures(report)
    return [
        {
            "target": t.label,
            "key": t.key,
            "wanted": t.wanted,
            "value": found.get(t.key),
            "verdict": t.judge(found.get(t.key)),
        }
        for t in TARGETS
    ]


def figure(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def render_targets(report: dict) -> str:
    verdicts = judge(report)
    rows = [(v["target"], figure(v["value"]), v["wanted"], v["verdict"]) for v in verdicts]
    counts = {word: sum(v["verdict"] == word for v in verdicts) for word in ("PASS", "FAIL", "not measured")}
    summary = {"scale": judged_scale(report), **counts, "targets": {v["key"]: v["verdict"] for v in verdicts}}
    return "\n".join(
        [
            f"Targets (judged at the {judged_scale(report) or '-'} scale):",
            table(("target", "figure", "wanted", "verdict"), rows),
            f"{counts['PASS']} pass, {counts['FAIL']} fail, {counts['not measured']} not measured",
            "BENCH_SUMMARY " + json.dumps(summary, sort_keys=True),
        ]
    )


DOCS = ROOT / "docs" / "bench.md"


def docs_text(report: dict) -> str:
    """docs/bench.md: the last run's pages and targets as Markdown tables, with its date and machine."""
    scale = judged_scale(report)
    pages = report["scales"][scale]["pages"] if scale else {}
    floor = (pages.get(FLOOR) or {}).get("wrk", {}).get("median_ms")
    load = report["machine"]["load_average"]
    lines = [
        "# Bench results",
        "",
        f"Written by `scripts/bench.py --write-docs` on {report.get('finished', report.get('started', ''))[:10]}: "
        f"the `{scale}` scale, {report['machine']['cpus']} cores, load average {load[0]:.1f} at the start, "
        f"{report['options'].get('duration', '?')} s of load per page. Absolute milliseconds depend on the "
        "machine and its load; the ratios to the floor (`/healthz` in the same run) are what the targets judge.",
        "",
        "## Pages",
        "",
        "| page | median ms | × floor | queries |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, page in pages.items():
        wrk = page.get("wrk") or {}
        median = f"{wrk['median_ms']:.1f}" if wrk.get("requests") else page.get("missing", "-")
        ratio = f"{wrk['median_ms'] / floor:.1f}" if wrk.get("requests") and floor else ""
        lines.append(f"| {label} | {median} | {ratio} | {page.get('queries', '-')} |")
    lines += ["", "## Targets", "", "| target | figure | wanted | verdict |", "| --- | ---: | --- | --- |"]
    for v in judge(report):
        lines.append(f"| {v['target']} | {figure(v['value'])} | {v['wanted']} | {v['verdict']} |")
    return "\n".join(lines) + "\n"


def write_docs(report: dict) -> None:
    if judged_scale(report) is None:
        print(f"No scale was measured: {DOCS.relative_to(ROOT)} left as it was")
        return
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(docs_text(report))
    print(f"Wrote {DOCS.relative_to(ROOT)}")


def table(header: tuple, rows: list[tuple]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*header), fmt.format(*("-" * w for w in widths))] + [fmt.format(*r) for r in rows])


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=lambda s: s.split(","), default=SCALES, help="comma-separated")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unrecorded load per page first")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, help="gunicorn sync workers (default: gunicorn.conf.py's choice)")
    parser.add_argument(
        "--light-scales",
        type=lambda s: [x for x in s.split(",") if x],
        default=["large"],
        help="scales to run Lighthouse and the 50-connection load at (comma-separated; empty: none)",
    )
    parser.add_argument("--budget", type=int, default=1800, help="seconds for the whole run")
    parser.add_argument("--no-digest", dest="digest", action="store_false")
    parser.add_argument("--keep-db", action="store_true", help=f"leave {DB_NAME} behind for a look")
    parser.add_argument(
        "--pages",
        type=lambda s: s.split(","),
        default=[],
        help="load only pages whose label contains one of these words (comma-separated; the floor always)",
    )
    parser.add_argument(
        "--write-docs", action="store_true", help="write the targets' table with the date into docs/bench.md"
    )
    parser.add_argument(
        "--report", type=Path, help="measure nothing: print (and with --write-docs write) the report of this JSON"
    )
    options = parser.parse_args(argv)
    unknown = set(options.scales) - set(SCALES)
    if unknown:
        parser.error(f"unknown scale(s): {', '.join(sorted(unknown))}")
    return options


def preflight() -> str | None:
    if shutil.which("wrk") is None:
        return "wrk is not installed (`make bench` installs Debian's wrk; or: apt-get install wrk)."
    from check_services import problems

    found = problems(DATABASE_URL, REDIS_URL)
    return "\n".join(found) if found else None


def stop_on_signal(signum, frame):
    # SIGTERM/SIGHUP become an exception, so the `finally` blocks stop gunicorn and drop the database.
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    if sys.argv[1:2] in (["probe"], ["digest"]):
        django_setup()
        result = probe() if sys.argv[1] == "probe" else digest()
        print(JSON_MARK + json.dumps(result, default=str), flush=True)
        sys.exit(0)
    options = parse(sys.argv[1:])
    if options.report:
        saved = json.loads(options.report.read_text())
        print(render(saved))
        if options.write_docs:
            write_docs(saved)
        sys.exit(0)
    problem = preflight()
    if problem:
        print(problem, file=sys.stderr)
        sys.exit(1)
    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGHUP, stop_on_signal)
    sys.exit(Bench(options).main())
