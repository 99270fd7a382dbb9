"""In real Chromium, with the keyboard only, the trekker corrects a typo'd measurement and deletes another;
the chart follows and the Correcties list shows both, with the reason."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from kpis import services
from tests.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py

CHART_VALUES = "() => Chart.getChart(document.getElementById('kpi-chart')).data.datasets[0].data"


def _chart(page) -> list:
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('kpi-chart'))")
    return page.evaluate(CHART_VALUES)


def _activate(page, locator) -> None:
    """Reach a control with the keyboard's focus and press Enter, as a keyboard user does."""
    locator.focus()
    assert locator.evaluate("(el) => el === document.activeElement")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_trekker_corrects_a_typo_and_deletes_a_wrong_measurement_with_the_keyboard(
    page, live_server, login, trekker, kpi
):
    for day, value in [(dt.date(2026, 11, 17), 70), (dt.date(2026, 11, 20), 4)]:
        services.measurement_record(kpi=kpi, user=trekker, fields={"date": day, "value": value, "note": ""})
    login(page, trekker)
    page.goto(f"{live_server.url}/kpis/{kpi.pk}/")
    assert _chart(page) == [70, 4]

    _activate(page, page.get_by_role("link", name="Corrigeren meting van 17-11-2026"))
    assert page.get_by_role("heading", level=1).inner_text() == "Meting van 17-11-2026 corrigeren"
    assert axe_violations(page) == []
    page.get_by_label("Waarde").fill("zeven")
    _activate(page, page.get_by_role("button", name="Correctie opslaan"))
    expect(page.get_by_text("Vul een getal in, bijvoorbeeld 3 of 12,5.", exact=True)).to_be_visible()
    assert page.get_by_label("Waarde").input_value() == "zeven"
    page.get_by_label("Waarde").fill("7")
    page.get_by_label("Reden van de correctie (optioneel)").fill("Tikfout: 70 moest 7 zijn")
    with page.expect_navigation(url=f"{live_server.url}/kpis/{kpi.pk}/"):
        page.get_by_label("Reden van de correctie (optioneel)").press("Enter")  # Enter in a field submits
    expect(page.get_by_text("De meting is gecorrigeerd.")).to_be_visible()
    assert _chart(page) == [7, 4]

    _activate(page, page.get_by_role("link", name="Verwijderen meting van 20-11-2026"))
    assert page.get_by_role("heading", level=1).inner_text() == "Meting van 20-11-2026 verwijderen?"
    _activate(page, page.get_by_role("button", name="Ja, verwijderen"))
    expect(page.get_by_text("Vul in waarom deze meting weg moet.", exact=True)).to_be_visible()  # a reason first
    screenshot(page, "kpi-measurement-delete")
    assert axe_violations(page) == []
    page.get_by_label("Reden van het verwijderen").fill("Hoort bij een andere KPI")
    _activate(page, page.get_by_role("button", name="Ja, verwijderen"))
    page.wait_for_url(f"{live_server.url}/kpis/{kpi.pk}/")
    assert _chart(page) == [7]
    assert page.locator("#kpi-measurements tbody tr").count() == 1

    corrections = page.locator("#kpi-corrections tbody tr")
    assert corrections.count() == 2
    newest, oldest = corrections.nth(0).inner_text(), corrections.nth(1).inner_text()
    assert "Verwijderd" in newest and "Hoort bij een andere KPI" in newest and "20-11-2026" in newest
    assert "70 → 7" in oldest and "Tikfout: 70 moest 7 zijn" in oldest
    screenshot(page, "kpi-corrections")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "kpi-corrections-phone")
    assert axe_violations(page) == []
