import io

import pytest
from openpyxl import load_workbook

from taskforce.celery import app


@pytest.fixture
def eager(monkeypatch):
    """The preview task runs in the process that enqueues it (after the upload's commit)."""
    monkeypatch.setitem(app.conf, "task_always_eager", True)


def exported(client, workstream: str = "verbinden"):
    """The actions export of a workstream as the logged-in person downloads it, opened for editing."""
    response = client.get("/dashboard/export/actions.xlsx", {"workstream": workstream})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    return workbook, workbook.active


def column(sheet, header: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == header)


def row_of(sheet, action_id: int) -> int:
    return next(cell.row for cell in sheet["A"] if cell.value == action_id)


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
