"""The one optimistic lock of the app: a save or delete that started from an older version is refused.

Actions, KPI measurements and register records each carry a `version` that moves on by one with every
save. A person's form carries the version they loaded; the service locks the row, compares, and refuses
with VersionConflict when someone else saved in between, so nobody silently overwrites another's change.
The row lock makes two simultaneous saves queue up: the second one then sees the new version.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction


class VersionConflict(Exception):
    """Somebody saved the object after this person loaded it: their save (or delete) is refused."""

    def __init__(self, current: Any):
        super().__init__(f"{type(current).__name__} {current.pk} is at version {current.version}")
        self.current = current


def lock_at_version(queryset: models.QuerySet | models.Manager, *, pk: int, version: int | None) -> Any:
    """The row, locked until the transaction ends, when it is still at `version`; VersionConflict otherwise.

    Raises the model's DoesNotExist when the row is gone (deleted by someone else).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_at_version() holds its lock only inside transaction.atomic()")
    current = queryset.select_for_update().get(pk=pk)
    if current.version != version:
        raise VersionConflict(current)
    return current
