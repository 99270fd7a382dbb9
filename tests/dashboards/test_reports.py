"""The progress report: printable page, PDF, and frozen copies with permanent links."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from dashboards import reports
from dashboards.charts import burnup_svg
from dashboards.models import ProgressReport, WorkstreamSnapshot
from dashboards.reports import SUMMARY_ACTIONS
from dashboards.selectors import burnup
from recommendations.models import Recommendation
from taskforce.models import Taskforce
from tests.conftest import ARTIFACTS
from tests.factories import at, make_action, make_meeting
from workstreams.models import Action, Workstream
from workstreams.status import Figures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(dt.datetime(2026, 12, 14, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_pdf_names_every_workstream_and_recommendation(client, viewer):
    done = Action.objects.filter(workstream__slug="voorbereiden").first()
    done.status = "done"
    done.result = "Overzicht opgeleverd"
    done.save()
    client.force_login(viewer)

    response = client.get(reverse("report_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    (ARTIFACTS / "reports").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "reports" / "voortgangsrapportage.pdf").write_bytes(response.content)
    text = pdf_text(response.content)
    assert "Voortgangsrapportage Taskforce Vaccins, week 7 van 12" in text
    for workstream in Workstream.objects.all():
        assert f"Werkstroom {workstream.name}" in text
    # Table cells wrap long titles (also after a hyphen): compare without whitespace.
    squeezed = text.replace(" ", "")
    for recommendation in Recommendation.objects.all():
        assert recommendation.title.replace(" ", "") in squeezed, recommendation.title
    assert "Overzicht opgeleverd" in text
    assert "Afgeronde acties (1)" in text


def test_the_report_page_has_goals_kpis_and_the_matrix_and_prints_with_its_own_css(client, viewer):
    client.force_login(viewer)
    html = client.get(reverse("report")).content.decode()
    for workstream in Workstream.objects.all():
        assert workstream.goal in html
    assert "css/report.css" in html
    assert html.count("<tr>") >= 15
    assert "data-print" in html


def test_a_taskforce_member_freezes_a_report_that_never_changes_afterwards(client, taskforce_member):
    client.force_login(taskforce_member)

    response = client.post(reverse("report_generate"))

    frozen = ProgressReport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("report_frozen", args=[frozen.token]) == f"/reports/{frozen.token}/"
    assert (frozen.week, frozen.created_by, frozen.organisation) == (7, taskforce_member, None)
    page = client.get(response.url).content.decode()
    assert "Vastgelegde rapportage van 14 december 2026" in page
    pdf = client.get(reverse("report_frozen_pdf", args=[frozen.token]))
    assert pdf.content == bytes(frozen.pdf)
    assert "Werkstroom Verbinden" in pdf_text(pdf.content)

    # The data moves on; the frozen copy does not.
    Workstream.objects.filter(slug="verbinden").update(goal="Een heel ander doel")
    assert "Een heel ander doel" in client.get(reverse("report")).content.decode()
    assert "Een heel ander doel" not in client.get(response.url).content.decode()
    assert client.get(reverse("report_frozen_pdf", args=[frozen.token])).content == pdf.content
    with pytest.raises(ValueError):
        frozen.save()


def test_a_frozen_report_for_one_organisation_keeps_that_view(client, secretariat):
    client.force_login(secretariat)
    client.post(reverse("report_generate"), {"org": "VWS"})
    frozen = ProgressReport.objects.get()
    assert frozen.organisation.short_name == "VWS"
    assert "Weergave VWS" in frozen.html
    numbers = set(Recommendation.objects.filter(owners__short_name="VWS").values_list("number", flat=True))
    others = set(range(1, 16)) - numbers
    titles = dict(Recommendation.objects.values_list("number", "title"))
    assert all(titles[n] in frozen.html for n in numbers)
    assert not any(titles[n] in frozen.html for n in others)


@pytest.mark.parametrize("role", ["viewer", "member", "other_member"])
def test_viewers_and_workstream_members_cannot_freeze_a_report(client, roles, role):
    client.force_login(roles[role])
    assert client.post(reverse("report_generate")).status_code == 403
    assert not ProgressReport.objects.exists()


def test_generating_needs_a_post(client, secretariat):
    client.force_login(secretariat)
    assert client.get(reverse("report_generate")).status_code == 405


def test_everyone_reads_the_list_of_frozen_reports_and_their_links(client, secretariat, viewer):
    client.force_login(secretariat)
    client.post(reverse("report_generate"))
    frozen = ProgressReport.objects.get()
    client.force_login(viewer)

    listing = client.get(reverse("reports")).content.decode()

    assert reverse("report_frozen", args=[frozen.token]) in listing
    assert reverse("report_frozen_pdf", args=[frozen.token]) in listing
    assert client.get(reverse("report_frozen", args=[frozen.token])).status_code == 200
    assert client.get(reverse("report_frozen", args=["geen-bestaand-token"])).status_code == 404


def add_actions(count: int) -> None:
    workstreams = list(Workstream.objects.all())
    recs = list(Recommendation.objects.all())
    statuses = ["not_started", "in_progress", "blocked", "done", "dropped"]
    actions = Action.objects.bulk_create(
        Action(workstream=workstreams[i % 3], title=f"Gegenereerde actie {i}", status=statuses[i % 5])
        for i in range(count)
    )
    links = Action.recommendations.through
    links.objects.bulk_create(links(action_id=a.pk, recommendation_id=recs[i % 15].pk) for i, a in enumerate(actions))


def test_the_report_page_issues_the_same_queries_at_10_and_at_2000_actions(client, viewer, django_assert_num_queries):
    Action.objects.all().delete()
    add_actions(10)
    client.force_login(viewer)
    client.get(reverse("report"))
    with django_assert_num_queries(REPORT_QUERIES):
        client.get(reverse("report"))
    add_actions(1990)
    with django_assert_num_queries(REPORT_QUERIES):
        html = client.get(reverse("report")).content.decode()
    # Dropped ones are left out; the summary names the first few blocked ones once more.
    assert html.count("Gegenereerde actie") == 2000 - 2000 // 5 + SUMMARY_ACTIONS


# session, user, taskforce, action counts, KPIs, workstreams, trekkers, snapshots, actions, their
# recommendations, the next taskforce meeting, recommendations, their owners and workstreams, the actions'
# counts per recommendation, organisations for the selector: 16; plus 19 for what changed in the registers
# behind the four computed KPIs; plus the weekly updates' summary: the taskforce, latest approved, this
# meeting's, recovery plans, baseline; plus the baselines of the burn-up's plan line; plus 8 for the
# mandate, budget and milestones (as on the dashboard).
REPORT_QUERIES = 50  # and 1 for the unread-notification badge


def test_the_pdf_of_a_large_data_set_still_names_everything(client, viewer):
    add_actions(2000)
    client.force_login(viewer)

    response = client.get(reverse("report_pdf"))

    text = pdf_text(response.content).replace(" ", "")
    assert all(f"Werkstroom{ws.name}" in text for ws in Workstream.objects.all())
    assert "Gegenereerdeactie1998" in text  # the last one not dropped
    assert all(rec.title.replace(" ", "") in text for rec in Recommendation.objects.all())


# --- Accessible PDF: tagged PDF/UA-1 with a one-page summary and a burn-up per workstream ------------


def struct_elements(reader: PdfReader) -> list:
    """Every structure element of a tagged PDF, in reading order."""
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "get") and node.get("/Type") == "/StructElem":
            found.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


@pytest.fixture
def needs_attention(taskforce, member):
    """Verbinden on red with a blocked and an overdue action; a taskforce meeting tomorrow with an item."""
    verbinden = Workstream.objects.get(slug="verbinden")
    make_action(verbinden, "Vastgelopen gesprek met fabrikant", owner=member, status="blocked")
    make_action(verbinden, "Verlopen inventarisatie", due=dt.date(2026, 12, 1), status="in_progress")
    make_meeting("Taskforce week 8", at(dt.date(2026, 12, 15)), agenda="Besluit over extra capaciteit")


def test_the_pdf_is_tagged_pdf_ua_with_language_and_title(client, viewer):
    client.force_login(viewer)

    reader = PdfReader(io.BytesIO(client.get(reverse("report_pdf")).content))

    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert catalog["/Lang"] == "nl"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title == "Voortgangsrapportage Taskforce Vaccins, week 7 van 12"
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfuaid:part(="1"|>1<)', xmp)


def test_an_english_users_pdf_is_in_english(client, viewer):
    viewer.language = "en"
    viewer.save()
    client.force_login(viewer)

    reader = PdfReader(io.BytesIO(client.get(reverse("report_pdf")).content))

    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title == "Progress report Taskforce Vaccins, week 7 of 12"


def test_the_pdf_has_headings_in_order_table_headers_and_a_described_chart_per_workstream(client, viewer):
    client.force_login(viewer)

    elements = struct_elements(PdfReader(io.BytesIO(client.get(reverse("report_pdf")).content)))

    levels = [int(e["/S"][2]) for e in elements if re.fullmatch(r"/H[1-6]", e["/S"])]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert [str(f["/Alt"]) for f in figures] == [
        f"Burn-up van {ws.name}: 0 van {ws.actions.exclude(status='dropped').count()} acties afgerond"
        for ws in Workstream.objects.order_by("position")
    ]
    headers = [e for e in elements if e["/S"] == "/TH"]
    cells = [e for e in elements if e["/S"] == "/TD"]
    assert headers and cells
    assert all(cell["/A"]["/Headers"] for cell in cells)  # each cell is tied to its column or row header


def test_page_one_is_a_summary_and_the_detail_starts_on_page_two(client, viewer, needs_attention):
    client.force_login(viewer)

    content = client.get(reverse("report_pdf")).content

    (ARTIFACTS / "reports").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "reports" / "voortgangsrapportage-samenvatting.pdf").write_bytes(content)
    reader = PdfReader(io.BytesIO(content))
    first, second = (re.sub(r"\s+", " ", reader.pages[i].extract_text()) for i in (0, 1))
    assert (
        "Week 7 van 12: nog 35 dagen tot de 11-weeksdatum (18 januari 2027) "
        "en 42 dagen tot de 12-weeksdatum (25 januari 2027)."
    ) in first
    for workstream in Workstream.objects.all():
        assert workstream.name in first
    assert "Verbinden Achter op schema" in first
    assert "Nog geen doel: 2 · Nog niet gemeten: 2 · Achter op doel: 0 · Op schema: 0" in first
    # Earliest deadline first: the overdue one (1 December), then the blocked one without a date.
    assert first.index("Verlopen inventarisatie (Verbinden)") < first.index("Vastgelopen gesprek met fabrikant")
    assert "over de deadline van 01-12-2026" in first
    assert "Werkstroom Verbinden: Achter op schema. De taskforce besluit hoe bij te sturen." in first
    assert "Geagendeerd voor de taskforcevergadering van 15 december: Besluit over extra capaciteit" in first
    # The summary ends on page one; page two starts the detail.
    assert "Werkstroom Verbinden Doel:" not in first
    assert second.startswith("Werkstroom Verbinden Doel:")


def test_the_summary_stays_on_one_page_with_many_blocked_actions(client, viewer):
    verbinden = Workstream.objects.get(slug="verbinden")
    Action.objects.bulk_create(
        Action(workstream=verbinden, title=f"Geblokkeerde actie {i}", status="blocked") for i in range(40)
    )
    client.force_login(viewer)

    reader = PdfReader(io.BytesIO(client.get(reverse("report_pdf")).content))

    first = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert first.count("Geblokkeerde actie") == 5
    assert "En nog 35 acties; zie de werkstromen hierna." in first
    assert "Vraagt om een besluit" in first
    assert re.sub(r"\s+", " ", reader.pages[1].extract_text()).startswith("Werkstroom Verbinden")


def test_the_report_draws_each_burn_up_as_an_svg_with_title_description_and_dated_axis(client, viewer):
    verbinden = Workstream.objects.get(slug="verbinden")
    WorkstreamSnapshot.objects.create(workstream=verbinden, date=dt.date(2026, 11, 16), actions_done=1)
    client.force_login(viewer)

    html = client.get(reverse("report")).content.decode()

    assert html.count("<svg ") == Workstream.objects.count()
    assert 'aria-labelledby="burnup-verbinden-title burnup-verbinden-desc"' in html
    assert '<title id="burnup-verbinden-title">Burn-up van Verbinden: 0 van 3 acties afgerond</title>' in html
    assert "Afgeronde acties per datum sinds de start op 2 november 2026" in html
    for label in ("2 nov", "16 nov", "30 nov", "14 dec", "28 dec", "11 jan", "25 jan"):
        assert f">{label}</text>" in html
    assert "<canvas" not in html  # no script in the report: it is the same in the PDF


def test_the_burn_up_svg_spaces_days_evenly_on_its_time_axis(taskforce):
    deadline = Taskforce.current().deadline(dt.date(2026, 12, 14))  # day 42 of 84, not a week start
    chart = burnup_svg(burnup(Figures(total=8, done=2), [], deadline))

    ticks = [float(tick.pos) for tick in chart.x_ticks]
    assert len(ticks) == 7  # every two weeks, 2 November to 25 January
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert max(gaps) - min(gaps) < 0.2  # equal, but for rounding to tenths
    # Today (day 42) is halfway between the start and the 12-week date, though it is the 8th of 14 points.
    assert float(chart.today_x) == pytest.approx((ticks[0] + ticks[-1]) / 2)
    assert [tick.label for tick in chart.y_ticks] == ["0", "2", "4", "6", "8"]
    assert "." in chart.today_x or chart.today_x.isdigit()  # a point, never a decimal comma


def test_a_frozen_report_made_before_tagging_is_served_as_it_was_stored(client, viewer):
    frozen = ProgressReport.objects.create(
        token="oude-rapportage", week=3, html="<p>Oude rapportage</p>", pdf=b"%PDF-1.4 untagged"
    )
    client.force_login(viewer)

    assert client.get(reverse("report_frozen_pdf", args=[frozen.token])).content == b"%PDF-1.4 untagged"
    page = client.get(reverse("report_frozen", args=[frozen.token])).content.decode()
    assert "<p>Oude rapportage</p>" in page
    assert "Samenvatting" not in page


def test_a_newly_frozen_report_is_tagged_and_opens_with_the_summary(client, taskforce_member):
    client.force_login(taskforce_member)
    client.post(reverse("report_generate"))
    frozen = ProgressReport.objects.get()

    reader = PdfReader(io.BytesIO(bytes(frozen.pdf)))

    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert reader.metadata.title == "Voortgangsrapportage Taskforce Vaccins, week 7 van 12"
    assert "Samenvatting" in reader.pages[0].extract_text()
    assert "<svg " in frozen.html


@pytest.mark.parametrize(
    ("today", "line"),
    [
        (dt.date(2026, 10, 30), "De taskforce begint op 2 november 2026."),
        (dt.date(2027, 1, 17), "Week 11 van 12: nog 1 dag tot de 11-weeksdatum (18 januari 2027) en 8 dagen"),
        (
            dt.date(2027, 1, 24),
            "Week 12 van 12: de 11-weeksdatum (18 januari 2027) is voorbij; nog 1 dag tot de 12-weeksdatum",
        ),
        (dt.date(2027, 2, 1), "De 12 weken zijn voorbij sinds 25 januari 2027."),
    ],
)
def test_the_summarys_deadline_line_fits_every_stage_of_the_twelve_weeks(taskforce, today, line):
    with translation.override("nl"):
        context = reports.report_context(taskforce=taskforce, today=today, now=at(today))
        html = re.sub(r"\s+", " ", reports.report_html(context))

    assert line in html
