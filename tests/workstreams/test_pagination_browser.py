"""Paging through a long action list in real Chromium, with a filter set, and the long action timeline."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import axe_violations, screenshot
from workstreams.models import Action, ProgressNote, Workstream
from workstreams.views import TIMELINE_LIMIT

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py


def test_a_member_pages_through_the_blocked_actions_and_the_filter_stays(page, live_server, login, member):
    verbinden = Workstream.objects.get(slug="verbinden")
    Action.objects.bulk_create(
        Action(workstream=verbinden, title=f"Geblokkeerd {i:03}", status="blocked", touched_at=timezone.now())
        for i in range(60)
    )
    login(page, member)
    page.goto(f"{live_server.url}/workstreams/verbinden/")
    page.get_by_role("combobox", name="Status").select_option("blocked")
    page.get_by_role("combobox", name="Sorteren op").select_option("title")
    rows = page.locator("#action-results tbody tr")
    expect(rows.first).to_contain_text("Geblokkeerd 000")
    expect(rows).to_have_count(50)

    pages = page.get_by_role("navigation", name="Pagina’s met acties")
    pages.get_by_role("link", name="Volgende").click()
    expect(page).to_have_url(re.compile(r"status=blocked.*pagina=2|pagina=2.*status=blocked"))
    expect(rows).to_have_count(10)
    expect(rows.first).to_contain_text("Geblokkeerd 050")
    expect(page.get_by_role("combobox", name="Status")).to_have_value("blocked")
    expect(pages.get_by_role("link", name="2")).to_have_attribute("aria-current", "page")
    screenshot(page, "workstream-actions-page-2")
    assert axe_violations(page) == []


def test_the_whole_history_link_shows_the_older_timeline(page, live_server, login, member):
    action = Action.objects.filter(workstream__slug="verbinden").order_by("position").first()
    ProgressNote.objects.bulk_create(
        ProgressNote(action=action, author=member, text=f"Notitie {i}") for i in range(TIMELINE_LIMIT + 5)
    )
    login(page, member)
    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    timeline = page.get_by_test_id("timeline")
    expect(timeline.locator("li")).to_have_count(TIMELINE_LIMIT)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Toon de hele geschiedenis").click()
    expect(timeline).to_contain_text("Actie aangemaakt")
    expect(timeline.locator("li")).to_have_count(TIMELINE_LIMIT + 5 + 1)
