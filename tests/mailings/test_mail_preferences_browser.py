"""The mail pages in a real browser, with axe-core."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from mailings.mail import UNSUBSCRIBE_MAX_AGE, unsubscribe_url
from tests.conftest import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_switches_the_digest_off_from_the_menu(page, live_server, login, member):
    login(page, member)
    page.locator("#user-menu").click()
    page.get_by_role("link", name="E-mail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mail")
    assert axe_violations(page) == []
    page.get_by_label("Wekelijkse samenvatting").uncheck()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Uw e-mailinstellingen zijn opgeslagen.")).to_be_visible()
    assert not page.get_by_label("Wekelijkse samenvatting").is_checked()
    # A member's role gets no alerts: the page says so instead of offering a switch.
    expect(page.get_by_text("in uw rol ontvangt u ze niet")).to_be_visible()
    screenshot(page, "mail-preferences")
    member.refresh_from_db()
    assert not member.digest_enabled


def test_anyone_with_the_link_unsubscribes_after_one_click(page, live_server, member):
    path = unsubscribe_url(member, "digest").removeprefix("http://127.0.0.1:8000")
    page.goto(live_server.url + path)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ja, meld mij af").click()
    expect(page.get_by_text("u ontvangt de wekelijkse samenvatting niet meer")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "mail-unsubscribed")
    member.refresh_from_db()
    assert not member.digest_enabled


def test_a_broken_link_gets_a_polite_page(page, live_server, member):
    response = page.goto(f"{live_server.url}/account/mail/unsubscribe/digest/broken-token/")
    assert response.status == 400
    assert page.get_by_role("heading", level=1).inner_text() == "Deze afmeldlink werkt niet"
    assert axe_violations(page) == []


def test_an_expired_link_says_so_and_leads_to_the_preferences_after_login(page, live_server, member):
    with time_machine.travel(timezone.now() - UNSUBSCRIBE_MAX_AGE - dt.timedelta(days=1), tick=False):
        path = unsubscribe_url(member, "digest").removeprefix("http://127.0.0.1:8000")
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    response = page.goto(live_server.url + path)
    assert response.status == 410
    assert page.get_by_role("heading", level=1).inner_text() == "Deze afmeldlink is verlopen"
    assert axe_violations(page) == []
    # The 410 itself is logged; nothing else, such as a Permissions-Policy feature Chromium does not know.
    assert [e for e in console_errors if "status of 410" not in e] == []
    screenshot(page, "mail-unsubscribe-expired")
    page.get_by_role("link", name="Inloggen en naar uw e-mailinstellingen").click()
    page.get_by_label("Gebruikersnaam").fill(member.username)
    page.get_by_label("Wachtwoord").fill("pw")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mail")
    assert page.get_by_label("Wekelijkse samenvatting").is_checked()
