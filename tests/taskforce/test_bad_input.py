"""Bad input: markup in what people type is escaped on every page and in the digest, oversized and
malformed values re-render with an error (never a 500), unicode round-trips, exports hold no formulas.
"""

import csv
import datetime as dt
import io
from email import message_from_bytes, policy

import openpyxl
import pytest
import time_machine
from django.core import mail as django_mail
from django.urls import reverse
from django.utils.html import escape

from dashboards.models import ProgressReport
from kpis.models import KPI, Measurement
from mailings.digest import digest_run
from meetings.models import Meeting
from recommendations.models import Recommendation
from registers.models import Collaboration
from tests.factories import WEEK_NOW, WEEK_TODAY, build_week, november
from workstreams.models import Action, ProgressNote, Workstream

pytestmark = pytest.mark.django_db

UNICODE = "Ünïcødé ✓ 中文"
ACTION = f'{UNICODE} <script>alert("actie")</script> & co'
NOTE = 'Notitie <img src=x onerror=alert("notitie")>'
DECISION = 'Besluit <b onmouseover=alert("besluit")>vet</b>'
RECORD = 'Bedrijf <svg onload=alert("record")>'
KPI_NOTE = 'Meting <iframe src="javascript:alert(1)"></iframe>'
# What must never reach a page or an HTML mail as markup.
RAW = ["<script>alert(", "<img src=x", "<b onmouseover", "<svg onload", "<iframe src"]


@pytest.fixture
def hostile(member, other_member):
    """The digest test week, with markup typed into an action title, a note, a decision, a record and a KPI note."""
    week = build_week(member, other_member)
    Action.objects.filter(pk=week["overdue"].pk).update(title=ACTION)
    ProgressNote.objects.filter(action=week["overdue"]).update(text=NOTE)
    Meeting.objects.filter(pk=week["last_meeting"].pk).update(decisions=f"Gewoon besluit\n{DECISION}")
    Measurement.objects.filter(kpi=week["kpi"]).update(note=KPI_NOTE)
    with time_machine.travel(november(19, 11), tick=False):
        week["record"] = Collaboration.objects.create(
            workstream=week["verbinden"],
            dutch_company=RECORD,
            partner="Moderna",
            stage=Collaboration.Stage.STARTED,
            started_on=dt.date(2026, 11, 19),
        )
    return week


def _computed_collaboration_kpi() -> KPI:
    return next(k for k in KPI.objects.filter(workstream__slug="verbinden") if k.is_computed and "collab" in k.source)


def test_markup_is_escaped_on_every_page_that_shows_it(client, hostile, member, taskforce_member):
    frozen = None
    client.force_login(taskforce_member)
    with time_machine.travel(WEEK_NOW, tick=False):
        response = client.post(reverse("report_generate"))
        assert response.status_code == 302
        frozen = ProgressReport.objects.get()
    client.force_login(member)
    shows = {
        # page: what it must show, escaped
        reverse("workstreams:action", args=[hostile["overdue"].pk]): [ACTION, NOTE],
        reverse("workstreams:detail", args=["verbinden"]): [ACTION],
        reverse("my_work"): [ACTION],
        # Full text search reads "<script>" as a tag, not a word: search for a word of the title.
        reverse("search:search") + "?q=Ünïcødé": [ACTION],
        reverse("dashboard"): [],
        reverse("dashboard_workstream", args=["verbinden"]): [ACTION],
        reverse("report"): [],
        reverse("report_frozen", args=[frozen.token]): [],
        reverse("meetings:detail", args=[hostile["last_meeting"].pk]): [DECISION],
        reverse("meetings:list"): [],
        reverse("registers:list", args=["verbinden", "collaborations"]): [RECORD],
        reverse("registers:edit", args=["verbinden", "collaborations", hostile["record"].pk]): [RECORD],
        reverse("registers:workstream", args=["verbinden"]): [],
        reverse("registers:kpi_evidence", args=[_computed_collaboration_kpi().pk]): [RECORD],
        reverse("kpis:detail", args=[hostile["kpi"].pk]): [KPI_NOTE],
        reverse("kpis:list"): [],
    }
    for url, texts in shows.items():
        with time_machine.travel(WEEK_NOW, tick=False):
            html = client.get(url).content.decode()
        assert not [raw for raw in RAW if raw in html], url
        # Search marks the words it matched (<mark>, added after escaping); the text around them is whole.
        shown = html.replace("<mark>", "").replace("</mark>", "")
        for text in texts:
            assert escape(text) in shown, f"{url} does not show {text!r}"


def _parts(message) -> tuple[str, str]:
    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    return (
        parsed.get_body(preferencelist=("plain",)).get_content(),
        parsed.get_body(preferencelist=("html",)).get_content(),
    )


def test_markup_is_escaped_in_the_digest_html_and_kept_as_typed_in_its_text(hostile, member, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(WEEK_NOW, tick=False):
        digest_run(today=WEEK_TODAY)
    [message] = [m for m in django_mail.outbox if m.to == [member.email]]
    text, html = _parts(message)

    assert not [raw for raw in RAW if raw in html]
    for typed in (ACTION, NOTE, DECISION, RECORD):
        assert escape(typed) in html, typed
        # Plain text is never rendered: it reads as typed, not as &lt;…&gt;.
        assert typed in text, typed
    assert "&lt;" not in text and "&amp;" not in text


# --- Oversized fields -----------------------------------------------------------------------------------


def test_oversized_fields_re_render_with_an_error_and_keep_the_typed_text(client, trekker):
    verbinden = Workstream.objects.get(slug="verbinden")
    action = Action.objects.filter(workstream=verbinden).first()
    kpi = KPI.objects.create(workstream=verbinden, name="Handmatig", text="Met de hand gemeten.")
    meeting = Meeting.objects.create(title="Weekoverleg", workstream=verbinden, starts_at=WEEK_NOW)
    long = "x" * 201
    client.force_login(trekker)
    posts = [
        (reverse("workstreams:action_note", args=[action.pk]), {"text": "n" * 2001}, "n" * 2001),
        (reverse("kpis:record", args=[kpi.pk]), {"date": "2026-11-03", "value": "1", "note": "k" * 501}, "k" * 501),
        (
            reverse("meetings:edit", args=[meeting.pk]),
            {"title": long, "starts_at": "2026-11-24T10:00"},
            long,
        ),
        (
            reverse("meetings:add_action_item", args=[meeting.pk]),
            {"title": "a" * 201},
            "a" * 201,
        ),
        (
            reverse("registers:new", args=["verbinden", "collaborations"]),
            {"dutch_company": long, "partner": "P", "kind": "other", "stage": "lead"},
            long,
        ),
    ]
    for url, data, typed in posts:
        response = client.post(url, data)
        assert response.status_code in (200, 400), url
        body = response.content.decode()
        assert "is-invalid" in body or "errorlist" in body or "invalid-feedback" in body, url
        assert typed in body, f"{url} lost the typed text"
    assert not meeting.action_items.exists()


# --- Malformed dates and odd GET filters --------------------------------------------------------------


def test_malformed_dates_in_posts_are_form_errors_not_crashes(client, trekker, taskforce_member):
    verbinden = Workstream.objects.get(slug="verbinden")
    action = Action.objects.filter(workstream=verbinden).first()
    meeting = Meeting.objects.create(title="Weekoverleg", workstream=verbinden, starts_at=WEEK_NOW)
    sideline = Recommendation.objects.filter(tracking="sideline").first()
    form = {"title": "Titel", "status": "in_progress", "version": action.version}
    client.force_login(trekker)
    for bad in ("2026-13-45", "31-02-2026", "morgen", "9999999999-01-01", "2026-11-02'; DROP TABLE x;--"):
        answers = {
            "action": client.post(reverse("workstreams:action_edit", args=[action.pk]), {**form, "due_date": bad}),
            "action item": client.post(
                reverse("meetings:add_action_item", args=[meeting.pk]), {"title": "Punt", "due_date": bad}
            ),
            "meeting": client.post(reverse("meetings:edit", args=[meeting.pk]), {"title": "O", "starts_at": bad}),
            "register": client.post(
                reverse("registers:new", args=["verbinden", "collaborations"]),
                {"dutch_company": "B", "partner": "P", "kind": "other", "stage": "started", "started_on": bad},
            ),
        }
        for name, response in answers.items():
            assert response.status_code in (200, 400), f"{name} {bad}"
            assert bad.split("'")[0] in response.content.decode() or name == "meeting", f"{name} lost {bad}"
    client.force_login(taskforce_member)
    response = client.post(
        reverse("recommendations:signal", args=[sideline.number]), {"last_signal_date": "2026-02-30"}
    )
    assert response.status_code == 200 and "2026-02-30" in response.content.decode()
    assert not Action.objects.filter(title__in=["Titel", "Punt"]).exists()


ODD = ["2026-13-45", "\x00", "<script>", "'; --", "ü" * 300, "../../etc"]


@pytest.mark.parametrize("value", ODD, ids=["bad-date", "nul", "markup", "sql", "long", "path"])
def test_odd_values_in_get_filters_never_give_a_server_error(client, viewer, value):
    client.force_login(viewer)
    pages = [
        ("workstreams:detail", ["verbinden"], ["status", "owner", "recommendation", "due", "sort"]),
        ("search:search", [], ["q"]),
        ("meetings:list", [], ["workstream"]),
        ("registers:list", ["verbinden", "collaborations"], ["stage", "kind"]),
        ("registers:export", ["verbinden", "collaborations", "csv"], ["stage"]),
        ("dashboard", [], ["org"]),
        ("dashboard_workstream", ["verbinden"], ["org"]),
        ("dashboard_export", ["actions", "xlsx"], ["org"]),
        ("report", [], ["org"]),
    ]
    for name, args, params in pages:
        for param in params:
            response = client.get(reverse(name, args=args), {param: value})
            if response.streaming:  # a streamed CSV is made while it is read: read it to its end
                response.getvalue()
            assert response.status_code in (200, 404), f"{name}?{param}={value!r}: {response.status_code}"


# --- Unicode ------------------------------------------------------------------------------------------


def test_unicode_round_trips_through_forms_pages_and_exports(client, member, viewer):
    verbinden = Workstream.objects.get(slug="verbinden")
    client.force_login(member)
    response = client.post(
        reverse("workstreams:action_create", args=["verbinden"]),
        {"title": f"Actie {UNICODE}", "status": "not_started", "owner": member.pk},
    )
    assert response.status_code == 302
    action = Action.objects.get(title=f"Actie {UNICODE}")
    client.post(reverse("workstreams:action_note", args=[action.pk]), {"text": f"Notitie {UNICODE}"})
    client.post(
        reverse("registers:new", args=["verbinden", "collaborations"]),
        {"dutch_company": f"Bedrijf {UNICODE}", "partner": "Partner", "kind": "other", "stage": "lead"},
    )

    assert action.notes.get().text == f"Notitie {UNICODE}"
    assert Collaboration.objects.get(workstream=verbinden).dutch_company == f"Bedrijf {UNICODE}"
    page = client.get(action.get_absolute_url()).content.decode()
    assert f"Actie {UNICODE}" in page and f"Notitie {UNICODE}" in page

    client.force_login(viewer)
    csv_text = client.get(reverse("dashboard_export", args=["actions", "csv"])).getvalue().decode("utf-8-sig")
    assert any(f"Actie {UNICODE}" in cell for row in csv.reader(io.StringIO(csv_text)) for cell in row)
    xlsx = client.get(reverse("registers:export", args=["verbinden", "collaborations", "xlsx"])).content
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True) for c in row]
    assert f"Bedrijf {UNICODE}" in cells


# --- Formula injection: what the export tests do not cover yet -------------------------------------------


def test_an_owner_name_and_a_signal_note_cannot_smuggle_a_formula_into_the_exports(client, viewer, member):
    member.first_name = '=HYPERLINK("http://evil.example","klik")'
    member.save()
    Action.objects.create(workstream=Workstream.objects.get(slug="verbinden"), title="Gewoon", owner=member)
    sideline = Recommendation.objects.filter(tracking="sideline").first()
    sideline.last_signal_note = "=1+cmd|' /C calc'!A0"
    sideline.last_signal_date = dt.date(2026, 11, 3)
    sideline.save()
    client.force_login(viewer)

    shown = {}
    for what in ("actions", "recommendations"):
        xlsx = client.get(reverse("dashboard_export", args=[what, "xlsx"])).content
        book = openpyxl.load_workbook(io.BytesIO(xlsx))
        cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
        assert not [c for c in cells if isinstance(c, str) and c.startswith(("=", "+", "-", "@"))], what
        text = client.get(reverse("dashboard_export", args=[what, "csv"])).getvalue().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert not [c for row in rows for c in row if c.startswith(("=", "+", "-", "@"))], what
        shown[what] = cells
    assert any(str(c).startswith("'=HYPERLINK") for c in shown["actions"])  # the owner, neutralised


# --- Ids out of any range -------------------------------------------------------------------------------

HUGE = 10**20  # beyond PostgreSQL's bigint


def test_ids_beyond_the_database_range_are_not_found_or_form_errors(client, trekker):
    client.force_login(trekker)
    for url in (
        f"/workstreams/actions/{HUGE}/",
        f"/workstreams/actions/{HUGE}/edit/",
        f"/kpis/{HUGE}/",
        f"/meetings/{HUGE}/",
        f"/recommendations/{HUGE}/",
        f"/registers/verbinden/collaborations/{HUGE}/",
        f"/registers/kpi/{HUGE}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/workstreams/verbinden/members/{HUGE}/remove/").status_code == 404

    response = client.post(
        reverse("workstreams:action_create", args=["verbinden"]),
        {"title": "Actie", "status": "not_started", "owner": HUGE, "recommendations": [HUGE]},
    )
    assert response.status_code == 200 and "Actie" in response.content.decode()
    assert not Action.objects.filter(title="Actie").exists()
