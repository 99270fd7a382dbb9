"""Updating actions from an edited export: the preview per row, then all at once on confirmation."""

import datetime as dt
import time

import pytest
from django.urls import reverse

from imports.models import ActionImport
from imports.preview import preview_rows
from tests.factories import EXE_BYTES, PDF_BYTES, make_action, upload
from tests.imports.conftest import column, exported, row_of, saved
from workstreams.models import Action
from workstreams.services import action_update

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four", "eager")]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def six_actions(verbinden):
    """Verbinden's three seeded actions and three more, all not started."""
    for title in ("Bedrijven benaderen", "Matchmaking organiseren", "Overzicht delen"):
        make_action(verbinden, title)
    Action.objects.filter(workstream=verbinden).update(status="not_started")


def _verbinden() -> list[Action]:
    return list(Action.objects.filter(workstream__slug="verbinden").order_by("pk"))


def _upload(client, content: bytes, name: str = "acties.xlsx", django_capture_on_commit_callbacks=None):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:new"), {"file": upload(name, content, XLSX)})
    return response


def test_an_edited_export_changes_three_actions_conflicts_on_one_and_refuses_two_rows(
    client, member, trekker, django_capture_on_commit_callbacks
):
    a, b, c, d, e, f, *_rest = _verbinden()
    client.force_login(member)
    workbook, sheet = exported(client)
    status, owner, due = column(sheet, "Status"), column(sheet, "Eigenaar"), column(sheet, "Deadline")
    note = sheet.max_column + 1
    sheet.cell(1, note, "Nieuwe notitie")
    sheet.cell(row_of(sheet, a.pk), status, "Bezig")
    sheet.cell(row_of(sheet, a.pk), note, "Gestart met de inventarisatie")
    sheet.cell(row_of(sheet, b.pk), due, dt.datetime(2027, 1, 15))
    sheet.cell(row_of(sheet, c.pk), owner, str(member))
    sheet.cell(row_of(sheet, d.pk), status, "Geblokkeerd")  # ... but the trekker changes it in the app first
    sheet.cell(row_of(sheet, e.pk), 1, 999999)  # an unknown number
    sheet.cell(row_of(sheet, f.pk), due, "=TODAY()+7")  # a formula
    action_update(action_id=d.pk, version=d.version, user=trekker, fields={"title": "Hernoemd in de app"})

    response = _upload(client, saved(workbook), django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    action_import = ActionImport.objects.get()
    assert response.status_code == 302 and response.url == action_import.get_absolute_url()
    assert action_import.state == "ready"
    assert action_import.counts() == {"changed": 3, "conflict": 1, "error": 2, "unchanged": len(_verbinden()) - 6}
    by_id = {row["action_id"]: row for row in action_import.rows}
    assert [(ch["label"], ch["old"], ch["new"]) for ch in by_id[a.pk]["changes"]] == [
        ("Status", "Niet gestart", "Bezig")
    ]
    assert by_id[b.pk]["changes"][0]["new"] == "15-01-2027"
    assert by_id[c.pk]["changes"][0]["new"] == str(member)
    assert "gewijzigd sinds de export (versie 1, nu 2)" in by_id[d.pk]["messages"][0]
    assert by_id[999999]["messages"] == ["Er is geen actie met nummer 999999."]
    assert by_id[f.pk]["messages"] == ["De kolom Deadline bevat een formule; vul de waarde zelf in."]
    assert Action.objects.get(pk=a.pk).status == "not_started", "nothing saved before confirming"

    page = client.get(action_import.get_absolute_url()).content.decode()
    assert "Niet gestart → Bezig" in page and "3 wijzigingen doorvoeren" in page

    response = client.post(reverse("imports:confirm", args=[action_import.pk]))
    assert response.status_code == 302
    a2, b2, c2, d2 = (Action.objects.get(pk=x.pk) for x in (a, b, c, d))
    assert (a2.status, a2.version, a2.notes.get().text) == ("in_progress", 2, "Gestart met de inventarisatie")
    assert b2.due_date == dt.date(2027, 1, 15) and c2.owner == member
    assert (d2.status, d2.title) == (d.status, "Hernoemd in de app"), "the conflict was not overwritten"
    assert a2.history.order_by("-history_id").first().history_user == member
    assert ActionImport.objects.get().state == "applied"
    # Confirming twice does nothing more.
    client.post(reverse("imports:confirm", args=[action_import.pk]))
    assert Action.objects.get(pk=a.pk).version == 2


def test_a_change_made_between_preview_and_confirmation_undoes_the_whole_import(
    client, member, trekker, django_capture_on_commit_callbacks
):
    a, b, *_rest = _verbinden()
    client.force_login(member)
    workbook, sheet = exported(client)
    sheet.cell(row_of(sheet, a.pk), column(sheet, "Status"), "Bezig")
    sheet.cell(row_of(sheet, b.pk), column(sheet, "Status"), "Bezig")
    _upload(client, saved(workbook), django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    action_update(action_id=b.pk, version=b.version, user=trekker, fields={"title": "Tussendoor"})

    response = client.post(reverse("imports:confirm", args=[ActionImport.objects.get().pk]), follow=True)
    assert f"Actie {b.pk} is gewijzigd na het inlezen: niets is opgeslagen." in response.content.decode()
    assert Action.objects.get(pk=a.pk).status == "not_started"
    assert ActionImport.objects.get().state == "ready"


def test_rows_of_a_workstream_the_person_may_not_change_are_refused(
    client, other_member, django_capture_on_commit_callbacks
):
    a = _verbinden()[0]
    client.force_login(other_member)
    workbook, sheet = exported(client)
    sheet.cell(row_of(sheet, a.pk), column(sheet, "Status"), "Bezig")
    _upload(client, saved(workbook), django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    rows = {row["action_id"]: row for row in ActionImport.objects.get().rows}
    assert rows[a.pk]["messages"] == ["U mag de acties van werkstroom Verbinden niet wijzigen."]
    assert {row["outcome"] for aid, row in rows.items() if aid != a.pk} == {"unchanged"}


def test_a_csv_with_duplicates_wrong_types_and_unknown_values_gets_a_message_per_row(
    client, member, django_capture_on_commit_callbacks
):
    a, b, c, *_rest = _verbinden()
    client.force_login(member)
    lines = [
        "Nummer;Status;Eigenaar;Deadline;Versie",
        f"{a.pk};Bezig;;;1",
        f"{a.pk};Afgerond;;;1",
        f"{b.pk};Misschien;;;1",
        f"{c.pk};Niet gestart;Niemand Bekend;31-02-2027;een",
        "abc;Bezig;;;1",
        ";;;;",
    ]
    content = ("\ufeff" + "\r\n".join(lines)).encode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:new"), {"file": upload("acties.csv", content, "text/csv")})
    rows = ActionImport.objects.get().rows
    assert [row["line"] for row in rows] == [2, 3, 4, 5, 6], "the blank line is left out"
    messages = [row["messages"] for row in rows]
    assert messages[0] == [
        f"Actie {a.pk} staat meer dan eens in het bestand (ook op rij 3): geen van deze rijen wordt gebruikt."
    ]
    assert messages[1][0].endswith("(ook op rij 2): geen van deze rijen wordt gebruikt.")
    assert messages[2][0].startswith("Onbekende status “Misschien”; kies uit: Niet gestart, Bezig")
    assert messages[3] == [
        "De versie “een” is geen geheel getal.",
        "De deadline “31-02-2027” is geen datum (dd-mm-jjjj).",
        "Onbekende eigenaar “Niemand Bekend”: geen (eenduidig) lid van werkstroom Verbinden.",
    ]
    assert messages[4] == ["Het nummer “abc” is geen geheel getal."]
    assert {row["outcome"] for row in rows} == {"error"}


@pytest.mark.parametrize(
    ("name", "content"),
    [("acties.xlsx", EXE_BYTES), ("acties.xlsx", PDF_BYTES), ("acties.csv", PDF_BYTES), ("acties.docx", PDF_BYTES)],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_at_once(client, member, name, content):
    client.force_login(member)
    response = client.post(reverse("imports:new"), {"file": upload(name, content)})
    assert response.status_code == 400
    assert "Dit bestand is geen spreadsheet" in response.content.decode()
    assert not ActionImport.objects.exists()


def test_a_spreadsheet_without_the_exports_columns_says_which_are_missing(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:new"), {"file": upload("lijst.csv", b"Naam;Status\nx;Bezig\n", "text/csv")})
    action_import = ActionImport.objects.get()
    assert action_import.state == "failed"
    assert action_import.error == (
        "Deze kolommen ontbreken: Nummer, Eigenaar, Deadline, Versie. Gebruik de export van de acties als begin."
    )
    assert "Deze kolommen ontbreken" in client.get(action_import.get_absolute_url()).content.decode()


def test_while_the_file_is_read_the_page_polls_a_progress_bar(client, member):
    action_import = ActionImport.objects.create(
        created_by=member, filename="a.xlsx", state="running", total=400, done=100
    )
    client.force_login(member)
    page = client.get(action_import.get_absolute_url()).content.decode()
    progress_url = reverse("imports:progress", args=[action_import.pk])
    assert f'data-hx-get="{progress_url}" data-hx-trigger="every 1s"' in page
    assert '<progress class="w-100 mb-3" aria-labelledby="progress-label" max="100" value="25">' in page
    assert "100 van 400 rijen gelezen." in page
    ActionImport.objects.filter(pk=action_import.pk).update(state="ready", rows=[])
    fragment = client.get(progress_url).content.decode()
    assert "data-hx-trigger" not in fragment and "Er is niets door te voeren." in fragment


def test_an_import_is_seen_only_by_its_author_and_not_by_viewers(client, member, trekker, viewer):
    action_import = ActionImport.objects.create(created_by=member, filename="a.xlsx", state="ready")
    client.force_login(trekker)
    assert client.get(action_import.get_absolute_url()).status_code == 404
    assert client.post(reverse("imports:confirm", args=[action_import.pk])).status_code == 404
    client.force_login(viewer)
    assert client.get(reverse("imports:new")).status_code == 403


def test_a_file_of_5000_rows_is_previewed_in_a_fixed_number_of_queries(
    client, secretariat, verbinden, django_assert_max_num_queries, capsys
):
    Action.objects.bulk_create(
        [
            Action(workstream=verbinden, title=f"Actie {i}", touched_at=verbinden.actions.first().touched_at)
            for i in range(5000)
        ]
    )
    client.force_login(secretariat)
    workbook, sheet = exported(client)
    status = column(sheet, "Status")
    for row in range(2, sheet.max_row + 1, 2):
        sheet.cell(row, status, "Bezig")
    content = saved(workbook)
    started = time.perf_counter()
    with django_assert_max_num_queries(30):
        rows = preview_rows(content, "acties.xlsx", user=secretariat)
    elapsed = time.perf_counter() - started
    assert len(rows) >= 5000 and sum(row["outcome"] == "changed" for row in rows) >= 2500
    with capsys.disabled():
        print(f"\n5,000-row preview: {elapsed:.2f} s")
