"""The import in real Chromium: upload, the preview per row, confirm; the progress bar that polls."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from imports.models import ActionImport
from tests.conftest import axe_violations, screenshot
from tests.factories import make_action
from tests.imports.conftest import column, exported, row_of, saved
from workstreams.models import Action
from workstreams.services import action_update

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four", "eager")]


def test_member_uploads_an_edited_export_checks_the_preview_and_confirms(
    page, live_server, login, client, member, trekker, verbinden, tmp_path
):
    for title in ("Bedrijven benaderen", "Matchmaking organiseren", "Overzicht delen"):
        make_action(verbinden, title)
    a, b, c, d, e, f = Action.objects.filter(workstream=verbinden).order_by("pk")[:6]
    client.force_login(member)
    workbook, sheet = exported(client)
    status, owner, due = column(sheet, "Status"), column(sheet, "Eigenaar"), column(sheet, "Deadline")
    sheet.cell(row_of(sheet, a.pk), status, "Bezig")
    sheet.cell(row_of(sheet, b.pk), due, dt.datetime(2027, 1, 15))
    sheet.cell(row_of(sheet, c.pk), owner, str(member))
    sheet.cell(row_of(sheet, d.pk), status, "Geblokkeerd")
    sheet.cell(row_of(sheet, e.pk), 1, 999999)
    sheet.cell(row_of(sheet, f.pk), due, "=TODAY()+7")
    d = action_update(action_id=d.pk, version=d.version, user=trekker, fields={"title": "Hernoemd in de app"})
    path = tmp_path / "acties-bewerkt.xlsx"
    path.write_bytes(saved(workbook))

    login(page, member)
    page.goto(f"{live_server.url}/import/acties/")
    expect(page.get_by_text("Ten hoogste 20 MB")).to_be_visible()
    page.get_by_label("Bestand (XLSX of CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Inlezen en controleren").click()

    rows = page.get_by_test_id("import-rows")
    expect(page.get_by_test_id("import-counts")).to_contain_text("3 gewijzigd")
    expect(page.get_by_test_id("import-counts")).to_contain_text("1 conflict")
    expect(page.get_by_test_id("import-counts")).to_contain_text("2 fouten")
    expect(rows).to_contain_text("Status: Niet gestart → Bezig")
    expect(rows).to_contain_text("→ 15-01-2027")
    expect(rows).to_contain_text("Er is geen actie met nummer 999999.")
    expect(rows).to_contain_text("De kolom Deadline bevat een formule")
    expect(rows).to_contain_text("gewijzigd sinds de export")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 800})
    screenshot(page, "import-preview-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "import-preview-390")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("button", name="3 wijzigingen doorvoeren").click()
    expect(page.get_by_text("3 acties bijgewerkt.")).to_be_visible()
    expect(page.get_by_text("Doorgevoerd op")).to_be_visible()
    assert Action.objects.get(pk=a.pk).status == "in_progress"
    assert Action.objects.get(pk=d.pk).status == d.status


def test_the_progress_bar_follows_the_background_read_and_gives_way_to_the_preview(page, live_server, login, member):
    action_import = ActionImport.objects.create(
        created_by=member, filename="acties.xlsx", state="running", total=5000, done=1250
    )
    login(page, member)
    page.goto(f"{live_server.url}{action_import.get_absolute_url()}")
    expect(page.get_by_text("1250 van 5000 rijen gelezen.")).to_be_visible()
    expect(page.locator("progress")).to_have_attribute("value", "25")

    ActionImport.objects.filter(pk=action_import.pk).update(done=4000)
    expect(page.get_by_text("4000 van 5000 rijen gelezen.")).to_be_visible()
    ActionImport.objects.filter(pk=action_import.pk).update(state="ready", rows=[])
    expect(page.get_by_text("Er is niets door te voeren.")).to_be_visible()
    expect(page.locator("progress")).to_have_count(0)
