"""Every XLSX download reads, cell by cell, as the files that openpyxl wrote before XlsxWriter took over.

`openpyxl_file` is a frozen copy of the earlier writer (openpyxl's write-only mode); each export is built
by the app, and its own headers and rows are written again by that copy. Both files are read back with
openpyxl and compared: values, cell types, number formats, the bold header, widths, panes and filter.
"""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils.safestring import mark_safe
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from registers.specs import REGISTERS
from taskforce import spreadsheets
from tests.factories import (
    make_action,
    make_budget_line,
    make_collaboration,
    make_commitment,
    make_deliverable,
    make_shortage,
    make_supporter,
)
from workstreams.models import Action

pytestmark = pytest.mark.django_db


def openpyxl_file(title, headers, rows) -> bytes:
    """The XLSX writer as it was (taskforce/spreadsheets.py with openpyxl 3.1.5), kept here to compare with."""
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
        sheet.append([spreadsheets.neutralise(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def described(data: bytes) -> dict:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    cells = []
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue  # an empty cell is empty, however a writer leaves it out
            cells.append(
                (cell.coordinate, cell.value, cell.data_type, cell.number_format, cell.is_date, bool(cell.font.bold))
            )
    return {
        "sheets": workbook.sheetnames,
        "cells": cells,
        "freeze_panes": sheet.freeze_panes,
        "auto_filter": sheet.auto_filter.ref,
        # Per column: a writer may store neighbouring columns of one width as one range.
        "widths": {
            column: dimension.width
            for dimension in sheet.column_dimensions.values()
            if dimension.customWidth
            for column in range(dimension.min, dimension.max + 1)
        },
    }


@pytest.fixture
def written(monkeypatch):
    """Each XLSX the app writes, with the headers and rows it was written from."""
    calls = []
    new_writer = spreadsheets.xlsx_bytes

    def recording(title, headers, rows):
        rows = list(rows)
        data = new_writer(title, headers, rows)
        calls.append((data, (title, list(headers), rows)))
        return data

    monkeypatch.setattr(spreadsheets, "xlsx_bytes", recording)
    return calls


def assert_same_as_before(client, written, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    data, arguments = written[-1]
    assert response.content == data
    before, after = described(openpyxl_file(*arguments)), described(data)
    assert len(after["cells"]) > 1 and after["widths"]
    assert after == before
    # The file states its size (openpyxl's write-only mode left it out), which read-only readers use.
    read_only = load_workbook(io.BytesIO(data), read_only=True).active
    full = load_workbook(io.BytesIO(data)).active
    assert (
        (read_only.max_row, read_only.max_column)
        == (full.max_row, full.max_column)
        == (len(arguments[2]) + 1, len(arguments[1]))
    )


@pytest.fixture
def data(taskforce, member, secretariat, verbinden, voorkomen):
    make_action(
        verbinden,
        '=HYPERLINK("http://evil.example","klik")',
        owner=member,
        status="blocked",
        due=dt.date(2026, 11, 20),
        result="+31 6 1234",
        evidence_url="https://example.org/bewijs",
    )
    make_action(voorkomen, "@SUM(A1)", due=dt.date(2027, 1, 5), result="-2+3\ttab")
    make_collaboration(verbinden, started_on=dt.date(2026, 11, 3), kind="fill_finish", note="=1+1")
    make_collaboration(verbinden, "Gewoon bedrijf", stage="lead")
    make_shortage(voorkomen, "Filters", medicines=True)
    make_supporter(verbinden, confirmed_on=dt.date(2026, 11, 10))
    make_deliverable(verbinden)
    line = make_budget_line(verbinden, amount="1234.56")
    make_commitment(line, secretariat, amount="0.56", status="paid")
    make_commitment(line, secretariat, amount="1500.00")


def test_the_dashboard_exports_read_as_before(client, viewer, written, data):
    with time_machine.travel(dt.datetime(2026, 12, 14, 12, 0, tzinfo=dt.UTC), tick=False):
        client.force_login(viewer)
        Action.objects.filter(title="@SUM(A1)").update(touched_at=dt.datetime(2026, 12, 1, 9, 30, 15, tzinfo=dt.UTC))
        for what in ("actions", "recommendations"):
            url = reverse("dashboard_export", args=[what, "xlsx"])
            for params in ({}, {"org": "EZK"}, {"workstream": "verbinden"}):
                assert_same_as_before(client, written, url, params)


def test_the_register_exports_read_as_before(client, viewer, written, data):
    client.force_login(viewer)
    for register in REGISTERS:
        for workstream in ("verbinden", "voorkomen"):
            response = client.get(reverse("registers:export", args=[workstream, register, "xlsx"]))
            if response.status_code == 404:  # a register that this workstream does not keep
                continue
            assert_same_as_before(client, written, reverse("registers:export", args=[workstream, register, "xlsx"]))


def test_the_budget_export_reads_as_before(client, secretariat, written, data):
    client.force_login(secretariat)
    assert_same_as_before(client, written, reverse("mandate:budget_export", args=["xlsx"]))


def test_dates_numbers_and_text_keep_their_types():
    headers = ["Datum", "Moment", "Tijd", "Duur", "Getal", "Bedrag", "Waar", "Tekst", "Leeg"]
    from decimal import Decimal

    rows = [
        [
            dt.date(2026, 11, 2),
            dt.datetime(2026, 11, 2, 13, 45, 10),
            dt.time(9, 30),
            dt.timedelta(hours=5),
            -3,
            Decimal("1500.25"),
            True,
            "=1+1",
            None,
        ],
        [None, None, None, None, 2.5, Decimal("0.56"), False, "", ""],
        [mark_safe("=x & <y>"), mark_safe(""), "tab\tin\nregels", "ë €", 10**12, -0.1, None, "\r=2", "a\x01b"],
    ]
    cleaned = [[v.replace("\x01", "") if isinstance(v, str) else v for v in row] for row in rows]
    before = described(openpyxl_file("Blad", headers, cleaned))  # openpyxl refused the control character
    after = described(spreadsheets.xlsx_bytes("Blad", headers, rows))
    assert after == before
    assert ("A2", dt.datetime(2026, 11, 2), "d", "yyyy-mm-dd", True, False) in after["cells"]
