"""Register pages: who may read and write what, bad input, tampered ids, filters, exports, query counts."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from kpis.models import KPI
from registers.kpi_rules import kpi_changes_since
from registers.models import Collaboration, Deliverable, Shortage, Supporter
from tests.factories import make_collaboration, make_deliverable, make_shortage, make_supporter
from workstreams.models import Action

D = dt.date

pytestmark = pytest.mark.django_db

REGISTERS = ["collaborations", "shortages", "supporters", "deliverables"]
EDITORS_OF_VERBINDEN = {"secretariat", "taskforce", "trekker", "member"}
ALL_ROLES = ["secretariat", "taskforce", "trekker", "member", "other_member", "viewer"]

VALID = {
    "collaborations": {
        "dutch_company": "Batavia Biosciences",
        "partner": "Moderna",
        "kind": "fill_finish",
        "stage": "started",
        "started_on": "2026-11-05",
    },
    "shortages": {
        "category": "component",
        "item": "Single-use bioreactor bags",
        "affects_vaccines": "on",
        "nature": "existing",
        "severity": "high",
        "status": "signalled",
        "signalled_on": "2026-11-05",
    },
    "supporters": {
        "party": "Health-Holland",
        "sector": "public",
        "confirmed_on": "2026-11-05",
        "confirmation": "letter",
    },
    "deliverables": {"title": "Tussenrapportage", "due_on": "2026-12-01"},
}
MODELS = {"collaborations": Collaboration, "shortages": Shortage, "supporters": Supporter, "deliverables": Deliverable}


def make_record(register, ws):
    return {
        "collaborations": lambda: make_collaboration(ws, "Bestaand", started_on=D(2026, 11, 3)),
        "shortages": lambda: make_shortage(ws, "Bestaand"),
        "supporters": lambda: make_supporter(ws, "Bestaand"),
        "deliverables": lambda: make_deliverable(ws, "Bestaand"),
    }[register]()


def url(name, *args):
    return reverse(f"registers:{name}", args=args)


# --- Reading ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_logged_in_role_reads_every_register_page(client, roles, kpis, role):
    ws = "verbinden"
    pages = [url("index"), url("workstream", ws), url("kpi_evidence", kpis["verbinden-kpi-1"].pk)]
    pages += [url("list", ws, register) for register in REGISTERS]
    pages += [url("export", ws, register, fmt) for register in REGISTERS for fmt in ("csv", "xlsx")]
    client.force_login(roles[role])
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        if response.streaming:  # a streamed CSV is made while it is read: read it to its end
            assert response.getvalue(), page


def test_anonymous_visitors_are_sent_to_the_login_page(client, kpis):
    for page in [url("index"), url("list", "verbinden", "collaborations"), url("kpi_evidence", 1)]:
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_viewers_and_members_of_other_workstreams_see_no_edit_controls(client, roles, workstreams):
    record = make_record("collaborations", workstreams["verbinden"])
    new_url = url("new", "verbinden", "collaborations")
    edit_url = url("edit", "verbinden", "collaborations", record.pk)
    for role in ALL_ROLES:
        client.force_login(roles[role])
        html = client.get(url("list", "verbinden", "collaborations")).text
        assert (new_url in html) == (role in EDITORS_OF_VERBINDEN), role
        assert (edit_url in html) == (role in EDITORS_OF_VERBINDEN), role


def test_a_kpi_measured_by_hand_has_no_evidence_page(client, member, workstreams):
    kpi = KPI.objects.create(workstream=workstreams["verbinden"], name="Handmatig", text="x")
    client.force_login(member)
    assert client.get(url("kpi_evidence", kpi.pk)).status_code == 404
    assert client.get(url("kpi_evidence", 99999)).status_code == 404


def test_unknown_workstreams_and_registers_are_404(client, member):
    client.force_login(member)
    assert client.get(url("list", "nope", "collaborations")).status_code == 404
    assert client.get("/registers/verbinden/unknown/").status_code == 404


# --- Writing: every role x every form and POST --------------------------------------------------------


@pytest.mark.parametrize("register", REGISTERS)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_editors_of_the_workstream_open_and_post_the_new_form(client, roles, register, role):
    client.force_login(roles[role])
    allowed = role in EDITORS_OF_VERBINDEN
    assert client.get(url("new", "verbinden", register)).status_code == (200 if allowed else 403)
    response = client.post(url("new", "verbinden", register), VALID[register])
    assert response.status_code == (302 if allowed else 403)
    assert MODELS[register].objects.filter(workstream__slug="verbinden").count() == (1 if allowed else 0)


@pytest.mark.parametrize("register", REGISTERS)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_editors_of_the_workstream_open_and_post_the_edit_form(client, roles, workstreams, register, role):
    record = make_record(register, workstreams["verbinden"])
    before = str(record)
    client.force_login(roles[role])
    allowed = role in EDITORS_OF_VERBINDEN
    edit_url = url("edit", "verbinden", register, record.pk)
    assert client.get(edit_url).status_code == (200 if allowed else 403)
    response = client.post(edit_url, {**VALID[register], "version": record.version})
    assert response.status_code == (302 if allowed else 403)
    record.refresh_from_db()
    assert (str(record) != before) == allowed
    if allowed:
        assert record.updated_by == roles[role]
        assert record.history.first().history_user == roles[role]


def test_a_member_of_another_workstream_edits_only_their_own_register(client, other_member, workstreams):
    client.force_login(other_member)
    assert client.post(url("new", "voorkomen", "shortages"), VALID["shortages"]).status_code == 302
    assert client.post(url("new", "verbinden", "shortages"), VALID["shortages"]).status_code == 403
    assert Shortage.objects.get().workstream == workstreams["voorkomen"]


# --- Bad and tampered input -----------------------------------------------------------------------------


def test_missing_fields_re_render_the_form_with_the_typed_text(client, member):
    client.force_login(member)
    response = client.post(url("new", "verbinden", "collaborations"), {"dutch_company": "Batavia <b>", "stage": "x"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Batavia &lt;b&gt;" in html
    assert "Dit veld is verplicht." in html
    assert Collaboration.objects.count() == 0


@pytest.mark.parametrize(
    "change, field_error",
    [
        ({"started_on": ""}, "Vul de startdatum in"),
        ({"stage": "scaled_up"}, "Vul de datum van de opschaling in."),
        ({"stage": "ended"}, "Vul de einddatum in."),
        ({"stage": "ended", "ended_on": "2026-11-01"}, "De einddatum ligt voor de startdatum."),
        ({"started_on": "not a date"}, "Voer een geldige datum in."),
        ({"started_on": "tomorrow"}, "Deze datum ligt in de toekomst."),
        ({"evidence_url": "javascript:alert(1)"}, "Voer een geldige URL in."),
        ({"kind": "rocket"}, "Selecteer een geldige keuze."),
    ],
)
def test_inconsistent_collaborations_are_refused_with_a_message(client, member, change, field_error):
    client.force_login(member)
    data = {**VALID["collaborations"], **change}
    if data["started_on"] == "tomorrow":
        data["started_on"] = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(url("new", "verbinden", "collaborations"), data)
    assert response.status_code == 400
    assert field_error in response.content.decode()
    assert Collaboration.objects.count() == 0


def test_shortages_supporters_and_deliverables_check_their_dates_and_evidence(client, member, workstreams):
    client.force_login(member)
    bad_shortage = {**VALID["shortages"], "status": "solved", "solved_on": "2026-11-01"}
    assert "De datum van oplossen ligt voor" in client.post(url("new", "verbinden", "shortages"), bad_shortage).text
    make_supporter(workstreams["verbinden"], "Health-Holland")
    duplicate = client.post(url("new", "verbinden", "supporters"), {**VALID["supporters"], "party": "health-holland"})
    assert "Deze partij staat al in het register." in duplicate.text
    unconfirmed = {**VALID["supporters"], "party": "RIVM", "confirmation": ""}
    assert "Zeg hoe de partij" in client.post(url("new", "verbinden", "supporters"), unconfirmed).text
    undocumented = {**VALID["deliverables"], "delivered_on": "2026-11-05"}
    assert "link naar het document" in client.post(url("new", "verbinden", "deliverables"), undocumented).text
    assert Shortage.objects.count() == 0 and Supporter.objects.count() == 1


def test_an_action_of_another_workstream_cannot_be_linked(client, member, workstreams):
    foreign = Action.objects.filter(workstream=workstreams["voorkomen"]).first()
    own = Action.objects.filter(workstream=workstreams["verbinden"]).first()
    client.force_login(member)
    response = client.post(url("new", "verbinden", "collaborations"), {**VALID["collaborations"], "action": foreign.pk})
    assert response.status_code == 400 and "Selecteer een geldige keuze" in response.text
    response = client.post(url("new", "verbinden", "collaborations"), {**VALID["collaborations"], "action": own.pk})
    assert response.status_code == 302 and Collaboration.objects.get().action == own


def test_a_deliverable_links_only_to_a_milestone_kpi_of_its_workstream(client, trekker, kpis):
    client.force_login(trekker)
    data = {**VALID["deliverables"], "kpi": kpis["voorbereiden-kpi-1"].pk}
    response = client.post(url("new", "verbinden", "deliverables"), data)
    assert response.status_code == 400 and "Selecteer een geldige keuze" in response.text


def test_a_record_of_another_workstream_is_not_found_through_this_one(client, secretariat, workstreams):
    record = make_record("shortages", workstreams["voorkomen"])
    client.force_login(secretariat)
    assert client.get(url("edit", "verbinden", "shortages", record.pk)).status_code == 404
    assert client.post(url("edit", "verbinden", "shortages", record.pk), VALID["shortages"]).status_code == 404
    record.refresh_from_db()
    assert record.item == "Bestaand"


def test_reopening_a_solved_shortage_through_the_form_shows_in_its_history(client, member, workstreams):
    record = make_shortage(workstreams["verbinden"], "Vials", status="solved")
    client.force_login(member)
    data = {**VALID["shortages"], "item": "Vials", "status": "being_solved", "version": 1}
    assert client.post(url("edit", "verbinden", "shortages", record.pk), data).status_code == 302
    record.refresh_from_db()
    assert record.solved_on is None and record.times_reopened() == 1
    html = client.get(url("edit", "verbinden", "shortages", record.pk)).text
    assert "Geschiedenis" in html and "Opgelost" in html and "Wordt opgelost" in html and "Gewijzigd" in html


# --- Filters --------------------------------------------------------------------------------------------


def test_the_list_filters_on_stage_and_kind_and_ignores_unknown_values(client, viewer, workstreams):
    ws = workstreams["verbinden"]
    make_collaboration(ws, "Alpha", stage="started", started_on=D(2026, 11, 3), kind="fill_finish")
    make_collaboration(ws, "Beta", stage="lead", kind="fill_finish")
    make_collaboration(ws, "Gamma", stage="started", started_on=D(2026, 11, 3), kind="distribution")
    client.force_login(viewer)
    list_url = url("list", "verbinden", "collaborations")
    html = client.get(list_url, {"stage": "started", "kind": "fill_finish"}).text
    assert "Alpha" in html and "Beta" not in html and "Gamma" not in html
    html = client.get(list_url, {"stage": "'; drop table"}).text
    assert all(name in html for name in ("Alpha", "Beta", "Gamma"))


# --- Exports --------------------------------------------------------------------------------------------

NASTY = {
    "company": '=HYPERLINK("http://evil","klik")',
    "partner": "+31 fabrikant",
    "event": "-2+3",
    "note": "@SUM(A1:A2)",
}


def test_csv_export_opens_with_the_csv_module_and_neutralises_formulas(client, viewer, workstreams):
    make_collaboration(workstreams["verbinden"], started_on=D(2026, 11, 3), kind="fill_finish", **NASTY)
    make_collaboration(workstreams["verbinden"], "Gewoon bedrijf", stage="lead")
    client.force_login(viewer)
    response = client.get(url("export", "verbinden", "collaborations", "csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["ID", "Nederlands bedrijf", "Buitenlandse vaccinfabrikant of partner", "Soort", "Fase"]
    assert len(rows) == 3
    nasty = next(row for row in rows[1:] if "HYPERLINK" in row[1])
    assert nasty[1] == '\'=HYPERLINK("http://evil","klik")'
    assert nasty[2] == "'+31 fabrikant" and "'-2+3" in nasty and "'@SUM(A1:A2)" in nasty
    assert nasty[3] == "Fill-and-finish" and nasty[5] == "2026-11-03"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_xlsx_export_opens_with_openpyxl_and_holds_no_formulas(client, viewer, workstreams):
    make_collaboration(workstreams["verbinden"], started_on=D(2026, 11, 3), **NASTY)
    make_shortage(workstreams["voorkomen"], "=1+1", medicines=True)
    client.force_login(viewer)
    for ws, register, expected in (("verbinden", "collaborations", 2), ("voorkomen", "shortages", 2)):
        response = client.get(url("export", ws, register, "xlsx"))
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == expected
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        assert all(not str(v).startswith(("=", "+", "-", "@")) for row in rows for v in row if isinstance(v, str))
    cells = list(
        openpyxl.load_workbook(
            io.BytesIO(client.get(url("export", "voorkomen", "shortages", "xlsx")).content)
        ).active.iter_rows(values_only=True)
    )
    assert cells[1][2] == "'=1+1" and cells[1][3] == "ja" and cells[1][4] == "ja"


def test_the_export_follows_the_list_filters(client, viewer, workstreams):
    make_shortage(workstreams["voorkomen"], "Open one", status="signalled")
    make_shortage(workstreams["voorkomen"], "Solved one", status="solved")
    client.force_login(viewer)
    response = client.get(url("export", "voorkomen", "shortages", "csv"), {"status": "solved"})
    body = response.getvalue().decode()
    assert "Solved one" in body and "Open one" not in body


# --- Query counts at two data sizes ---------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 25])
def test_register_pages_use_a_fixed_number_of_queries(
    client, member, workstreams, kpis, size, django_assert_max_num_queries
):
    ws = workstreams["verbinden"]
    action = Action.objects.filter(workstream=ws).first()
    for n in range(size):
        make_collaboration(ws, f"Bedrijf {n}", started_on=D(2026, 11, 3), action=action)
        make_shortage(workstreams["voorkomen"], f"Tekort {n}")
    client.force_login(member)
    member_pages = [
        (url("list", "verbinden", "collaborations"), 8),
        (url("list", "voorkomen", "shortages"), 8),
        # 17 with the menu's count of unread notifications.
        (url("kpi_evidence", kpis["verbinden-kpi-1"].pk), 17),
        (url("index"), 18),
        (url("workstream", "verbinden"), 12),
        (url("new", "verbinden", "collaborations"), 8),
        # 7 with the export's audit entry.
        (url("export", "verbinden", "collaborations", "xlsx"), 7),
        (url("edit", "verbinden", "collaborations", Collaboration.objects.first().pk), 12),
    ]
    for page, most in member_pages:
        with django_assert_max_num_queries(most):
            assert client.get(page).status_code == 200


@time_machine.travel(dt.datetime(2026, 11, 13, 12, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False)
def test_an_english_reader_gets_the_registers_and_the_change_lines_in_english(client, viewer, workstreams, kpis):
    viewer.language = "en"
    viewer.save()
    make_collaboration(workstreams["verbinden"], "Batavia", "Moderna", started_on=D(2026, 11, 12))
    client.force_login(viewer)
    html = client.get(url("list", "verbinden", "collaborations")).text
    assert "Collaborations" in html and "Dutch company" in html and "Started" in html
    evidence = client.get(url("kpi_evidence", kpis["verbinden-kpi-1"].pk)).text
    assert "Records counted" in evidence and "1 new collaboration: Batavia – Moderna" in evidence
    with translation.override("en"):
        lines = kpi_changes_since(kpis["verbinden-kpi-1"], D(2026, 11, 6))
    assert lines == ["1 new collaboration: Batavia – Moderna"]


def test_a_stale_edit_is_refused_with_the_typed_text_kept_and_a_second_save_overwrites(
    client, member, trekker, workstreams
):
    record = make_shortage(workstreams["verbinden"], "Vials")
    edit_url = url("edit", "verbinden", "shortages", record.pk)
    client.force_login(trekker)
    assert client.post(edit_url, {**VALID["shortages"], "item": "Vials (trekker)", "version": 1}).status_code == 302

    client.force_login(member)
    response = client.post(edit_url, {**VALID["shortages"], "item": "Vials (member)", "version": 1})
    assert response.status_code == 409
    assert "Iemand anders heeft dit record opgeslagen" in response.text
    assert 'value="Vials (member)"' in response.text and 'name="version" value="2"' in response.text
    record.refresh_from_db()
    assert (record.item, record.version) == ("Vials (trekker)", 2)

    response = client.post(edit_url, {**VALID["shortages"], "item": "Vials (member)", "version": 2})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.item, record.version) == ("Vials (member)", 3)
    assert client.post(edit_url, {**VALID["shortages"], "item": "No version sent"}).status_code == 409
