"""In Chromium: the secretariat publishes a frozen report from the reports page and revokes it after a
confirmation; an anonymous visitor reads it, then finds a clear 410 page. The public pages and the
accessibility statement are axe-clean at 1280 and 390 px, in Dutch and English."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.conftest import axe_violations, screenshot
from tests.factories import make_report
from tests.taskforce.test_layout_browser import STICKING_OUT

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four")]

SIZES = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}


def visitor(browser, live_server, language: str, size: str):
    context = browser.new_context(viewport=SIZES[size])
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    return context.new_page()


def fits(page) -> bool:
    """Nothing scrolls sideways: the page is no wider than the window, and nothing sticks out."""
    wide = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 0.5")
    return not wide and page.evaluate(STICKING_OUT) == []


def test_the_secretariat_publishes_and_revokes_and_a_visitor_sees_each_step(
    page, browser, live_server, login, secretariat
):
    make_report(week=4)
    login(page, secretariat)
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name="Openbaar maken").click()
    expect(page.get_by_role("heading", name="Rapportage openbaar maken")).to_be_visible()
    # A ground without saying what was left out: refused, the choice kept.
    page.get_by_label("Informatiecategorie").select_option(label="Jaarplannen en jaarverslagen")
    page.get_by_label("5.1 lid 2e: de eerbiediging van de persoonlijke levenssfeer").check()
    page.get_by_role("button", name="Openbaar maken").click()
    expect(page.get_by_text("Beschrijf wat is weggelaten op de gekozen gronden.").first).to_be_visible()
    assert page.get_by_label("5.1 lid 2e: de eerbiediging van de persoonlijke levenssfeer").is_checked()
    assert axe_violations(page) == []
    screenshot(page, "publications-publish-errors-nl-1280")
    page.get_by_label("Wat is weggelaten").fill("Namen van medewerkers")
    page.get_by_role("button", name="Openbaar maken").click()
    expect(page.get_by_text("De rapportage is openbaar gemaakt.")).to_be_visible()
    screenshot(page, "publications-reports-page-nl-1280")
    public_url = page.get_by_role("link", name="Openbare link").get_attribute("href")

    for language in ("nl", "en"):
        for size in SIZES:
            tab = visitor(browser, live_server, language, size)
            tab.goto(live_server.url + public_url)
            assert tab.locator("h1").inner_text() == "Voortgangsrapportage Taskforce Vaccins, week 4"
            assert axe_violations(tab) == [], (language, size)
            assert fits(tab), (language, size)
            screenshot(tab, f"publications-detail-{language}-{size}")
            tab.goto(f"{live_server.url}/openbaar/")
            title = "Voortgangsrapportage Taskforce Vaccins, week 4"
            expect(tab.get_by_role("link", name=title, exact=True)).to_be_visible()
            assert axe_violations(tab) == [], (language, size)
            screenshot(tab, f"publications-list-{language}-{size}")
            assert not [c for c in tab.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
            tab.context.close()

    page.get_by_role("link", name="Intrekken").click()
    expect(page.get_by_role("heading", name="Openbare link intrekken?")).to_be_visible()
    screenshot(page, "publications-revoke-confirm-nl-1280")
    page.get_by_role("button", name="Ja, intrekken").click()
    expect(page.get_by_text("De openbare link is ingetrokken; hij werkt niet meer.")).to_be_visible()

    for language, heading in (
        ("nl", "Dit document is niet meer openbaar"),
        ("en", "This document is no longer public"),
    ):
        for size in SIZES:
            tab = visitor(browser, live_server, language, size)
            response = tab.goto(live_server.url + public_url)
            assert response.status == 410
            assert tab.locator("h1").inner_text() == heading
            assert axe_violations(tab) == [], (language, size)
            screenshot(tab, f"publications-gone-{language}-{size}")
            tab.context.close()


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("size", list(SIZES))
def test_the_accessibility_statement_reads_well_for_everyone(browser, live_server, taskforce, language, size):
    tab = visitor(browser, live_server, language, size)
    tab.goto(f"{live_server.url}/accounts/login/")
    name = "Toegankelijkheid" if language == "nl" else "Accessibility"
    tab.get_by_role("link", name=name, exact=True).click()

    heading = "Toegankelijkheidsverklaring" if language == "nl" else "Accessibility statement"
    assert tab.locator("h1").inner_text() == heading
    assert axe_violations(tab) == []
    assert fits(tab)
    tab.get_by_text("Welke pagina's zijn gecontroleerd?" if language == "nl" else "Which pages were checked?").click()
    screenshot(tab, f"accessibility-statement-{language}-{size}")
    tab.context.close()
