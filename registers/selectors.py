"""Reads for the register pages."""

from __future__ import annotations

from typing import Any


def deleted_records(model: type[Any], workstream_id: int, limit: int = 50) -> list:
    """How each deleted record of this workstream that is still gone was at its deletion, newest first.

    A record deleted, restored and deleted again is listed once, with its last deletion.
    """
    records = (
        model.history.filter(workstream_id=workstream_id, history_type="-")
        .exclude(id__in=model.objects.values("pk"))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    latest: dict[int, object] = {}
    for record in records:
        latest.setdefault(record.id, record)
        if len(latest) == limit:
            break
    return list(latest.values())
