"""The progress report: printable page, PDF, and frozen copies with permanent links."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from dashboards.models import ProgressReport
from recommendations.models import Recommendation
from tests.conftest import ARTIFACTS
from workstreams.models import Action, Workstream

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
    assert html.count("Gegenereerde actie") == 2000 - 2000 // 5  # dropped ones are left out


# session, user, taskforce, action counts, KPIs, workstreams, trekkers, actions, their recommendations,
# recommendations, their owners and workstreams, the actions' counts per recommendation, organisations
# for the selector: 14; plus 19 for what changed in the registers behind the four computed KPIs; plus
# the weekly updates' summary: the taskforce, latest approved, this meeting's, recovery plans, baseline.
REPORT_QUERIES = 38


def test_the_pdf_of_a_large_data_set_still_names_everything(client, viewer):
    add_actions(2000)
    client.force_login(viewer)

    response = client.get(reverse("report_pdf"))

    text = pdf_text(response.content).replace(" ", "")
    assert all(f"Werkstroom{ws.name}" in text for ws in Workstream.objects.all())
    assert "Gegenereerdeactie1998" in text  # the last one not dropped
    assert all(rec.title.replace(" ", "") in text for rec in Recommendation.objects.all())
