"""Actions and recommendations as CSV and XLSX, for briefings; the same status rule as the dashboards."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from dashboards.selectors import action_scope, recommendation_rows
from taskforce.models import Deadline, Organisation, User
from workstreams.models import Action

# Spreadsheet programs run a cell that starts with one of these as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def action_table(*, deadline: Deadline, org: Organisation | None = None) -> tuple[list[str], list[list]]:
    headers = [
        _("Nummer"),
        _("Werkstroom"),
        _("Actie"),
        _("Status"),
        _("Eigenaar"),
        _("Organisatie eigenaar"),
        _("Deadline"),
        _("Over de deadline"),
        _("Aanbevelingen"),
        _("Resultaat"),
        _("Link naar bewijs"),
        _("Laatst bijgewerkt"),
    ]
    actions = Action.objects.filter(action_scope(org))
    # Plain values rather than model instances, and the numbers as (action, number) pairs rather than
    # prefetched objects: thousands of rows in a fixed number of queries, without an object per cell.
    numbers = defaultdict(list)
    pairs = Action.recommendations.through.objects.filter(action__in=actions).values_list(
        "action_id", "recommendation__number"
    )
    for action_id, number in pairs.order_by("recommendation__number"):
        numbers[action_id].append(number)
    overdue = set(actions.overdue(deadline.today).values_list("pk", flat=True))
    statuses = {value: str(label) for value, label in Action.Status.choices}
    yes, no = _("ja"), _("nee")
    owners = _OwnerNames()
    values = actions.values_list(
        "pk",
        "workstream__name",
        "title",
        "status",
        "owner_id",
        "owner__username",
        "owner__first_name",
        "owner__last_name",
        "owner__organisation__short_name",
        "due_date",
        "result",
        "evidence_url",
        "touched_at",
    )
    rows = []
    for (
        pk,
        workstream,
        title,
        status,
        owner_id,
        username,
        first,
        last,
        org_name,
        due,
        result,
        url,
        touched,
    ) in values.iterator(chunk_size=2000):
        rows.append(
            [
                pk,
                workstream,
                title,
                statuses.get(status, status),
                owners.name(owner_id, username, first, last),
                org_name or "",
                due,
                yes if pk in overdue else no,
                ", ".join(str(number) for number in numbers[pk]),
                result,
                url,
                timezone.localtime(touched).replace(tzinfo=None, microsecond=0),
            ]
        )
    return headers, rows


class _OwnerNames:
    """An owner's name as User.__str__ gives it, worked out once per person."""

    def __init__(self):
        self._names: dict[int, str] = {}

    def name(self, pk: int | None, username: str, first_name: str, last_name: str) -> str:
        if pk is None:
            return ""
        if pk not in self._names:
            self._names[pk] = str(User(pk=pk, username=username, first_name=first_name, last_name=last_name))
        return self._names[pk]


def recommendation_table(*, deadline: Deadline, org: Organisation | None = None) -> tuple[list[str], list[list]]:
    headers = [
        _("Nummer"),
        _("Aanbeveling"),
        _("Eigenaren"),
        _("Thema"),
        _("Wijze van opvolging"),
        _("Werkstromen"),
        _("Status"),
        _("Toelichting status"),
        _("Acties open"),
        _("Acties afgerond"),
    ]
    rows = [
        [
            row.recommendation.number,
            row.recommendation.title,
            ", ".join(str(owner) for owner in row.owners),
            row.recommendation.get_theme_display(),
            row.recommendation.get_tracking_display(),
            ", ".join(ws.name for ws in row.workstreams),
            row.status.label,
            " ".join(row.status.reasons),
            row.figures.open,
            row.figures.done,
        ]
        for row in recommendation_rows(deadline=deadline, org=org)
    ]
    return headers, rows


def _filename(stem: str, org: Organisation | None, today: dt.date, extension: str) -> str:
    suffix = f"-{org.short_name}" if org else ""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in f"{stem}{suffix}-{today:%Y-%m-%d}")
    return f"{safe}.{extension}"


def csv_response(stem: str, headers: list[str], rows: list[list], *, org, today: dt.date) -> HttpResponse:
    buffer = io.StringIO()
    # Semicolons and a byte-order mark: what Excel with Dutch regional settings opens without a wizard.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, org, today, "csv")}"'
    return response


def xlsx_bytes(title: str, headers: list[str], rows: list[list]) -> bytes:
    # Write-only mode streams rows to the file instead of keeping a cell object per value.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(stem: str, title: str, headers: list[str], rows: list[list], *, org, today: dt.date) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(title, headers, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, org, today, "xlsx")}"'
    return response
