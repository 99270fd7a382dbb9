"""The calendar page in real Chromium: a person copies their feed link, and makes a new one."""

import icalendar
import pytest
from playwright.sync_api import expect

from calendars.models import CalendarFeed
from tests.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py


@pytest.fixture
def site_url(settings, live_server):
    settings.SITE_URL = live_server.url


@pytest.fixture
def clipboard_page(browser, live_server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def test_member_copies_their_feed_link_and_resets_it(clipboard_page, live_server, login, member, ws_meeting, site_url):
    page = clipboard_page
    login(page, member)
    page.goto(f"{live_server.url}/meetings/")
    page.get_by_role("link", name="Link kopiëren of vernieuwen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    assert page.locator("#user-menu").get_attribute("class").endswith("active")

    page.get_by_role("button", name="Kopiëren – Link naar uw eigen agenda").click()
    # The script confirms after the clipboard answers: wait for it, as a person would.
    expect(page.get_by_role("status").filter(has_text="Gekopieerd.")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.get_by_label("Link naar uw eigen agenda").input_value()
    assert copied == f"{live_server.url}/feeds/{CalendarFeed.objects.get(user=member).token}.ics"

    # A calendar program fetches it without the session: a fresh request context has no cookies.
    anonymous = page.context.browser.new_context().request
    feed = anonymous.get(copied)
    assert feed.status == 200
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")}
    assert any(uid.startswith(f"meeting-{ws_meeting.pk}@") for uid in uids)
    screenshot(page, "calendar-settings")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Nieuwe links maken").click()
    expect(page.get_by_text("Uw agenda-links zijn vernieuwd. De oude links werken niet meer.")).to_be_visible()
    renewed = page.get_by_label("Link naar uw eigen agenda").input_value()
    assert renewed != copied
    assert anonymous.get(copied).status == 404
    assert anonymous.get(renewed).status == 200
    anonymous.dispose()


def test_calendar_page_fits_a_phone(page, live_server, login, member):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, member)
    page.goto(f"{live_server.url}/account/calendar/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "calendar-settings-phone")
    assert axe_violations(page) == []


def test_meetings_page_with_its_add_to_calendar_links_fits_a_phone(page, live_server, login, member, ws_meeting):
    """The links' hidden text (the meeting's name for screen readers) stays inside the table's scroller."""
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, member)
    page.goto(f"{live_server.url}/meetings/")
    link = page.get_by_role("link", name=f"Toevoegen – {ws_meeting.title}, {ws_meeting.starts_at:%d-%m-%Y} (.ics)")
    assert link.get_attribute("href") == f"/meetings/{ws_meeting.pk}/calendar.ics"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "meeting-list-phone")
    assert axe_violations(page) == []
