"""Meetings in real Chromium: the proposed agenda lists an overdue action; an action item is agreed."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import axe_violations, screenshot
from workstreams.models import Action

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py


def test_the_meeting_agenda_lists_an_overdue_action(page, live_server, login, member, ws_meeting, verbinden):
    late = Action.objects.create(
        workstream=verbinden,
        title="Matchmaking event organiseren",
        owner=member,
        due_date=timezone.localdate() - dt.timedelta(days=3),
    )
    login(page, member)
    page.goto(f"{live_server.url}/meetings/")
    page.get_by_role("link", name=ws_meeting.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ws_meeting.title)

    agenda = page.locator("#proposed-agenda > li")
    first = agenda.first
    assert "Over de deadline" in first.inner_text()
    assert first.get_by_role("link", name=late.title).get_attribute("href") == late.get_absolute_url()
    assert agenda.last.inner_text().endswith("Bidbook")  # free items come last
    assert page.get_by_role("button", name="Actiepunt toevoegen").count() == 0  # a member does not run the meeting
    screenshot(page, "meeting-detail")
    assert axe_violations(page) == []


def test_trekker_agrees_an_action_item_in_the_meeting(page, live_server, login, trekker, member, ws_meeting):
    login(page, trekker)
    page.goto(f"{live_server.url}/meetings/{ws_meeting.pk}/")
    page.get_by_role("button", name="Actiepunt toevoegen").click()
    assert (
        page.locator(".invalid-feedback").get_by_text("Dit veld is verplicht.").is_visible()
    )  # empty title, page re-rendered

    page.get_by_role("textbox", name="Actie").fill("Bidbook opstellen")
    page.get_by_label("Eigenaar").select_option(label=str(member))
    page.get_by_label("Deadline").fill((timezone.localdate() + dt.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Actiepunt toevoegen").click()
    expect(page.get_by_text("Het actiepunt is toegevoegd")).to_be_visible()
    expect(page.locator("#action-items + div table").get_by_role("link", name="Bidbook opstellen")).to_be_visible()
    assert Action.objects.get(title="Bidbook opstellen").meeting_id == ws_meeting.pk
    screenshot(page, "meeting-detail-trekker")
    assert axe_violations(page) == []


def test_meeting_list_and_form_are_accessible(page, live_server, login, trekker, tf_meeting, ws_meeting):
    login(page, trekker)
    page.goto(f"{live_server.url}/meetings/")
    assert page.locator("nav a[aria-current='page']").inner_text() == "Vergaderingen"
    screenshot(page, "meeting-list")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Verbinden", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe vergadering van Verbinden")
    screenshot(page, "meeting-form")
    assert axe_violations(page) == []
    page.get_by_label("Titel").fill("Verbinden week 5")
    page.get_by_label("Datum en tijd").fill((timezone.localdate() + dt.timedelta(days=7)).isoformat() + "T10:00")
    page.get_by_label(str(trekker)).check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verbinden week 5")
    screenshot(page, "meeting-created")
    assert axe_violations(page) == []
