"""Members' pages in real Chromium: updates in place, refusals, conflicts, language, accessibility."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations, screenshot
from workstreams.models import Action

pytestmark = pytest.mark.django_db(transaction=True)


def _action() -> Action:
    return Action.objects.filter(workstream__slug="verbinden").order_by("position").first()


def test_member_changes_status_and_adds_a_note_and_the_history_shows_both(page, live_server, login, member):
    action = _action()
    action.owner = member
    action.save()
    login(page, member)
    page.goto(f"{live_server.url}{action.get_absolute_url()}")

    page.get_by_role("combobox", name="Status").select_option("in_progress")
    page.get_by_role("button", name="Status opslaan").click()
    expect(page.get_by_text("Status gewijzigd in “Bezig”.")).to_be_visible()

    page.get_by_label("Voortgangsnotitie").fill("Eerste gesprek met NFIA gevoerd")
    page.get_by_role("button", name="Notitie toevoegen").click()
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("Eerste gesprek met NFIA gevoerd")
    expect(timeline).to_contain_text("Niet gestart → Bezig")
    expect(timeline.get_by_text("Lid").first).to_be_visible()

    page.get_by_role("button", name="Geen wijziging deze week").click()
    expect(timeline).to_contain_text("✓ Geen wijziging deze week")

    # Marking done asks for the result first.
    page.get_by_role("combobox", name="Status").select_option("done")
    expect(page.get_by_label("Resultaat")).to_be_visible()
    page.get_by_role("button", name="Status opslaan").click()
    expect(
        page.locator(".invalid-feedback").get_by_text("Vul bij een afgeronde actie in één regel het resultaat in.")
    ).to_be_visible()
    page.get_by_label("Resultaat").fill("Overzicht van 40 bedrijven gedeeld")
    page.get_by_role("button", name="Status opslaan").click()
    expect(timeline).to_contain_text("Bezig → Afgerond")

    # It was all done in place: still the same page, and the database agrees after a reload.
    page.reload()
    expect(page.get_by_test_id("timeline")).to_contain_text("Eerste gesprek met NFIA gevoerd")
    action.refresh_from_db()
    assert action.status == "done" and action.notes.count() == 2
    screenshot(page, "action-after-updates")
    assert axe_violations(page) == []


def test_viewer_finds_no_edit_control_and_a_forged_post_is_refused(page, live_server, login, viewer):
    action = _action()
    login(page, viewer)
    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(action.title)
    main = page.locator("main")
    # Following is not editing: the follow button is the only one a viewer gets.
    expect(main.locator("button:not(.follow-form button)")).to_have_count(0)
    expect(main.get_by_role("link", name="Actie bewerken")).to_have_count(0)
    expect(main.locator("form:not(.follow-form)")).to_have_count(0)

    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    for path, form in [
        (f"/workstreams/actions/{action.pk}/status/", {"status": "done", "result": "x", "version": "1"}),
        (f"/workstreams/actions/{action.pk}/notes/", {"text": "vervalst"}),
        (f"/workstreams/actions/{action.pk}/edit/", {"title": "vervalst", "status": "done", "version": "1"}),
        ("/workstreams/verbinden/actions/new/", {"title": "vervalst", "status": "not_started"}),
    ]:
        response = page.request.post(
            f"{live_server.url}{path}", form={"csrfmiddlewaretoken": token, **form}, headers={"X-CSRFToken": token}
        )
        assert response.status == 403, path
    action.refresh_from_db()
    assert action.status == "not_started" and not action.notes.exists()
    assert not Action.objects.filter(title="vervalst").exists()


def test_two_people_edit_the_same_action_and_the_second_sees_the_conflict(browser, live_server, login, member, trekker):
    action = _action()
    first = browser.new_context()
    second = browser.new_context()
    try:
        page_a, page_b = first.new_page(), second.new_page()
        login(page_a, trekker)
        login(page_b, member)
        edit_url = f"{live_server.url}/workstreams/actions/{action.pk}/edit/"
        page_a.goto(edit_url)
        page_b.goto(edit_url)

        page_a.get_by_role("combobox", name="Status").select_option("blocked")
        page_a.get_by_role("button", name="Opslaan").click()
        expect(page_a.get_by_text("Actie opgeslagen.")).to_be_visible()

        page_b.get_by_label("Titel").fill("Titel van het lid")
        page_b.get_by_role("button", name="Opslaan").click()
        alert = page_b.get_by_role("alert")
        expect(alert).to_contain_text("iemand anders heeft deze actie intussen gewijzigd")
        expect(alert).to_contain_text("Trekker")
        expect(alert).to_contain_text("Niet gestart → Geblokkeerd")
        expect(page_b.get_by_label("Titel")).to_have_value("Titel van het lid")
        screenshot(page_b, "action-edit-conflict")

        action.refresh_from_db()
        assert action.status == "blocked" and action.title != "Titel van het lid"

        # Saving again, now knowingly, goes through.
        page_b.get_by_role("button", name="Opslaan").click()
        expect(page_b.get_by_text("Actie opgeslagen.")).to_be_visible()
        action.refresh_from_db()
        assert action.title == "Titel van het lid" and action.status == "blocked"
    finally:
        first.close()
        second.close()


def test_the_language_switch_turns_the_page_english_and_back(page, live_server, login, member):
    login(page, member)
    page.goto(f"{live_server.url}/mijn-werk/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wijzigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    expect(page.get_by_role("link", name="Workstreams")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/mijn-werk/$"))
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_label("Language").select_option("nl")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    assert page.locator("html").get_attribute("lang") == "nl"


def test_main_member_pages_have_no_serious_accessibility_violations(page, live_server, login, trekker):
    action = _action()
    action.owner = trekker
    action.save()
    login(page, trekker)
    for name, path in [
        ("my-work", "/mijn-werk/"),
        ("workstream", "/workstreams/verbinden/"),
        ("workstream-list", "/workstreams/"),
        ("action", action.get_absolute_url()),
        ("action-edit", f"/workstreams/actions/{action.pk}/edit/"),
        ("action-new", "/workstreams/verbinden/actions/new/"),
        ("search", "/search/?q=vaccin"),
        ("password-change", "/accounts/password_change/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        screenshot(page, name)
        assert axe_violations(page) == [], name


def test_password_reset_pages_have_no_serious_accessibility_violations(page, live_server):
    for name, path in [("login", "/accounts/login/"), ("password-reset", "/accounts/password_reset/")]:
        page.goto(f"{live_server.url}{path}")
        screenshot(page, name)
        assert axe_violations(page) == [], name


def test_workstream_filters_update_the_list_in_place(page, live_server, login, member):
    blocked = _action()
    blocked.status = "blocked"
    blocked.save()
    login(page, member)
    page.goto(f"{live_server.url}/workstreams/verbinden/")
    rows = page.locator("#action-results tbody tr")
    expect(rows).to_have_count(3)
    page.get_by_role("combobox", name="Status").select_option("blocked")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(blocked.title)
    expect(page).to_have_url(re.compile(r"status=blocked"))
