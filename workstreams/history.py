"""An action's change history in words: who changed which field from what to what, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, cast

from django.db.models import Field
from django.utils import formats
from django.utils.translation import gettext as _

from taskforce.models import User
from workstreams.models import Action, Workstream, recommendation_model

# Made at run time by simple-history (the m2m_fields of Action's history), out of mypy's sight.
from workstreams.models import HistoricalAction_recommendations  # type: ignore[attr-defined]  # isort: skip

TRACKED_FIELDS = [
    "title",
    "description",
    "status",
    "owner",
    "due_date",
    "result",
    "evidence_url",
    "workstream",
    "recommendations",
]


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: User | None
    version: int
    created: bool = False
    changes: list[FieldChange] = field(default_factory=list)
    kind: str = "change"  # the timeline mixes these with progress notes


def history_entries(action: Action, after_version: int | None = None) -> list[HistoryEntry]:
    """Oldest first. One entry per save: the record of a save and those of its m2m change form one group.

    With after_version, only what changed after that version (what a person who loaded that
    version has not seen).

    Two queries however long the history is: the records, then the recommendations each record holds.
    simple-history's diff_against would query the m2m history twice per record.
    """
    records = list(action.history.select_related("history_user").order_by("history_id"))
    recommendations: dict[int, list[int]] = {record.history_id: [] for record in records}
    rows = HistoricalAction_recommendations.objects.filter(history__id=action.pk).values_list(
        "history_id", "recommendation_id"
    )
    for history_id, recommendation_id in rows:
        if history_id in recommendations:
            recommendations[history_id].append(recommendation_id)
    groups = [list(group) for _key, group in groupby(records, key=lambda r: (r.version, r.history_user_id))]
    diffs: list[tuple[Any, Any, list[tuple[str, object, object]] | None]] = []
    previous = None
    for group in groups:
        last = group[-1]
        delta = _diff(previous, last, recommendations) if previous else None
        diffs.append((group[0], last, delta))
        previous = last

    names = _Names(diffs)
    entries = []
    for first, last, delta in diffs:
        if after_version is not None and last.version <= after_version:
            continue
        entry = HistoryEntry(
            when=first.history_date, who=first.history_user, version=last.version, created=delta is None
        )
        if delta is not None:
            entry.changes = [
                FieldChange(
                    field=name,
                    label=str(_field(name).verbose_name),
                    old=names.show(name, old),
                    new=names.show(name, new),
                )
                for name, old, new in delta
            ]
            if not entry.changes:
                continue
        entries.append(entry)
    return entries


def _field(name: str) -> Field:
    # Every tracked name is a field of Action itself (no reverse relation), hence the cast.
    return cast(Field, Action._meta.get_field(name))


def _diff(old, new, recommendations: dict[int, list[int]]) -> list[tuple[str, object, object]]:
    """(field, old value, new value) for each tracked field that differs, by field name; ids for relations."""
    changes: list[tuple[str, object, object]] = []
    for name in sorted(TRACKED_FIELDS):
        if name == "recommendations":
            before = sorted(recommendations[old.history_id])
            after = sorted(recommendations[new.history_id])
        else:
            attname = _field(name).attname
            before, after = getattr(old, attname), getattr(new, attname)
        if before != after:
            changes.append((name, before, after))
    return changes


class _Names:
    """Turns stored values (ids, codes, dates) into what people read, with one query per kind."""

    def __init__(self, diffs):
        user_ids: set[int] = set()
        ws_ids: set[int] = set()
        for _first, _last, delta in diffs:
            for name, old, new in delta or ():
                if name == "owner":
                    user_ids.update(v for v in (old, new) if v)
                elif name == "workstream":
                    ws_ids.update(v for v in (old, new) if v)
        self.users = {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)} if user_ids else {}
        self.workstreams = {}
        if ws_ids:
            self.workstreams = {w.pk: w.name for w in Workstream.objects.filter(pk__in=ws_ids)}
        self._recommendations = None

    @property
    def recommendations(self) -> dict[int, int]:
        if self._recommendations is None:
            self._recommendations = dict(recommendation_model().objects.values_list("pk", "number"))
        return self._recommendations

    def show(self, name: str, value) -> str:
        if value in (None, "", []):
            return "—"
        if name == "status":
            return str(Action.Status(value).label) if value in Action.Status.values else value
        if name == "owner":
            return self.users.get(value, _("verwijderde gebruiker"))
        if name == "workstream":
            return self.workstreams.get(value, str(value))
        if name == "due_date":
            return formats.date_format(value, "d-m-Y")
        if name == "recommendations":
            numbers = sorted(self.recommendations.get(pk, 0) for pk in value)
            return ", ".join(str(n) for n in numbers)
        return str(value)
