"""CSV and XLSX downloads of a register, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from registers.specs import Register

# A cell starting with one of these is run as a formula by spreadsheets (CSV/formula injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text that a spreadsheet would read as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows(register: Register, records) -> list[list]:
    return [register.export_headers()] + [
        [safe_cell(value) for value in register.export_row(record)] for record in records
    ]


def csv_response(register: Register, records, filename: str) -> HttpResponse:
    # Semicolons and a BOM: Dutch Excel opens such a file in columns with the accents intact.
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in rows(register, records):
        writer.writerow(["" if value is None else value for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(register: Register, records, filename: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(register.title)[:31]
    for row in rows(register, records):
        sheet.append(row)
    for index, header in enumerate(register.export_headers(), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(header) + 4))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
