"""A trekker records a KPI value in real Chromium and sees it in the chart and the table beside it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py

DRAWN_PIXELS = """(canvas) => {
  const {data} = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  let drawn = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) drawn++; }
  return drawn;
}"""


def test_trekker_records_a_kpi_value_and_sees_it_in_the_chart(page, live_server, login, trekker, kpi):
    login(page, trekker)
    page.goto(f"{live_server.url}/kpis/{kpi.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == kpi.name
    assert page.locator("#kpi-chart").count() == 0  # nothing measured yet

    today = timezone.localdate().isoformat()
    page.get_by_label("Datum").fill(today)
    page.get_by_label("Waarde").fill("zeven")
    page.get_by_label("Toelichting").fill("Drie MoU's en vier opschalingen")
    page.get_by_role("button", name="Meting opslaan").click()
    expect(page.locator(".invalid-feedback").get_by_text("Vul een getal in")).to_be_visible()
    assert page.get_by_label("Waarde").input_value() == "zeven"
    assert page.get_by_label("Toelichting").input_value() == "Drie MoU's en vier opschalingen"

    page.get_by_label("Waarde").fill("7")
    page.get_by_role("button", name="Meting opslaan").click()
    page.wait_for_url(f"{live_server.url}/kpis/{kpi.pk}/")
    expect(page.get_by_text("De meting is vastgelegd.")).to_be_visible()

    table = page.locator("#kpi-measurements tbody tr")
    assert table.count() == 1
    assert table.first.locator("td").first.inner_text() == "7"
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('kpi-chart'))")
    assert page.evaluate("() => Chart.getChart(document.getElementById('kpi-chart')).data.datasets[0].data") == [7]
    assert page.locator("#kpi-chart").evaluate(DRAWN_PIXELS) > 100
    screenshot(page, "kpi-detail")
    assert axe_violations(page) == []


def test_kpi_list_is_accessible(page, live_server, login, viewer):
    login(page, viewer)
    page.goto(f"{live_server.url}/kpis/")
    assert page.get_by_role("heading", level=1).inner_text() == "KPI's"
    assert page.locator("nav a[aria-current]").inner_text() == "KPI's"
    screenshot(page, "kpi-list")
    assert axe_violations(page) == []
