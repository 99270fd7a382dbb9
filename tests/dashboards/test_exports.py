"""CSV and XLSX exports of actions and recommendations."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from recommendations.models import Recommendation
from taskforce.spreadsheets import neutralise
from tests.factories import make_user
from workstreams.models import Action, Workstream

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(dt.datetime(2026, 12, 14, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


def export(client, what, fmt, **params):
    return client.get(reverse("dashboard_export", args=[what, fmt]), params)


def read_xlsx(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def read_csv(response) -> list[list[str]]:
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_actions_xlsx_opens_with_openpyxl_and_holds_every_action(client, viewer):
    ws = Workstream.objects.get(slug="voorkomen")
    Action.objects.bulk_create(Action(workstream=ws, title=f"Extra actie {i}") for i in range(2000))
    client.force_login(viewer)

    response = export(client, "actions", "xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="acties-2026-12-14.xlsx"' in response["Content-Disposition"]
    rows = read_xlsx(response)
    assert rows[0][:4] == ("Nummer", "Werkstroom", "Actie", "Status")
    assert sorted(row[0] for row in rows[1:]) == sorted(Action.objects.values_list("pk", flat=True))
    assert {row[2] for row in rows[1:]} == set(Action.objects.values_list("title", flat=True))


def test_the_actions_csv_lists_status_owner_and_recommendations(client, viewer, member):
    action = Action.objects.filter(workstream__slug="verbinden").order_by("position").first()
    action.status = "blocked"
    action.owner = member
    action.save()
    client.force_login(viewer)

    rows = read_csv(export(client, "actions", "csv"))

    row = next(r for r in rows[1:] if r[0] == str(action.pk))
    numbers = ", ".join(str(n) for n in action.recommendations.values_list("number", flat=True))
    assert row[1:6] == ["Verbinden", action.title, "Geblokkeerd", "Lid", "EZK"]
    assert row[8] == numbers
    assert len(rows) == Action.objects.count() + 1


def test_the_recommendations_exports_have_15_rows_with_status(client, viewer):
    client.force_login(viewer)
    for fmt, reader in (("csv", read_csv), ("xlsx", read_xlsx)):
        rows = reader(export(client, "recommendations", fmt))
        assert len(rows) == 16
        assert [str(row[0]) for row in rows[1:]] == [str(n) for n in range(1, 16)]
        sideline = Recommendation.objects.filter(tracking="sideline").first()
        assert rows[sideline.number][6] == "Zijdelings gevolgd"


def test_cells_that_a_spreadsheet_would_run_as_a_formula_are_neutralised(client, viewer):
    ws = Workstream.objects.get(slug="verbinden")
    Action.objects.create(workstream=ws, title='=HYPERLINK("http://evil.example","klik")', result="+31 6 1234")
    Action.objects.create(workstream=ws, title="@SUM(A1)", result="-2+3")
    client.force_login(viewer)

    xlsx = read_xlsx(export(client, "actions", "xlsx"))
    titles = {row[2] for row in xlsx}
    assert '\'=HYPERLINK("http://evil.example","klik")' in titles
    assert "'@SUM(A1)" in titles
    assert not any(isinstance(c, str) and c.startswith(("=", "+", "-", "@")) for row in xlsx for c in row)
    csv_rows = read_csv(export(client, "actions", "csv"))
    assert not any(c.startswith(("=", "+", "-", "@")) for row in csv_rows for c in row)
    assert neutralise(-5) == -5  # numbers stay numbers
    assert neutralise("gewoon") == "gewoon"


def test_the_ezk_export_holds_only_ezk_actions_and_recommendations(client, viewer, taskforce):
    ezk_person = make_user("ezk", "member", "EZK")
    vws_person = make_user("vws", "member", "VWS")
    ws = Workstream.objects.get(slug="verbinden")
    mine = Action.objects.create(workstream=ws, title="Van EZK", owner=ezk_person)
    Action.objects.create(workstream=ws, title="Van VWS", owner=vws_person)
    client.force_login(viewer)

    actions = read_xlsx(export(client, "actions", "xlsx", org="EZK"))
    recommendations = read_csv(export(client, "recommendations", "csv", org="EZK"))

    assert [row[0] for row in actions[1:]] == [mine.pk]
    owned = set(Recommendation.objects.filter(owners__short_name="EZK").values_list("number", flat=True))
    assert {int(row[0]) for row in recommendations[1:]} == owned
    assert all("EZK" in row[2] for row in recommendations[1:])


def test_unknown_export_kinds_and_formats_are_404(client, viewer):
    client.force_login(viewer)
    assert export(client, "users", "csv").status_code == 404
    assert export(client, "actions", "pdf").status_code == 404


def test_the_actions_xlsx_has_a_bold_frozen_header_and_the_same_queries_at_any_size(
    client, viewer, member, django_assert_num_queries
):
    verbinden = Workstream.objects.get(slug="verbinden")
    late = Action.objects.create(
        workstream=verbinden, title="Te laat", owner=member, status="blocked", due_date=dt.date(2026, 12, 1)
    )
    late.recommendations.set(Recommendation.objects.filter(number__in=[3, 1]))
    client.force_login(viewer)
    # Plus AUDIT_QUERIES: the export is logged.
    with django_assert_num_queries(6 + AUDIT_QUERIES):
        export(client, "actions", "xlsx")
    Action.objects.bulk_create(Action(workstream=verbinden, title=f"Extra actie {i}", owner=member) for i in range(500))
    with django_assert_num_queries(6 + AUDIT_QUERIES):
        response = export(client, "actions", "xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold and not sheet["A2"].font.bold
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == late.pk)
    assert row[1:9] == ("Verbinden", "Te laat", "Geblokkeerd", "Lid", "EZK", dt.datetime(2026, 12, 1), "ja", "1, 3")


def test_the_exports_of_a_workstream_dashboard_hold_that_workstream_only(client, viewer):
    import csv
    import io

    client.force_login(viewer)
    page = client.get("/dashboard/verbinden/").content.decode()
    assert "/dashboard/export/actions.csv?workstream=verbinden" in page
    response = client.get("/dashboard/export/actions.csv?workstream=verbinden")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert {row[1] for row in rows[1:]} == {"Verbinden"}
    assert "verbinden" in response["Content-Disposition"]
    assert client.get("/dashboard/export/actions.csv?workstream=bestaat-niet").status_code == 404
    overview = client.get("/dashboard/").content.decode()
    assert 'href="/dashboard/export/actions.csv"' in overview  # the overview still exports everything


# --- The owner's latest signal in the recommendations export --------------------------------------

SIGNAL_COLUMNS = ("Datum laatste signaal", "Laatste signaal van de eigenaar")


def test_the_recommendations_exports_give_the_owners_latest_signal_beside_the_status(client, viewer):
    signalled, silent = Recommendation.objects.filter(tracking="sideline")[:2]
    signalled.last_signal_date = dt.date(2026, 12, 8)
    signalled.last_signal_note = "=Plan ligt bij de Tweede Kamer"  # also neutralised like any text cell
    signalled.save()
    pursued = Recommendation.objects.get(number=1)
    client.force_login(viewer)

    csv_rows = read_csv(export(client, "recommendations", "csv"))
    xlsx_rows = read_xlsx(export(client, "recommendations", "xlsx"))

    for rows in (csv_rows, xlsx_rows):
        assert tuple(rows[0][-2:]) == SIGNAL_COLUMNS
        assert rows[signalled.number][6] == "Zijdelings gevolgd"  # the status the pages show
        assert rows[signalled.number][-1] == "'=Plan ligt bij de Tweede Kamer"
        assert rows[silent.number][-1] == "Nog geen signaal"
        assert not rows[pursued.number][-2] and not rows[pursued.number][-1]  # followed through its actions
    assert csv_rows[signalled.number][-2] == "2026-12-08"
    assert xlsx_rows[signalled.number][-2] == dt.datetime(2026, 12, 8)
    assert xlsx_rows[silent.number][-2] is None


def test_the_recommendations_export_issues_the_same_queries_with_few_and_many_signals_and_actions(
    client, viewer, django_assert_num_queries
):
    client.force_login(viewer)
    sideline = Recommendation.objects.filter(tracking="sideline")
    sideline.filter(pk=sideline.first().pk).update(last_signal_date=dt.date(2026, 12, 1), last_signal_note="Eén")
    for fmt in ("csv", "xlsx"):
        with django_assert_num_queries(RECOMMENDATION_EXPORT_QUERIES):
            export(client, "recommendations", fmt)

    sideline.update(last_signal_date=dt.date(2026, 12, 8), last_signal_note="Bijgewerkt")
    ws = Workstream.objects.get(slug="voorkomen")
    actions = Action.objects.bulk_create(Action(workstream=ws, title=f"Extra actie {i}") for i in range(500))
    links = Action.recommendations.through
    recs = list(Recommendation.objects.values_list("pk", flat=True))
    links.objects.bulk_create(links(action_id=a.pk, recommendation_id=recs[i % 15]) for i, a in enumerate(actions))
    for fmt in ("csv", "xlsx"):
        with django_assert_num_queries(RECOMMENDATION_EXPORT_QUERIES):
            rows = (read_csv if fmt == "csv" else read_xlsx)(export(client, "recommendations", fmt))
        assert [row[-1] for row in rows[1:] if row[-1] == "Bijgewerkt"] == ["Bijgewerkt"] * sideline.count()


# The audit entry of every export: the chain head locked, the entry written, the head moved on.
AUDIT_QUERIES = 3
# session, user, taskforce, recommendations, their owners, their workstreams, the actions' counts per
# recommendation; and the audit entry.
RECOMMENDATION_EXPORT_QUERIES = 7 + AUDIT_QUERIES
