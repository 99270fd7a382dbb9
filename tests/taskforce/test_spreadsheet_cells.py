"""Cells that a spreadsheet would run as a formula are neutralised, every prefix of them, in both formats."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from taskforce.spreadsheets import FORMULA_PREFIXES, csv_response, neutralise, xlsx_bytes

DANGEROUS = [
    "=1+1",
    "+31 20 123",
    "-2+3",
    "@SUM(A1:A2)",
    '\t=HYPERLINK("http://x")',
    "\r=cmd|' /C calc'!A0",
]


def test_the_prefixes_are_exactly_the_six_that_spreadsheets_run():
    assert set(FORMULA_PREFIXES) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_cell_starting_with_a_formula_prefix_gets_one_leading_apostrophe(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["\t", "\r", "=", "\t1", "\rtekst"])
def test_a_tab_or_carriage_return_at_the_start_is_neutralised_too(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["", "gewoon", "a=1", " =1", "1-2", "e-mail@x.nl", "tab\tin het midden", "'=al"])
def test_text_that_does_not_start_with_a_prefix_passes_unchanged(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [-5, 0, 3.5, Decimal("-1.5"), None, dt.date(2026, 11, 2), True])
def test_values_that_are_not_text_pass_unchanged(value):
    assert neutralise(value) is value


def test_a_csv_download_neutralises_tab_and_carriage_return_cells():
    response = csv_response("export", ["a", "b", "c"], [["\t=1", "\r=2", "ok"], [None, -3, "=x"]])
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows == [["a", "b", "c"], ["'\t=1", "'\r=2", "ok"], ["", "-3", "'=x"]]


def test_an_xlsx_download_neutralises_tab_and_carriage_return_cells():
    data = xlsx_bytes("Blad", ["a", "b", "c"], [["\t=1", "\r=2", -3]])
    sheet = load_workbook(io.BytesIO(data)).active
    tab, carriage_return, number = (cell.value for cell in sheet[2])
    assert (tab, number) == ("'\t=1", -3)
    assert carriage_return in ("'\r=2", "'\n=2")  # XML reads a carriage return back as a newline
