"""Production settings pass Django's deployment checks and put secure headers and cookies on responses;
defaults need no service."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x7#kP2!vQ9zL4@mN8wR1tY6uE3oI5aS0dF-gH_jK+lZ=xC*vB&nM",
        ALLOWED_HOSTS="taskforce.example.nl",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**env, "DEBUG": "false"}, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_defaults_use_sqlite_and_the_filesystem_broker(tmp_path):
    code = (
        "import django, os; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.EMAIL_BACKEND)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "taskforce.settings"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "filesystem://",
        "django.core.mail.backends.filebased.EmailBackend",
    ], result.stderr


PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x7#kP2!vQ9zL4@mN8wR1tY6uE3oI5aS0dF-gH_jK+lZ=xC*vB&nM",
    "ALLOWED_HOSTS": "taskforce.example.nl",
}
SECURITY_SETTINGS = [
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_AGE",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "CSRF_COOKIE_SECURE",
    "CONTENT_SECURITY_POLICY",
]


@pytest.fixture
def production(settings):
    """The security settings exactly as production computes them (read from a fresh process), applied here."""
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {SECURITY_SETTINGS!r}}}))"
    )
    result = run_manage("shell", "-c", code, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    for name, value in values.items():
        setattr(settings, name, value)
    return values


def _directives(header: str) -> dict[str, list[str]]:
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def test_a_production_response_carries_the_security_headers(client, production):
    response = client.get("/accounts/login/", secure=True, headers={"host": "taskforce.example.nl"})

    assert response.status_code == 200 and production["DEBUG"] is False
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["default-src"] == ["'self'"]
    assert not [d for d, sources in csp.items() if "'unsafe-inline'" in sources or "'unsafe-eval'" in sources]


def test_production_sends_plain_http_to_https(client, production):
    response = client.get("/accounts/login/", headers={"host": "taskforce.example.nl"})

    assert response.status_code == 301
    assert response["Location"] == "https://taskforce.example.nl/accounts/login/"


def test_production_session_and_csrf_cookies_are_secure_httponly_and_expire(client, production, member):
    page = client.get("/accounts/login/", secure=True, headers={"host": "taskforce.example.nl"})
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"]

    response = client.post(
        "/accounts/login/",
        {"username": member.username, "password": "pw", "csrfmiddlewaretoken": csrf.value},
        secure=True,
        headers={"host": "taskforce.example.nl"},
    )

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    # A session ends when the browser closes, and after eight hours at most.
    assert production["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True and not session["expires"]
    assert production["SESSION_COOKIE_AGE"] <= 8 * 3600
