"""Reads for the KPI pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.template.defaultfilters import floatformat
from django.utils import formats

from kpis.models import KPI, Measurement
from taskforce.models import User

SHOWN_FIELDS = ("date", "value", "note")


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Correction:
    """One correction or deletion of a hand-typed measurement, as the "Correcties" list shows it."""

    when: dt.datetime
    who: User | None
    deleted: bool
    measured_on: str  # the measurement's date (after the correction; for a deletion, as it was)
    value: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _show(name: str, value) -> str:
    if value in (None, ""):
        return "—"
    if name == "date":
        return formats.date_format(value, "d-m-Y")
    if name == "value":
        return floatformat(value, "-2")
    return str(value)


def corrections(kpi: KPI, limit: int = 50) -> list[Correction]:
    """The corrections and deletions of this KPI's hand-typed measurements, newest first, in one query.

    Each correction is compared with the record before it of the same measurement (what it was then);
    a measurement recorded before history was kept has a record of how it stood then (migration 0004).
    """
    records = Measurement.history.filter(kpi_id=kpi.pk, computed=False).select_related("history_user")
    previous: dict[int, object] = {}
    found: list[Correction] = []
    for record in records.order_by("history_date", "history_id"):
        before = previous.get(record.id)
        previous[record.id] = record
        if record.history_type == "+":
            continue
        entry = Correction(
            when=record.history_date,
            who=record.history_user,
            deleted=record.history_type == "-",
            measured_on=_show("date", record.date),
            value=_show("value", record.value),
            reason=record.history_change_reason or "",
        )
        if not entry.deleted:
            for name in SHOWN_FIELDS:
                old = getattr(before, name) if before is not None else None
                new = getattr(record, name)
                if before is None or old != new:
                    label = str(Measurement._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
                    entry.changes.append(FieldChange(label=label, old=_show(name, old), new=_show(name, new)))
            if not entry.changes:
                continue
        found.append(entry)
    found.reverse()
    return found[:limit]
