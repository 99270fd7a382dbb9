"""Mijn werk: my actions grouped by what needs doing, and my next meeting."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import make_action
from workstreams.models import Workstream

pytestmark = pytest.mark.django_db

TUESDAY = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)  # week 4


def _titles(html: str, section_id: str) -> list[str]:
    start = html.index(f'id="{section_id}"')
    end = html.find("</section>", start)
    return re.findall(r'<a href="/workstreams/actions/\d+/">([^<]+)</a>', html[start:end])


def test_my_work_groups_overdue_this_week_and_the_rest_by_status(client, member):
    verbinden = Workstream.objects.get(slug="verbinden")
    with time_machine.travel(TUESDAY, tick=False):
        make_action(verbinden, "Te laat", member, dt.date(2026, 11, 20))
        make_action(verbinden, "Deze week", member, dt.date(2026, 11, 29))
        make_action(verbinden, "Geblokkeerd later", member, dt.date(2026, 12, 20), "blocked")
        make_action(verbinden, "Bezig later", member, dt.date(2026, 12, 10), "in_progress", touched_days_ago=15)
        make_action(verbinden, "Al klaar", member, dt.date(2026, 11, 20), "done")
        make_action(verbinden, "Van een ander", None, dt.date(2026, 11, 20))
        client.force_login(member)
        html = client.get(reverse("my_work")).content.decode()
    assert _titles(html, "overdue") == ["Te laat"]
    assert _titles(html, "this-week") == ["Deze week"]
    assert _titles(html, "status-blocked") == ["Geblokkeerd later"]
    assert _titles(html, "status-in_progress") == ["Bezig later"]
    assert html.index('id="status-blocked"') < html.index('id="status-in_progress"')
    mine = html[html.index("Mijn acties</h2>") :]
    assert "Al klaar" not in html and "Van een ander" not in mine
    assert mine.count("Stil: 14 dagen niet bijgewerkt") == 1


def test_my_work_shows_my_next_workstream_meeting_not_another_workstreams(client, member, other_member):
    with time_machine.travel(TUESDAY, tick=False):
        Meeting.objects.create(
            workstream=Workstream.objects.get(slug="voorkomen"),
            title="Voorkomen wekelijks",
            starts_at=TUESDAY + dt.timedelta(hours=2),
        )
        Meeting.objects.create(title="Taskforce wekelijks", starts_at=TUESDAY + dt.timedelta(hours=3))
        Meeting.objects.create(
            workstream=Workstream.objects.get(slug="verbinden"),
            title="Verbinden vorige week",
            starts_at=TUESDAY - dt.timedelta(days=7),
        )
        Meeting.objects.create(
            workstream=Workstream.objects.get(slug="verbinden"),
            title="Verbinden wekelijks",
            starts_at=TUESDAY + dt.timedelta(days=1),
        )
        client.force_login(member)
        html = client.get(reverse("my_work")).content.decode()
    assert "Verbinden wekelijks" in html
    assert "Voorkomen wekelijks" not in html and "Taskforce wekelijks" not in html


def test_my_work_of_a_taskforce_member_shows_the_taskforce_meeting(client, taskforce_member):
    with time_machine.travel(TUESDAY, tick=False):
        Meeting.objects.create(title="Taskforce wekelijks", starts_at=TUESDAY + dt.timedelta(hours=3))
        client.force_login(taskforce_member)
        html = client.get(reverse("my_work")).content.decode()
    assert "Taskforce wekelijks" in html


def test_a_new_member_sees_their_workstreams_what_is_blocked_or_late_there_and_the_next_meeting(
    client, taskforce, in_week_four
):
    import datetime as dt

    from django.utils import timezone

    from meetings.models import Meeting
    from tests.factories import make_user
    from workstreams.models import Action, Workstream

    newcomer = make_user("nieuw", "member", workstream="verbinden")
    verbinden = Workstream.objects.get(slug="verbinden")
    blocked = Action.objects.create(workstream=verbinden, title="Wacht op vergunning", status="blocked")
    late = Action.objects.create(
        workstream=verbinden, title="Te laat ingeleverd", due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    Meeting.objects.create(
        workstream=verbinden, title="Weekoverleg Verbinden", starts_at=timezone.now() + dt.timedelta(days=2)
    )
    client.force_login(newcomer)
    html = client.get("/mijn-werk/").content.decode()
    assert "Mijn werkstromen" in html and 'href="/workstreams/verbinden/"' in html
    assert f'href="{blocked.get_absolute_url()}"' in html and f'href="{late.get_absolute_url()}"' in html
    assert "Weekoverleg Verbinden" in html
    assert "U heeft geen openstaande acties." in html  # their own list is empty, and says so
