"""A trekker reaches the weekly update from Mijn werk and the workstream page; the meeting agenda's
weekly-rhythm items link to the update or recovery plan they are about."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import AMS, make_update
from updates.models import Delegate, RecoveryPlan

pytestmark = pytest.mark.django_db

MEETING = dt.date(2026, 11, 24)
MONDAY = dt.datetime(2026, 11, 23, 9, tzinfo=AMS)


def test_the_trekker_whose_update_is_due_finds_weekupdate_schrijven_on_mijn_werk(
    client, trekker, member, taskforce_member, verbinden
):
    with time_machine.travel(MONDAY, tick=True):
        client.force_login(trekker)
        page = client.get(reverse("my_work")).content.decode()
        assert "Weekupdate schrijven" in page and reverse("updates:edit", args=["verbinden"]) in page
        client.force_login(member)
        assert "Weekupdate schrijven" not in client.get(reverse("my_work")).content.decode()
        make_update(verbinden, trekker, MEETING)
        client.force_login(trekker)
        assert 'data-testid="updates-due"' not in client.get(reverse("my_work")).content.decode()


def test_a_delegated_member_finds_the_update_on_mijn_werk_and_a_returned_one_asks_to_be_revised(
    client, trekker, member, taskforce_member, verbinden
):
    from updates import services

    with time_machine.travel(MONDAY, tick=True):
        Delegate.objects.create(workstream=verbinden, user=member)
        client.force_login(member)
        assert "Weekupdate schrijven" in client.get(reverse("my_work")).content.decode()
        update = make_update(verbinden, member, MEETING)
        services.update_review(
            version=update.versions.get(), user=taskforce_member, decision="returned", comments=[("general", "Kort")]
        )
        page = client.get(reverse("my_work")).content.decode()
        assert "Weekupdate herzien" in page and "is teruggestuurd" in page


def test_the_workstream_page_offers_the_update_to_its_writers_only(client, trekker, member, secretariat):
    url = reverse("workstreams:detail", args=["verbinden"])
    for person, offered in ((trekker, True), (secretariat, True), (member, False)):
        client.force_login(person)
        page = client.get(url).content.decode()
        assert ("Weekupdate schrijven" in page) is offered
        assert reverse("dashboard_workstream", args=["verbinden"]) in page


def test_the_agenda_links_its_update_and_recovery_items_to_their_pages(
    client, trekker, taskforce_member, verbinden, voorkomen
):
    with time_machine.travel(MONDAY, tick=True):
        make_update(verbinden, trekker, MEETING, "red", reviewer=taskforce_member, reviewer_rating="amber")
        meeting = Meeting.objects.create(title="Taskforce", starts_at=dt.datetime(2026, 11, 24, 10, tzinfo=AMS))
        items = {(item.kind, item.text): item.url for item in meeting.proposed_agenda(MONDAY.date())}
        plan = RecoveryPlan.objects.get(workstream=verbinden)
        assert items[("recovery_plan", "Verbinden")] == reverse("updates:recovery", args=["verbinden"])
        assert items[("rating_disagreement", "Verbinden")] == verbinden.updates.get().get_absolute_url()
        assert items[("update_missing", str(voorkomen))] == reverse("updates:list")
        client.force_login(taskforce_member)
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert f'href="{reverse("updates:recovery", args=["verbinden"])}"' in page
        assert plan.closed_on is None
