"""Every action, recommendation and agenda line in a mail links to its page, with the site's address,
and no mail shows a heading with nothing under it."""

import re
from html.parser import HTMLParser

import pytest
import time_machine
from django.conf import settings
from django.core import mail as django_mail

from mailings.alerts import deadline_message, red_alert_message
from taskforce.models import User
from tests.factories import WEEK_NOW, WEEK_TODAY, build_week
from tests.mailings.test_digest import mail_to, parts, run
from workstreams.models import Action, Workstream

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(member, other_member):
    """The week of test_digest, with one action blocked (quietly: not a status change of the week)."""
    week = build_week(member, other_member)
    Action.objects.filter(pk=week["others"].pk).update(status=Action.Status.BLOCKED)
    week["blocked"] = Action.objects.get(pk=week["others"].pk)
    return week


class _Unlinked(HTMLParser):
    """The text of an HTML mail outside any link."""

    def __init__(self):
        super().__init__()
        self.depth, self.outside = 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "a"

    def handle_endtag(self, tag):
        self.depth -= tag == "a"

    def handle_data(self, data):
        if not self.depth:
            self.outside.append(data)


def unlinked_text(html: str) -> str:
    parser = _Unlinked()
    parser.feed(html)
    return "\n".join(parser.outside)


def link_of(obj) -> str:
    return settings.SITE_URL + obj.get_absolute_url()


def assert_every_action_links_to_its_page(text: str, html: str) -> list[Action]:
    shown = [action for action in Action.objects.all() if action.title in html]
    assert shown, "the mail names no action at all"
    outside = unlinked_text(html)
    assert [a.title for a in shown if a.title in outside] == [], "an action named without its link"
    for action in shown:
        assert f'href="{link_of(action)}"' in html
        assert action.title in text and link_of(action) in text
    assert not re.search(r'href="/', html), "a link without the site's address"
    return shown


def assert_no_empty_sections(html: str):
    assert not re.search(r"<(ul|ol)>\s*</\1>", html), "an empty list"
    # A heading followed by one of its own level or above, or by the end, has nothing under it.
    assert not re.search(r"</h3>\s*<h[1-3]|</h2>\s*<h[12]|</h[23]>\s*(<footer|</body)", html), "an empty heading"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_members_digest_links_every_action_and_agenda_line(week, member, language):
    User.objects.filter(pk=member.pk).update(language=language)
    run()
    text, html = parts(mail_to(member))
    shown = assert_every_action_links_to_its_page(text, html)
    assert week["overdue"] in shown and week["new"] in shown and week["changed"] in shown
    assert_no_empty_sections(html)
    agenda = html.split("Voorgestelde agenda" if language == "nl" else "Proposed agenda")[1]
    assert f'<a href="{link_of(week["overdue"])}">' in agenda


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_viewers_digest_names_the_blocked_action_and_has_no_empty_agenda(week, viewer, language):
    User.objects.filter(pk=viewer.pk).update(language=language)
    run()
    text, html = parts(mail_to(viewer))
    assert "agenda" not in html.lower() and "agenda" not in text.lower()
    assert ("1 actie geblokkeerd." if language == "nl" else "1 action blocked.") in text
    blocked = week["blocked"]
    assert f'<a href="{link_of(blocked)}">{blocked.title}</a>' in html
    assert f"- {blocked.title}\n      {link_of(blocked)}" in text
    assert_every_action_links_to_its_page(text, html)
    assert_no_empty_sections(html)
    for workstream in Workstream.objects.all():
        assert link_of(workstream) in text and f'href="{link_of(workstream)}"' in html


def test_the_red_alert_and_the_deadline_status_link_every_action(week, trekker):
    with time_machine.travel(WEEK_NOW, tick=False):
        red = red_alert_message(user=trekker, workstream=week["voorkomen"], today=WEEK_TODAY)
        status = deadline_message(user=trekker, weeks=11, today=WEEK_TODAY)
    for message in (red, status):
        assert message is not None
        text, html = parts(message)
        assert_every_action_links_to_its_page(text, html)
        assert_no_empty_sections(html)
    assert django_mail.outbox == []
