"""Writing the audit log: one entry at a time onto the chain, and retention into archive files."""

from __future__ import annotations

import datetime as dt
import json
import os
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from audit.models import GENESIS, ChainHead, Entry, Kind
from taskforce.middleware import client_ip

# The request being served, so that signal receivers (a membership saved, a token revoked) can say
# from where without every caller passing it on. Set by audit.middleware.AuditMiddleware.
current_request: ContextVar[HttpRequest | None] = ContextVar("audit_current_request", default=None)


def _cut(value: Any, length: int) -> str:
    return "" if value is None else str(value)[:length]


def _describe(obj: Model) -> str:
    try:
        return str(obj)
    except Exception:  # an object the request just deleted may no longer reach its relations
        return f"{obj._meta.verbose_name} {obj.pk}"


def _actor(user) -> tuple[int | None, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, ""
    return user.pk, user.get_username()


def record(
    kind: Kind | str,
    *,
    user=None,
    username: str = "",
    text: str = "",
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    request: HttpRequest | None = None,
) -> Entry:
    """Appends one entry. Who: `user` (else the request's user; `username` for one who is not logged
    in); from where: the request's client address (TRUSTED_PROXY_COUNT), user agent, method and path.

    Runs inside the caller's transaction: a change that rolls back takes its entry with it, and the
    chain head's row lock, held until commit, keeps concurrent writers in one line.
    """
    request = request if request is not None else current_request.get()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    user_id, name = _actor(user)
    fields: dict[str, Any] = {
        "kind": str(kind),
        "user_id": user_id,
        "username": _cut(name or username, 150),
        "text": _cut(text, 500),
    }
    if request is not None:
        fields |= {
            "ip": _cut(client_ip(request), 45),
            "user_agent": _cut(request.META.get("HTTP_USER_AGENT"), 300),
            "method": _cut(request.method, 10),
            "path": _cut(request.get_full_path(), 500),
        }
    if obj is not None:
        object_type, object_id, object_repr = obj._meta.label_lower, obj.pk, _describe(obj)
    fields |= {
        "object_type": _cut(object_type, 100),
        "object_id": _cut(object_id, 64),
        "object_repr": _cut(object_repr, 200),
    }
    # No savepoint of its own: an entry that fails to be written fails the caller's transaction too.
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        entry = Entry(seq=head.last_seq + 1, at=timezone.now(), prev_hash=head.last_hash, **fields)
        entry.hash = entry.compute_hash()
        entry.save()
        ChainHead.objects.filter(pk=head.pk).update(last_seq=entry.seq, last_hash=entry.hash)
    return entry


def _locked_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    # First entry ever (or a database emptied by a test): start where the table ends, if it holds any.
    last = Entry.objects.order_by("-seq").first()
    ChainHead.objects.get_or_create(
        pk=1, defaults={"last_seq": last.seq if last else 0, "last_hash": last.hash if last else GENESIS}
    )
    return ChainHead.objects.select_for_update().get(pk=1)


def archive(*, now: dt.datetime | None = None) -> tuple[int, Path | None]:
    """Moves entries older than AUDIT_RETENTION_DAYS into a JSON-lines file (each line an entry with its
    hashes) in AUDIT_ARCHIVE_DIR, then removes them and anchors the chain on the last one's hash.

    The file is written and flushed to disk before anything is removed; should the removal fail, the
    next run writes the same entries again into a new file (the duplicates are identical).
    Returns (how many, the file).
    """
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    folder = Path(settings.AUDIT_ARCHIVE_DIR)
    with transaction.atomic():
        head = _locked_head()
        old = list(Entry.objects.filter(at__lt=cutoff).order_by("seq"))
        # Only a leading run can go, so the chain left behind starts right after the anchor.
        first_kept = Entry.objects.filter(at__gte=cutoff).order_by("seq").values_list("seq", flat=True).first()
        if first_kept is not None:
            old = [entry for entry in old if entry.seq < first_kept]
        if not old:
            return 0, None
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"audit-{old[0].seq:012d}-{old[-1].seq:012d}.jsonl"
        with path.open("w", encoding="utf-8") as file:
            for entry in old:
                file.write(json.dumps({**entry.content(), "hash": entry.hash}, ensure_ascii=False) + "\n")
            file.flush()
            os.fsync(file.fileno())
        Entry.objects.filter(seq__lte=old[-1].seq)._purge()
        ChainHead.objects.filter(pk=head.pk).update(
            anchor_seq=old[-1].seq, anchor_hash=old[-1].hash, anchor_file=path.name
        )
        record(
            Kind.ARCHIVED,
            text=f"{len(old)} entries #{old[0].seq}–#{old[-1].seq} → {path.name} (last hash {old[-1].hash})",
        )
    return len(old), path
