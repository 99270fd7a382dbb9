"""Recommendation pages in real Chromium: readable, accessible, and the signal form works."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py


def test_recommendations_list_is_accessible(page, live_server, login, viewer):
    login(page, viewer)
    page.goto(f"{live_server.url}/recommendations/")
    assert page.get_by_role("heading", level=1).inner_text() == "Aanbevelingen"
    assert page.locator("tbody tr").count() == 15
    assert page.locator("nav a[aria-current='page']").inner_text() == "Aanbevelingen"
    screenshot(page, "recommendations-list")
    assert axe_violations(page) == []


def test_pursued_recommendation_detail_is_accessible(page, live_server, login, viewer, pursued):
    login(page, viewer)
    page.goto(f"{live_server.url}/recommendations/{pursued.number}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith(f"{pursued.number}.")
    assert page.get_by_role("button", name="Signaal opslaan").count() == 0
    screenshot(page, "recommendation-detail")
    assert axe_violations(page) == []


def test_taskforce_member_records_a_signal_on_a_sideline_recommendation(
    page, live_server, login, taskforce_member, sideline
):
    login(page, taskforce_member)
    page.goto(f"{live_server.url}/recommendations/{sideline.number}/")
    page.get_by_label("Datum laatste signaal").fill(timezone.localdate().isoformat())
    page.get_by_label("Wat meldde de eigenaar?").fill("Eigenaar meldt: wetsvoorstel in consultatie")
    page.get_by_role("button", name="Signaal opslaan").click()
    expect(page.get_by_text("Het laatste signaal is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("Eigenaar meldt: wetsvoorstel in consultatie").first).to_be_visible()
    screenshot(page, "recommendation-sideline")
    assert axe_violations(page) == []
