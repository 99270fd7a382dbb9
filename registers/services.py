"""Writes on register records: save, delete and restore, each kept in the record's history.

Every write is followed by the register-based KPIs' recount (registers.kpi_rules), so today's value on
dashboards, cards and in the digest follows the register at once; the daily job keeps the history.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from registers.kpi_rules import kpi_record_computed
from taskforce.versioning import lock_at_version


def record_save(*, record: Any, version: int | None, user) -> Any:
    """Saves a new record, or an edited one when it is still at `version` (VersionConflict otherwise).

    Raises the model's DoesNotExist when the record was deleted while it was being edited.
    """
    with transaction.atomic():
        if record.pk:
            stored = lock_at_version(type(record).objects, pk=record.pk, version=version)
            record.version = stored.version + 1
        record.updated_by = user
        record._history_user = user
        record.save()
    kpi_record_computed()
    return record


def record_delete(*, model: type[Any], pk: int, version: int | None, user, reason: str) -> Any:
    """Deletes a record when it is still at `version`; its history keeps it, with who, when and why."""
    with transaction.atomic():
        record = lock_at_version(model.objects, pk=pk, version=version)
        record._history_user = user
        record._change_reason = reason
        record.delete()
    kpi_record_computed()
    return record


class NotRestorable(Exception):
    """The record is not deleted (any more), or its last state no longer fits (e.g. a party now listed twice)."""


def record_restore(*, model: type[Any], pk: int, workstream_id: int, user) -> Any:
    """Brings a deleted record back as it was when it was deleted (same id), and recounts the KPIs."""
    history = model.history
    last = history.filter(id=pk, workstream_id=workstream_id).order_by("-history_date", "-history_id").first()
    if last is None or last.history_type != "-" or model.objects.filter(pk=pk).exists():
        raise NotRestorable
    record = last.instance
    record.version = last.version + 1
    record.updated_by = user
    record._history_user = user
    try:
        with transaction.atomic():
            record.save(force_insert=True)
            # save() stamps a new creation time; the record was made when it was first made.
            model.objects.filter(pk=pk).update(created_at=last.created_at)
    except IntegrityError as exc:  # a unique party or seed key taken again since, or a linked KPI gone
        raise NotRestorable from exc
    kpi_record_computed()
    return record
