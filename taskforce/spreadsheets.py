"""CSV and XLSX downloads, safe to open in a spreadsheet: the one place every export is written.

Both formats get a header row and formula neutralising; CSV with semicolons and a byte-order mark
(what Excel with Dutch regional settings opens in columns with the accents intact), XLSX with a bold,
frozen header, column widths and filters.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# Spreadsheet programs run a cell that starts with one of these as a formula (CSV/formula injection,
# OWASP): tab and carriage return too, since some programs strip them and then read what follows.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """A text cell that a spreadsheet would read as a formula gets a leading apostrophe; others pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def filename(stem: str, *parts: str, today: dt.date | None = None) -> str:
    """A download name of letters, digits, "-" and "_" only: `stem-part-2026-11-30`."""
    words = [stem, *(part for part in parts if part)]
    if today is not None:
        words.append(f"{today:%Y-%m-%d}")
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in "-".join(words))


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def csv_response(name: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """`name` without extension; None becomes an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, f"{name}.csv")


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    # Write-only mode streams rows to the file instead of keeping a cell object per value.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(title)[:31])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(str(header)) + 4))
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}1"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(name: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """`name` without extension; `title` names the sheet (31 characters at most)."""
    return _attachment(HttpResponse(xlsx_bytes(title, headers, rows), content_type=XLSX_TYPE), f"{name}.xlsx")
