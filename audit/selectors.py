"""Reads for the audit page and its export: the entries that match the secretariat's filters."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.models import Entry


def entries_filtered(
    *,
    person: str = "",
    kind: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    object_type: str = "",
    object_id: str = "",
) -> QuerySet[Entry]:
    """Newest first. `person` matches the username snapshot (part of it) or the user id; the dates are
    whole days in the app's time zone, both included."""
    entries = Entry.objects.order_by("-seq")
    if person:
        match = Q(username__icontains=person)
        if person.isdigit():
            match |= Q(user_id=int(person))
        entries = entries.filter(match)
    if kind:
        entries = entries.filter(kind=kind)
    if start:
        entries = entries.filter(at__gte=_midnight(start))
    if end:
        entries = entries.filter(at__lt=_midnight(end + dt.timedelta(days=1)))
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    return entries


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def object_types() -> list[str]:
    """The kinds of object that occur in the log, for the filter."""
    return list(
        Entry.objects.exclude(object_type="").order_by("object_type").values_list("object_type", flat=True).distinct()
    )
