"""Actions and recommendations as CSV and XLSX, for briefings; the same status rule as the dashboards."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from taskforce.dashboard import action_scope, recommendation_rows
from taskforce.models import Deadline, Organisation
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
    actions = (
        Action.objects.filter(action_scope(org))
        .select_related("workstream", "owner__organisation")
        .prefetch_related("recommendations")
    )
    rows = [
        [
            action.pk,
            action.workstream.name,
            action.title,
            action.get_status_display(),
            str(action.owner) if action.owner else "",
            str(action.owner.organisation) if action.owner and action.owner.organisation else "",
            action.due_date,
            _("ja") if action.is_overdue(deadline.today) else _("nee"),
            ", ".join(str(rec.number) for rec in action.recommendations.all()),
            action.result,
            action.evidence_url,
            timezone.localtime(action.touched_at).replace(tzinfo=None, microsecond=0),
        ]
        for action in actions
    ]
    return headers, rows


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
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    sheet.freeze_panes = "A2"
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
