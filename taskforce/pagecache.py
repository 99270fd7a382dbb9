"""Pages served from a cache that can never show stale data.

Every write to the database changes one *data version*, kept in the cache every process shares
(Redis when REDIS_URL is set; files under var/ on the embedded default). A cached page is stored under
that version, so the first write after it makes it unreachable, whichever process wrote.

- The version changes after each write statement outside a transaction, and inside one both at its
  first write and again when it commits (``on_commit``): a reader that read the version while the
  transaction was open stored the old data under a version that the commit then retires.
- A connection with uncommitted writes stores nothing: what it sees may yet be rolled back.
- Writes are seen where every one passes, the database connection's execute wrapper (ORM, bulk
  updates, raw SQL and migrations alike), not per model or per signal.
- What depends on the clock rather than on the data is covered by the key (today's date) and by a
  short life (PAGE_CACHE_SECONDS): the next meetings of a page are at most that far behind the clock.
- When the cache cannot be reached, pages are rendered as if there were none.

A page is cached per person, language, address (with its query) and htmx target: nothing one person
sees can reach another. The CSRF token and pending messages are the only per-request parts of a
page; the token is stored as a placeholder and filled in at each answer, and a request with messages
to show is rendered afresh.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

logger = logging.getLogger(__name__)
T = TypeVar("T")

CACHE_ALIAS = "default"
# Statements that change what a page could show. SELECTs and transaction control do not.
WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|TRUNCATE|ALTER|DROP|CREATE)\b", re.IGNORECASE)
# Tables no cached page reads, written on every login or refused attempt.
IGNORED_TABLES = ("django_session", "axes_")
CSRF_PLACEHOLDER = "\x00csrf-token\x00"
# The headers of an answer the view set and a cached answer repeats (the middleware adds the rest).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Cache-Control", "HX-Trigger", "HX-Retarget")


def _cache():
    return caches[CACHE_ALIAS]


def _database_name(alias: str = DEFAULT_DB_ALIAS) -> str:
    # Part of every key: two databases sharing one Redis (test workers, two setups) never mix.
    return str(connections[alias].settings_dict["NAME"])


def _version_key() -> str:
    return f"data-version:{_database_name()}"


def data_version() -> str | None:
    """The current data version, or None when the cache cannot be reached (then nothing is cached)."""
    try:
        version = _cache().get(_version_key())
        if version is None:
            version = bump()
        return version
    except Exception:  # the cache server is down: render without it
        logger.warning("page cache unreachable", exc_info=True)
        return None


def bump() -> str:
    """Retire every cached page: a new, never used version."""
    version = uuid.uuid4().hex
    try:
        _cache().set(_version_key(), version, timeout=None)
    except Exception:
        # Pages stored before may live on for at most PAGE_CACHE_SECONDS.
        logger.error("page cache unreachable: could not retire cached pages", exc_info=True)
    return version


def _is_write(sql: str) -> bool:
    if not WRITE.match(sql):
        return False
    head = sql[:200]
    return not any(f'"{table}' in head or f"`{table}" in head for table in IGNORED_TABLES)


def _has_pending_bump(connection: BaseDatabaseWrapper) -> bool:
    # Entries are (savepoint ids, function, robust).
    return any(entry[1] is bump for entry in connection.run_on_commit)


def _written(connection: BaseDatabaseWrapper) -> None:
    if not connection.in_atomic_block:
        bump()  # already committed
    elif not _has_pending_bump(connection):
        # First write of this transaction (or of it since a savepoint rollback dropped the callback).
        bump()
        connection.on_commit(bump)


def watch_writes(execute, sql, params, many, context):
    """The execute wrapper every database connection gets (TaskforceConfig.ready)."""
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and _is_write(sql):
        _written(context["connection"])
    return result


def install(connection: BaseDatabaseWrapper, **kwargs) -> None:
    """connection_created receiver: the wrapper, once per connection object."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def _may_store() -> bool:
    connection = connections[DEFAULT_DB_ALIAS]
    return not (connection.in_atomic_block and _has_pending_bump(connection))


# --- The CSRF token: one per request, so a cached page can carry a placeholder instead -------------


def request_token(request: HttpRequest) -> str:
    token = getattr(request, "_page_csrf_token", None)
    if token is None:
        token = request._page_csrf_token = get_token(request)  # type: ignore[attr-defined]
    return token


def csrf(request: HttpRequest) -> dict:
    """Context processor in place of Django's built-in one: the same token for the whole request, so
    the cache can find it in the page."""
    return {"csrf_token": SimpleLazyObject(lambda: request_token(request))}


# --- The view decorator ----------------------------------------------------------------------------


def _key(request: HttpRequest, version: str, kind: str) -> str:
    user = request.user
    verified = user.is_verified() if hasattr(user, "is_verified") else None
    parts = [
        kind,
        _database_name(),
        version,
        str(user.pk),
        str(verified),
        get_language() or "",
        timezone.localdate().isoformat(),
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        request.headers.get("HX-Boosted", ""),
    ]
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _has_messages(request: HttpRequest) -> bool:
    return bool(len(get_messages(request)))


def _lookup(request: HttpRequest, kind: str) -> tuple[str | None, Any]:
    """(key, what is stored under it); no key when this request must not use the cache."""
    if (
        request.method != "GET"
        or not settings.PAGE_CACHE_SECONDS
        or not request.user.is_authenticated
        or _has_messages(request)
    ):
        return None, None
    version = data_version()
    if version is None:
        return None, None
    key = _key(request, version, kind)
    try:
        return key, _cache().get(key)
    except Exception:
        return key, None


def _store(key: str, value: Any) -> None:
    if not _may_store():
        return
    try:
        _cache().set(key, value, timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("page cache unreachable", exc_info=True)


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a GET page from the cache while no write happened since it was rendered for this person.

    Only for views that write nothing and whose page depends on nothing but the data, the person, the
    language, the address and the date.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key, stored = _lookup(request, "page")
        if stored is not None:
            return _answer(request, stored)
        response = view(request, *args, **kwargs)
        if key is not None and _storable(request, response):
            _store(key, _stored(request, response))
        return response

    return wrapper


def remember(request: HttpRequest, compute: Callable[[], T]) -> T:
    """What compute() gives for this GET request, computed once per data version, person and address.

    For reads that are not a rendered page (the API's data, after its own authentication and checks).
    """
    key, stored = _lookup(request, "data")
    if stored is not None:
        return stored
    value = compute()
    if key is not None:
        _store(key, value)
    return value


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
        and not _has_messages(request)
    )


def _stored(request: HttpRequest, response: HttpResponse) -> dict:
    body = response.content
    token = getattr(request, "_page_csrf_token", None)
    if token:
        body = body.replace(token.encode(), CSRF_PLACEHOLDER.encode())
    return {"body": body, "headers": {name: response[name] for name in KEPT_HEADERS if name in response}}


def _answer(request: HttpRequest, stored: dict) -> HttpResponse:
    body = stored["body"]
    if CSRF_PLACEHOLDER.encode() in body:
        body = body.replace(CSRF_PLACEHOLDER.encode(), request_token(request).encode())
    response = HttpResponse(body)
    for name, value in stored["headers"].items():
        response[name] = value
    return response
