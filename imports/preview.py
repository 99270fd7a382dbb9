"""Reading an edited actions export (dashboards.exports.action_table) and judging each row.

Columns are found by their header, in Dutch or English (the export speaks the language of whoever
downloaded it). Read are Nummer, Status, Eigenaar, Deadline and Versie, and an optional column
"Nieuwe notitie" (a progress note per row); the others are left alone. Each row comes out as unchanged,
changed (old → new), error (why) or conflict (the action changed in the app since the export).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import load_workbook

from taskforce.permissions import can_edit_actions
from workstreams.forms import owner_choices
from workstreams.models import Action, Workstream

# Column keys and their headers as the export writes them (translated at run time, both languages).
COLUMNS = {
    "id": lambda: _("Nummer"),
    "status": lambda: _("Status"),
    "owner": lambda: _("Eigenaar"),
    "due_date": lambda: _("Deadline"),
    "version": lambda: _("Versie"),
    "note": lambda: _("Nieuwe notitie"),
    "title": lambda: _("Actie"),
}
REQUIRED = ("id", "status", "owner", "due_date", "version")
FORMULA = "formula"


class NotASpreadsheet(Exception):
    """The file as a whole cannot be read; the message says why, in words."""


@dataclass
class Cell:
    value: object
    formula: bool = False


@dataclass
class RowResult:
    line: int
    outcome: str  # unchanged, changed, error, conflict
    action_id: int | None = None
    title: str = ""
    version: int | None = None
    changes: list[dict] = field(default_factory=list)  # {"field", "label", "old", "new", "value"}
    note: str = ""
    messages: list[str] = field(default_factory=list)


def _headers() -> dict[str, str]:
    """{header as written, lower case: column key}, in every language of the app."""
    found = {}
    for language in ("nl", "en"):
        with override(language):
            for key, header in COLUMNS.items():
                found[str(header()).strip().lower()] = key
    return found


def read_table(content: bytes, filename: str) -> tuple[list[str], Iterator[list[Cell]], int]:
    """(headers, rows of cells, number of rows) of an XLSX's first sheet or a CSV (; or , separated)."""
    if filename.lower().endswith(".xlsx"):
        try:
            # Not data_only: a formula is reported as one, not replaced by the value Excel last saw.
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise NotASpreadsheet(_("Dit bestand is geen leesbaar Excel-bestand (XLSX).")) from exc
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows()
        header_row = next(rows, ())
        headers = ["" if c.value is None else str(c.value) for c in header_row]
        total = max((sheet.max_row or 1) - 1, 0)

        def cells() -> Iterator[list[Cell]]:
            for row in rows:
                yield [Cell(c.value, formula=c.data_type == "f") for c in row]
            workbook.close()

        return headers, cells(), total
    if filename.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise NotASpreadsheet(_("Dit CSV-bestand is niet in UTF-8 opgeslagen.")) from exc
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        if not lines:
            raise NotASpreadsheet(_("Het bestand is leeg."))
        body = lines[1:]
        return lines[0], ([Cell(v, formula=v.startswith("=")) for v in line] for line in body), len(body)
    raise NotASpreadsheet(_("Alleen Excel (.xlsx) en CSV worden ingelezen."))


def _blank(cells: list[Cell]) -> bool:
    return all(c.value is None or str(c.value).strip() == "" for c in cells)


class _Judge:
    """Everything a row is checked against, loaded once: the actions named in the file, their owners."""

    def __init__(self, user, action_ids: set[int]):
        self.user = user
        self.actions = {a.pk: a for a in Action.objects.filter(pk__in=action_ids).select_related("owner", "workstream")}
        self.owners: dict[int, dict[str, list[int]]] = {}
        self.owner_names: dict[int, str] = {}
        self.statuses: dict[str, str] = {}
        for language in ("nl", "en"):
            with override(language):
                for value, label in Action.Status.choices:
                    self.statuses[str(label).lower()] = value
        for value in Action.Status.values:
            self.statuses[value] = value

    def may_edit(self, action: Action) -> bool:
        return can_edit_actions(self.user, action.workstream_id)

    def owners_of(self, workstream: Workstream) -> dict[str, list[int]]:
        if workstream.pk not in self.owners:
            names: dict[str, list[int]] = defaultdict(list)
            for person in owner_choices(workstream):
                names[str(person).strip().lower()].append(person.pk)
                self.owner_names[person.pk] = str(person)
            self.owners[workstream.pk] = names
        return self.owners[workstream.pk]

    def judge(self, line: int, row: dict[str, Cell], duplicates: dict[int, list[int]]) -> RowResult:
        result = RowResult(line=line, outcome="error")
        for key, cell in row.items():
            if cell.formula:
                result.messages.append(
                    _("De kolom %(column)s bevat een formule; vul de waarde zelf in.") % {"column": COLUMNS[key]()}
                )
        action_id = _integer(row["id"].value)
        if result.messages:
            result.action_id = action_id
            if action_id in self.actions:
                result.title = self.actions[action_id].title
            return result
        if action_id is None:
            result.messages.append(_("Het nummer %(value)s is geen geheel getal.") % {"value": _shown(row["id"].value)})
            return result
        result.action_id = action_id
        action = self.actions.get(action_id)
        if action is None:
            result.messages.append(_("Er is geen actie met nummer %(id)s.") % {"id": action_id})
            return result
        result.title = action.title
        if len(duplicates[action_id]) > 1:
            others = ", ".join(str(n) for n in duplicates[action_id] if n != line)
            result.messages.append(
                _(
                    "Actie %(id)s staat meer dan eens in het bestand (ook op rij %(lines)s): "
                    "geen van deze rijen wordt gebruikt."
                )
                % {"id": action_id, "lines": others}
            )
            return result
        version = _integer(row["version"].value)
        if version is None:
            result.messages.append(
                _("De versie %(value)s is geen geheel getal.") % {"value": _shown(row["version"].value)}
            )
        result.version = version

        changes = []
        status = str(row["status"].value or "").strip()
        new_status = self.statuses.get(status.lower())
        if new_status is None:
            labels = ", ".join(str(label) for label in Action.Status.labels)
            result.messages.append(
                _("Onbekende status %(value)s; kies uit: %(labels)s.") % {"value": _shown(status), "labels": labels}
            )
        elif new_status != action.status:
            if new_status == Action.Status.DONE and not action.result.strip():
                result.messages.append(
                    _("Een afgeronde actie heeft een resultaat nodig: vul het eerst in op de pagina van de actie.")
                )
            changes.append(
                self._change("status", action.get_status_display(), Action.Status(new_status).label, new_status)
            )

        due, due_ok = _date(row["due_date"].value)
        if not due_ok:
            result.messages.append(
                _("De deadline %(value)s is geen datum (dd-mm-jjjj).") % {"value": _shown(row["due_date"].value)}
            )
        elif due != action.due_date:
            changes.append(self._change("due_date", _day(action.due_date), _day(due), due.isoformat() if due else None))

        owner_name = str(row["owner"].value or "").strip()
        owner_id: int | None = None
        if owner_name:
            matches = self.owners_of(action.workstream).get(owner_name.lower(), [])
            if action.owner_id and str(action.owner).strip().lower() == owner_name.lower():
                matches = [action.owner_id]  # the current owner stays valid after leaving the workstream
            if len(matches) != 1:
                result.messages.append(
                    _("Onbekende eigenaar %(value)s: geen (eenduidig) lid van werkstroom %(workstream)s.")
                    % {"value": _shown(owner_name), "workstream": action.workstream.name}
                )
            else:
                owner_id = matches[0]
        if owner_id != action.owner_id and not (owner_name and owner_id is None):
            new_name = self.owner_names.get(owner_id, str(action.owner)) if owner_id else "—"
            changes.append(self._change("owner", str(action.owner or "—"), new_name, owner_id))

        note_cell = row.get("note")
        result.note = str(note_cell.value).strip() if note_cell and note_cell.value is not None else ""
        if result.messages:
            return result
        if (changes or result.note) and not self.may_edit(action):
            result.messages.append(
                _("U mag de acties van werkstroom %(workstream)s niet wijzigen.")
                % {"workstream": action.workstream.name}
            )
            return result
        result.changes = changes
        if not changes and not result.note:
            result.outcome = "unchanged"
        elif changes and version != action.version:
            result.outcome = "conflict"
            result.messages.append(
                _("Deze actie is in de app gewijzigd sinds de export (versie %(old)s, nu %(new)s): niet overschreven.")
                % {"old": version, "new": action.version}
            )
        else:
            result.outcome = "changed"
        return result

    @staticmethod
    def _change(name: str, old, new, value) -> dict:
        label = str(Action._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        return {"field": name, "label": label[:1].upper() + label[1:], "old": str(old), "new": str(new), "value": value}


def _shown(value) -> str:
    return f"“{'' if value is None else value}”"


def _integer(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _date(value) -> tuple[dt.date | None, bool]:
    """(the date, whether the cell held one); an empty cell is no date, and valid."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, True
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    if isinstance(value, str):
        for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
            try:
                return dt.datetime.strptime(value.strip(), pattern).date(), True
            except ValueError:
                continue
    return None, False


def _day(value: dt.date | None) -> str:
    return formats.date_format(value, "d-m-Y") if value else "—"


def preview_rows(
    content: bytes, filename: str, *, user, progress: Callable[[int, int], None] = lambda done, total: None
) -> list[dict]:
    """Every non-blank row of the file, judged; progress(done, total) is told every 250 rows."""
    headers, cells, total = read_table(content, filename)
    known = _headers()
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = known.get(str(header).strip().lower())
        if key and key not in positions:
            positions[key] = index
    missing = [str(COLUMNS[key]()) for key in REQUIRED if key not in positions]
    if missing:
        raise NotASpreadsheet(
            _("Deze kolommen ontbreken: %(columns)s. Gebruik de export van de acties als begin.")
            % {"columns": ", ".join(missing)}
        )
    table: list[tuple[int, dict[str, Cell]]] = []
    for line, cells_of_row in enumerate(cells, start=2):
        if _blank(cells_of_row):
            continue
        width = len(cells_of_row)
        table.append((line, {key: cells_of_row[i] if i < width else Cell(None) for key, i in positions.items()}))
    progress(0, len(table))
    duplicates: dict[int, list[int]] = defaultdict(list)
    for line, row in table:
        action_id = _integer(row["id"].value)
        if action_id is not None:
            duplicates[action_id].append(line)
    judge = _Judge(user, set(duplicates))
    results = []
    for done, (line, row) in enumerate(table, start=1):
        results.append(asdict(judge.judge(line, row, duplicates)))
        if done % 250 == 0:
            progress(done, len(table))
    progress(len(table), len(table))
    return results
