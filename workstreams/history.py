"""An action's change history in words: who changed which field from what to what, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.utils import formats
from django.utils.translation import gettext as _

from recommendations.models import Recommendation
from taskforce.models import User
from workstreams.models import Action

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
    """
    records = list(action.history.select_related("history_user").order_by("history_id"))
    groups = [list(group) for _key, group in groupby(records, key=lambda r: (r.version, r.history_user_id))]
    diffs = []
    previous = None
    for group in groups:
        last = group[-1]
        delta = last.diff_against(previous, included_fields=TRACKED_FIELDS) if previous else None
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
                    field=change.field,
                    label=str(Action._meta.get_field(change.field).verbose_name),
                    old=names.show(change.field, change.old),
                    new=names.show(change.field, change.new),
                )
                for change in delta.changes
            ]
            if not entry.changes:
                continue
        entries.append(entry)
    return entries


class _Names:
    """Turns stored values (ids, codes, dates) into what people read, with one query per kind."""

    def __init__(self, diffs):
        user_ids, ws_ids = set(), set()
        for _first, _last, delta in diffs:
            for change in delta.changes if delta else ():
                if change.field == "owner":
                    user_ids.update(v for v in (change.old, change.new) if v)
                elif change.field == "workstream":
                    ws_ids.update(v for v in (change.old, change.new) if v)
        self.users = {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)} if user_ids else {}
        self.workstreams = {}
        if ws_ids:
            from workstreams.models import Workstream

            self.workstreams = {w.pk: w.name for w in Workstream.objects.filter(pk__in=ws_ids)}
        self._recommendations = None

    @property
    def recommendations(self) -> dict[int, int]:
        if self._recommendations is None:
            self._recommendations = dict(Recommendation.objects.values_list("pk", "number"))
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
            numbers = sorted(self.recommendations.get(row["recommendation"], 0) for row in value)
            return ", ".join(str(n) for n in numbers)
        return str(value)
