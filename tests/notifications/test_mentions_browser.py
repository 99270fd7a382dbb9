"""In real Chromium: a member mentions another in a progress note; the other sees the unread count,
opens the notification, lands on the note, and gets exactly one mail at a real SMTP server."""

import re

import pytest
from playwright.sync_api import expect

from mailings.notices import notifications_send
from notifications.models import Notification
from tests.conftest import axe_violations, screenshot
from tests.factories import make_action
from workstreams.models import ProgressNote

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_mentions_another_who_sees_the_count_lands_on_the_note_and_gets_one_mail(
    browser, live_server, login, smtp_server, in_week_four, verbinden, member, other_member
):
    action = make_action(verbinden, "Rondetafel met vaccinproducenten")

    writer = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    login(writer, member)
    writer.goto(f"{live_server.url}{action.get_absolute_url()}")
    box = writer.locator("textarea[name=text]")
    box.fill("Graag uw blik hierop, @ander")
    # The picker offers the people who may read the action; choosing one completes the name.
    option = writer.get_by_role("option", name="Anderlid @anderlid")
    expect(option).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(box).to_have_value("Graag uw blik hierop, @anderlid ")
    box.press_sequentially("voor donderdag?")
    writer.get_by_role("button", name="Notitie toevoegen").click()
    expect(writer.get_by_text("Graag uw blik hierop, @anderlid voor donderdag?")).to_be_visible()
    note = ProgressNote.objects.get(action=action)

    # What the Celery task does once the note is saved (the test has no worker).
    notifications_send(notification_ids=list(Notification.objects.values_list("pk", flat=True)))

    reader = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    login(reader, other_member)
    reader.goto(f"{live_server.url}/")
    link = reader.get_by_role("link", name="Meldingen 1 ongelezen")
    expect(link).to_be_visible()
    link.click()
    screenshot(reader, "notifications-list-mobile")
    assert axe_violations(reader) == []
    reader.get_by_role("link", name="Lid noemde u bij “Rondetafel met vaccinproducenten”.").click()
    expect(reader).to_have_url(re.compile(re.escape(f"{action.get_absolute_url()}#note-{note.pk}") + "$"))
    expect(reader.locator(f"#note-{note.pk}")).to_contain_text("@anderlid voor donderdag?")

    assert [m["To"] for m in smtp_server.messages] == [other_member.email]
    body = smtp_server.messages[0].get_body(("plain",)).get_content()
    assert f"{action.get_absolute_url()}#note-{note.pk}" in body
