"""The search page in real Chromium, narrow and wide: readable, accessible, and a hit opens its page."""

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations, screenshot
from tests.factories import make_action, make_collaboration
from workstreams.models import ProgressNote

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_member_searches_from_the_menu_and_opens_a_note_it_found(
    page, live_server, login, member, verbinden, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    action = make_action(verbinden, "Koelcel inrichten", description="Een koelcel voor de vaccins")
    note = ProgressNote.objects.create(action=action, author=member, text="Offerte voor de koelcel ontvangen.")
    make_collaboration(verbinden, company="Koelcel BV", partner="Fabrikant")
    login(page, member)
    if width < 1200:
        page.get_by_role("button", name="Menu openen").click()
    page.get_by_label("Zoek in de taskforce").fill("koelcel")
    page.get_by_label("Zoek in de taskforce").press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Zoeken"
    assert page.get_by_role("status").inner_text().startswith("3 resultaten voor “koelcel”.")
    assert page.get_by_label("Zoek in alles wat u in de taskforce kunt lezen").input_value() == "koelcel"
    kinds = page.get_by_role("navigation", name="Resultaten per soort")
    assert kinds.get_by_role("link", name="Alles 3").get_attribute("aria-current") == "page"
    assert page.locator(".search-hit mark").first.inner_text().lower() == "koelcel"
    screenshot(page, f"search-results-{width}")
    assert axe_violations(page) == []

    kinds.get_by_role("link", name="Voortgangsnotities 1").click()
    expect(page.locator(".search-hit")).to_have_count(1)
    page.locator(".search-hit").get_by_role("link", name="Koelcel inrichten").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"?alles=1#note-{note.pk}")
    expect(page.locator(f"#note-{note.pk}")).to_be_visible()

    page.goto(f"{live_server.url}/search/?q=qwxzyv")
    expect(page.get_by_text("Niets gevonden voor “qwxzyv”.")).to_be_visible()
    screenshot(page, f"search-empty-{width}")
    assert axe_violations(page) == []
