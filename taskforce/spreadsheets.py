"""CSV and XLSX downloads, safe to open in a spreadsheet: the one place every export is written.

Both formats get a header row and formula neutralising; CSV with semicolons and a byte-order mark
(what Excel with Dutch regional settings opens in columns with the accents intact), XLSX with a bold,
frozen header, column widths and filters.

XLSX is written here as the few XML parts a one-sheet workbook needs, each row straight into the zip
as text: no object per cell. openpyxl's write-only mode and XlsxWriter's constant-memory mode both spend
tens of microseconds on every cell, seconds on 5,000 actions; this takes a tenth of a second. The files
read as openpyxl wrote them (tests/taskforce/test_spreadsheet_files.py compares them cell by cell).
CSV is streamed to the client in chunks of rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

# Spreadsheet programs run a cell that starts with one of these as a formula (CSV/formula injection,
# OWASP): tab and carriage return too, since some programs strip them and then read what follows.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows per chunk of a streamed CSV: one write to the socket per chunk rather than per row.
CSV_CHUNK_ROWS = 500
# The number formats openpyxl gave dates and times, which the files have always had.
DATE_FORMATS = {
    dt.datetime: "yyyy-mm-dd h:mm:ss",
    dt.date: "yyyy-mm-dd",
    dt.time: "h:mm:ss",
    dt.timedelta: "[hh]:mm:ss",
}
# Style numbers in the workbook's styles.xml: 0 plain, 1 the bold header, then one per date format.
BOLD_STYLE = 1
DATE_STYLES = {kind: 2 + index for index, kind in enumerate(DATE_FORMATS)}
XLSX_CHUNK_ROWS = 1000
ILLEGAL_XML_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


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


def _attachment(response: HttpResponse | StreamingHttpResponse, name: str):
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def csv_chunks(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The CSV text in chunks of CSV_CHUNK_ROWS rows, the first starting with the byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    buffer.write("\ufeff")
    writer.writerow(headers)
    for number, row in enumerate(rows, start=1):
        writer.writerow(["" if value is None else neutralise(value) for value in row])
        if number % CSV_CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _in_language(language: str | None, chunks: Iterator[str]) -> Iterator[str]:
    # The rows may be a lazy generator that translates words ("ja", "nee") while the server sends it.
    with translation.override(language):
        yield from chunks


def csv_response(name: str, headers: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """`name` without extension; None becomes an empty cell."""
    chunks = _in_language(translation.get_language(), csv_chunks(headers, rows))
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    return _attachment(response, f"{name}.csv")


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """One sheet: a bold, frozen header with filters and widths, then the rows, streamed into the zip."""
    # The sheet's size comes first in the file (openpyxl's read-only mode, the imports app, counts rows by it).
    rows = rows if isinstance(rows, list) else list(rows)
    width = max([len(headers), *(len(row) for row in rows)] or [1])
    buffer = io.BytesIO()
    columns = [get_column_letter(index) for index in range(1, max(width, 1) + 1)]
    sheet_name = str(title)[:31]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for path, text in _package_parts(sheet_name, len(headers)).items():
            package.writestr(path, text)
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            dimension = f"A1:{columns[width - 1]}{len(rows) + 1}" if width else "A1"
            sheet.write(_sheet_head(headers, dimension).encode())
            chunk = [_header_row(headers, columns)]
            for number, row in enumerate(rows, start=2):
                cells = [f'<row r="{number}">']
                for column, value in enumerate(row):
                    # Text and whole numbers, most cells, inline; the rest through _cell.
                    kind = type(value)
                    if kind is str:
                        if value:
                            if value.startswith(FORMULA_PREFIXES):
                                value = "'" + value
                            cells.append(
                                f'<c r="{columns[column]}{number}" t="inlineStr"><is><t xml:space="preserve">'
                                f"{_xml_text(value)}</t></is></c>"
                            )
                    elif kind is int:
                        cells.append(f'<c r="{columns[column]}{number}"><v>{value}</v></c>')
                    elif value is not None and (cell := _cell(value)):
                        cells.append(f'<c r="{columns[column]}{number}"{cell}</c>')
                cells.append("</row>")
                chunk.append("".join(cells))
                if len(chunk) >= XLSX_CHUNK_ROWS:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            chunk.append("</sheetData>")
            if headers:
                chunk.append(f'<autoFilter ref="A1:{columns[len(headers) - 1]}1"/>')
            chunk.append("</worksheet>")
            sheet.write("".join(chunk).encode())
    return buffer.getvalue()


def _cell(value) -> str:
    """The attributes and content of one cell after `<c r="A1"`, or "" for an empty one."""
    kind = type(value)
    if kind is str or isinstance(value, str):
        if not value:
            return ""
        return f' t="inlineStr"><is><t xml:space="preserve">{_xml_text(neutralise(str(value)))}</t></is>'
    if value is None:
        return ""
    if kind is bool:
        return f' t="b"><v>{int(value)}</v>'
    if kind is int or kind is Decimal:
        return f"><v>{value}</v>"
    if kind is float:
        return f"><v>{value!r}</v>"
    style = DATE_STYLES.get(kind)
    if style is not None:
        return f' s="{style}"><v>{to_excel(value)!r}</v>'
    raise TypeError(f"Cannot write {kind.__name__} to a spreadsheet: {value!r}")


def _xml_text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Characters XML 1.0 cannot hold at all; openpyxl refused the whole file for one of them.
    return ILLEGAL_XML_CHARACTERS.sub("", text) if ILLEGAL_XML_CHARACTERS.search(text) else text


def _header_row(headers: Sequence[str], columns: list[str]) -> str:
    cells = "".join(
        f'<c r="{columns[index]}1" s="{BOLD_STYLE}" t="inlineStr"><is><t xml:space="preserve">'
        f"{_xml_text(str(header))}</t></is></c>"
        for index, header in enumerate(headers)
    )
    return f'<row r="1">{cells}</row>'


def _sheet_head(headers: Sequence[str], dimension: str) -> str:
    widths = "".join(
        f'<col min="{index}" max="{index}" width="{max(12, min(40, len(str(header)) + 4))}" customWidth="1"/>'
        for index, header in enumerate(headers, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        f'<dimension ref="{dimension}"/>'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        "</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>' + (f"<cols>{widths}</cols>" if widths else "") + "<sheetData>"
    )


def _package_parts(sheet_name: str, header_count: int) -> dict[str, str]:
    """The parts around the one sheet: content types, relations, the workbook and its styles."""
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    quoted = "'" + sheet_name.replace("'", "''") + "'"
    filter_name = ""
    if header_count:
        reference = f"{quoted}!$A$1:${get_column_letter(header_count)}$1"
        filter_name = (
            '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            f"{_xml_text(reference)}</definedName></definedNames>"
        )
    number_formats = "".join(
        f'<numFmt numFmtId="{164 + index}" formatCode="{code}"/>' for index, code in enumerate(DATE_FORMATS.values())
    )
    date_styles = "".join(
        f'<xf numFmtId="{164 + index}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        for index in range(len(DATE_FORMATS))
    )
    return {
        "[Content_Types].xml": head + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>",
        "_rels/.rels": head + f'<Relationships xmlns="{PACKAGE_REL_NS}">'
        f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": head + f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        f'<sheets><sheet name="{_xml_text(sheet_name)}" sheetId="1" r:id="rId1"/></sheets>'
        f"{filter_name}</workbook>",
        "xl/_rels/workbook.xml.rels": head + f'<Relationships xmlns="{PACKAGE_REL_NS}">'
        f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/>'
        "</Relationships>",
        "xl/styles.xml": head + f'<styleSheet xmlns="{MAIN_NS}">'
        f'<numFmts count="{len(DATE_FORMATS)}">{number_formats}</numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{2 + len(DATE_FORMATS)}">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        f"{date_styles}</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>",
    }


def xlsx_response(name: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """`name` without extension; `title` names the sheet (31 characters at most)."""
    return _attachment(HttpResponse(xlsx_bytes(title, headers, rows), content_type=XLSX_TYPE), f"{name}.xlsx")
