"""In real Chromium: text limits counted as one types, nothing cut off, and the focus after saving."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations, screenshot
from workstreams.models import Action

pytestmark = pytest.mark.django_db(transaction=True)

ACTIVE = "() => document.activeElement"


def _action() -> Action:
    return Action.objects.filter(workstream__slug="verbinden").order_by("position").first()


def _active_is_in_main(page) -> bool:
    return page.evaluate("() => !!document.activeElement.closest('main') && !document.activeElement.closest('footer')")


def test_member_pastes_a_note_over_the_limit_sees_it_counted_and_refused_and_keeps_it(page, live_server, login, member):
    action = _action()
    login(page, member)
    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    note = page.get_by_label("Voortgangsnotitie")
    help_text = page.locator("#id_text_helptext")
    expect(help_text).to_have_text("0 van 2.000 tekens")
    expect(note).to_have_attribute("aria-describedby", re.compile(r"\bid_text_helptext\b"))  # and the @mention help
    announcer = page.locator("#id_text_helptext + [role=status]")

    # Near the limit the count is announced once, not on every key.
    note.fill("a" * 1850)
    expect(help_text).to_have_text("1.850 van 2.000 tekens")
    expect(announcer).to_have_text("1.850 van 2.000 tekens")
    note.press("End")
    note.press("b")
    expect(help_text).to_have_text("1.851 van 2.000 tekens")
    expect(announcer).to_have_text("1.850 van 2.000 tekens")

    # Pasting past the limit keeps every character and says so at once.
    text = "Gesprek met NFIA. " * 120  # 2,160 characters
    note.fill("")
    note.focus()
    page.keyboard.insert_text(text)
    assert note.input_value() == text
    over = "Te lang: 2.160 van hoogstens 2.000 tekens. Maak de tekst korter."
    expect(help_text).to_have_text(over)
    expect(announcer).to_have_text(over)

    # Saving with the keyboard: the server refuses, the text is all there and the summary has the focus.
    page.get_by_role("button", name="Notitie toevoegen").focus()
    page.keyboard.press("Enter")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text("Voortgangsnotitie: Zorg dat deze waarde niet meer dan 2000 tekens bevat")
    expect(page.get_by_label("Voortgangsnotitie")).to_have_value(text)
    expect(page.get_by_label("Voortgangsnotitie")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_text_helptext")).to_have_text(over)
    assert not action.notes.exists()
    assert axe_violations(page) == []

    # The summary links to the field; shortened, the note is saved and its message takes the focus.
    summary.get_by_role("link").click()
    expect(page.get_by_label("Voortgangsnotitie")).to_be_focused()
    page.get_by_label("Voortgangsnotitie").fill("Gesprek met NFIA gevoerd.")
    page.get_by_role("button", name="Notitie toevoegen").focus()
    page.keyboard.press("Enter")
    message = page.locator("#action-panel [data-feedback]")
    expect(message).to_have_text("Notitie toegevoegd.")
    expect(message).to_be_focused()
    assert action.notes.get().text == "Gesprek met NFIA gevoerd."
    screenshot(page, "note-saved-after-refusal")


def test_after_saving_a_status_with_the_keyboard_the_message_has_the_focus_and_tab_goes_on_in_main(
    page, live_server, login, member
):
    action = _action()
    login(page, member)
    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    page.get_by_role("combobox", name="Status").select_option("in_progress")
    page.get_by_role("button", name="Status opslaan").focus()
    page.keyboard.press("Enter")

    message = page.get_by_role("status").filter(has_text="Status gewijzigd in “Bezig”.")
    expect(message).to_be_focused()
    assert page.evaluate(ACTIVE + ".getAttribute('role')") == "status"
    page.keyboard.press("Tab")
    assert _active_is_in_main(page)
    assert page.evaluate(ACTIVE + ".textContent.trim()") == "Verbinden"  # the first link after the message
    assert axe_violations(page) == []


def test_after_saving_a_whole_form_the_page_lands_on_its_message_in_english_too(page, live_server, login, member):
    member.language = "en"
    member.save()
    action = _action()
    login(page, member)
    page.goto(f"{live_server.url}/workstreams/actions/{action.pk}/edit/")
    title = page.get_by_label("Title")
    expect(page.locator("#id_title_helptext")).to_have_text(f"{len(action.title)} of 200 characters")
    title.fill("Matchmaking " * 20)  # 240 characters
    expect(page.locator("#id_title_helptext")).to_have_text(
        "Too long: 240 of at most 200 characters. Please shorten the text."
    )
    title.press("Enter")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Not saved: please correct the following.")
    expect(page.get_by_label("Title")).to_have_value("Matchmaking " * 20)

    page.get_by_label("Title").fill("Matchmakingdag met NFIA")
    page.get_by_label("Title").press("Enter")
    page.wait_for_url(f"**{action.get_absolute_url()}")
    message = page.locator("main > [data-feedback]")
    expect(message).to_have_text("Action saved.")
    expect(message).to_have_attribute("role", "status")
    expect(message).to_be_focused()
    page.keyboard.press("Tab")
    assert _active_is_in_main(page)
    assert axe_violations(page) == []


def _contrast(page, selector: str, background_selector: str) -> float:
    return page.evaluate(
        """([selector, backgroundSelector]) => {
            const rgb = (text) => text.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
            const luminance = ([r, g, b]) => {
                const linear = (v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
                const c = [r, g, b].map(linear);
                return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
            };
            const ring = getComputedStyle(document.activeElement);
            if (ring.outlineStyle === "none" || parseFloat(ring.outlineWidth) < 2) return 0;
            const [a, b] = [luminance(rgb(ring.outlineColor)),
                            luminance(rgb(getComputedStyle(document.querySelector(backgroundSelector)).backgroundColor))];
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
        [selector, background_selector],
    )


def test_the_focus_ring_stands_out_on_the_dark_menu_bar_and_on_the_page(page, live_server, login, member):
    login(page, member)
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand on the menu bar
    assert page.evaluate("() => !!document.activeElement.closest('nav.bg-rijk')")
    assert _contrast(page, ":focus", "nav.bg-rijk") >= 3
    page.locator("#user-menu").click()
    page.locator(".dropdown-menu .dropdown-item").first.focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => !!document.activeElement.closest('.dropdown-menu')")
    assert _contrast(page, ":focus", ".dropdown-menu") >= 3
    page.keyboard.press("Escape")
    page.locator("main a").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')")
    assert _contrast(page, ":focus", "body") >= 3
