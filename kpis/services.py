"""Writes on measurements: recording, correcting and deleting, each kept in the measurement's history."""

from __future__ import annotations

from django.db import transaction

from kpis.models import KPI, Measurement
from taskforce.versioning import lock_at_version

# What a person may correct on a measurement they (or a colleague) typed in.
CORRECTABLE_FIELDS = ("date", "value", "note")


def _hand_typed():
    # A computed value follows its register; correcting it by hand would be overwritten the next day.
    return Measurement.objects.filter(computed=False)


def measurement_record(*, kpi: KPI, user, fields: dict) -> Measurement:
    measurement = Measurement(kpi=kpi, recorded_by=user, **{name: fields[name] for name in CORRECTABLE_FIELDS})
    measurement._history_user = user  # type: ignore[attr-defined]
    measurement.save()
    return measurement


def measurement_update(
    *, measurement_id: int, version: int | None, user, fields: dict, reason: str = ""
) -> Measurement:
    """Corrects a measurement when it is still at `version`; VersionConflict when someone else saved first.

    Raises Measurement.DoesNotExist when it was deleted in the meantime.
    """
    with transaction.atomic():
        measurement = lock_at_version(_hand_typed(), pk=measurement_id, version=version)
        if all(getattr(measurement, name) == fields[name] for name in CORRECTABLE_FIELDS):
            return measurement  # nothing to correct: no new version, no history entry
        for name in CORRECTABLE_FIELDS:
            setattr(measurement, name, fields[name])
        measurement.version += 1
        measurement._history_user = user
        measurement._change_reason = reason
        measurement.save()
    return measurement


def measurement_delete(*, measurement_id: int, version: int | None, user, reason: str) -> Measurement:
    """Deletes a measurement when it is still at `version`; its history keeps it, with who, when and why."""
    with transaction.atomic():
        measurement = lock_at_version(_hand_typed(), pk=measurement_id, version=version)
        measurement._history_user = user
        measurement._change_reason = reason
        measurement.delete()
    return measurement
