"""The dashboards in a real browser: charts drawn, tables beside them, no serious accessibility problems."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dashboards.models import WorkstreamSnapshot
from kpis.models import KPI, Measurement
from meetings.models import Meeting
from taskforce.models import Taskforce
from tests.conftest import axe_violations, screenshot
from workstreams.models import Action, Workstream

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py

CHARTS_DRAWN = """() => [...document.querySelectorAll('canvas[data-chart]')].map(
    (canvas) => Boolean(window.Chart && window.Chart.getChart(canvas)) && canvas.width > 0 && canvas.height > 0
)"""


@pytest.fixture
def history(taskforce):
    """Some progress: done actions, a week of daily snapshots, KPI measurements and a meeting ahead."""
    today = timezone.localdate()
    for slug, done in (("verbinden", 2), ("voorkomen", 1)):
        for action in Action.objects.filter(workstream__slug=slug).order_by("position")[:done]:
            action.status = "done"
            action.save()
    Action.objects.filter(workstream__slug="voorbereiden").update(status="blocked")
    for ws in Workstream.objects.all():
        WorkstreamSnapshot.objects.bulk_create(
            WorkstreamSnapshot(workstream=ws, date=today - dt.timedelta(days=d), actions_done=d < 4, status="amber")
            for d in range(1, 15)
        )
    for kpi in KPI.objects.filter(workstream__slug="verbinden"):
        for week in range(3):
            Measurement.objects.create(kpi=kpi, value=Decimal(week), date=today - dt.timedelta(weeks=2 - week))
    Meeting.objects.create(title="Taskforce-overleg", starts_at=timezone.now() + dt.timedelta(days=2))


def test_a_ministry_viewer_sees_the_overview_with_its_burnup_charts_drawn(page, live_server, login, viewer, history):
    login(page, viewer)
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_function("() => document.querySelectorAll('canvas[data-chart]').length === 3")

    assert page.get_by_role("heading", level=1).inner_text().startswith("Dashboard Taskforce Vaccins")
    page.wait_for_function(f"() => ({CHARTS_DRAWN})().every(Boolean)")
    assert page.evaluate(CHARTS_DRAWN) == [True, True, True]
    # Every chart has a table with the same numbers.
    assert page.locator("table.burnup-table").count() == 3
    assert page.locator("table.matrix tbody tr").count() == 15
    expect(page.get_by_text("Taskforce-overleg")).to_be_visible()
    assert page.get_by_role("button", name="Rapportage vastleggen").count() == 0
    page.get_by_text("Hoe wordt dit berekend?").click()
    expect(page.get_by_text("Rood (achter op schema)", exact=False)).to_be_visible()
    screenshot(page, "dashboard-overview")
    assert axe_violations(page) == []


def test_the_ezk_view_is_chosen_with_the_selector(page, live_server, login, viewer, history):
    login(page, viewer)
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_label("Weergave voor organisatie").select_option("EZK")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_load_state("networkidle")

    assert page.url.endswith("/dashboard/?org=EZK")
    assert "weergave EZK" in page.get_by_role("heading", level=1).inner_text()
    assert 0 < page.locator("table.matrix tbody tr").count() < 15
    screenshot(page, "dashboard-overview-ezk")
    assert axe_violations(page) == []


def test_the_workstream_dashboard_draws_its_kpi_and_burnup_charts(page, live_server, login, viewer, history):
    login(page, viewer)
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_role("link", name="Verbinden", exact=True).click()
    page.wait_for_load_state("networkidle")

    assert page.get_by_role("heading", level=1).inner_text() == "Werkstroom Verbinden"
    kpi_count = KPI.objects.filter(workstream__slug="verbinden").count()
    page.wait_for_function(f"() => ({CHARTS_DRAWN})().every(Boolean)")
    assert page.evaluate(CHARTS_DRAWN) == [True] * (1 + kpi_count)
    screenshot(page, "dashboard-verbinden")
    assert axe_violations(page) == []


def test_a_taskforce_member_freezes_the_report_from_the_report_page(
    page, live_server, login, taskforce_member, history
):
    login(page, taskforce_member)
    page.goto(f"{live_server.url}/dashboard/report/")
    assert axe_violations(page) == []
    screenshot(page, "report")

    page.get_by_role("button", name="Rapportage vastleggen").click()
    page.wait_for_load_state("networkidle")

    assert "/reports/" in page.url
    assert page.get_by_role("note").inner_text().startswith("Vastgelegde rapportage van")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Voortgangsrapportage Taskforce Vaccins")
    screenshot(page, "report-frozen")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/reports/")
    assert page.locator("table tbody tr").count() == 1
    assert axe_violations(page) == []


def test_on_a_phone_the_reports_burn_ups_scroll_sideways_with_readable_dates(page, live_server, login, viewer, history):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, viewer)
    page.goto(f"{live_server.url}/dashboard/report/")

    chart = page.get_by_role("group", name="Burn-up van Verbinden")
    chart.scroll_into_view_if_needed()
    svg = chart.locator("svg")
    # The SVG keeps its drawn width (so its 11-unit labels stay about 10 px) and its box scrolls instead.
    assert svg.bounding_box()["width"] >= 560
    assert chart.evaluate("(box) => box.scrollWidth > box.clientWidth")
    label = svg.locator("text", has_text="16 nov")
    assert label.bounding_box()["height"] >= 9
    chart.focus()  # keyboard users reach the scrolled part too
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(box) => box.scrollLeft > 0", arg=chart.element_handle(), timeout=3000)
    screenshot(page, "report-burnup-phone")
    assert axe_violations(page) == []


def test_the_burnup_draws_the_frozen_plan_as_a_line_of_its_own(page, live_server, login, viewer, secretariat, history):
    from updates.services import baseline_freeze

    baseline_freeze(taskforce=Taskforce.current(), user=secretariat)
    login(page, viewer)
    page.goto(f"{live_server.url}/dashboard/verbinden/")
    page.wait_for_function(f"() => ({CHARTS_DRAWN})().every(Boolean)")
    canvas = "document.querySelector('canvas[data-chart=burnup]')"
    names = page.evaluate(f"() => window.Chart.getChart({canvas}).data.datasets.map(d => d.label)")
    assert names == ["Afgerond", "Rechte lijn naar de deadline", "Prognose bij huidig tempo", "Vastgelegd plan"]
    assert page.locator("table.burnup-table th", has_text="Plan").count() == 1
    screenshot(page, "dashboard-burnup-plan")
    assert axe_violations(page) == []
