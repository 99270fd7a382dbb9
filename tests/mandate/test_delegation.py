"""An action delegated to an organisation outside the app is followed by its last signal, and comes on
the taskforce's agenda once nothing was heard for 14 days."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from taskforce.models import Organisation
from tests.factories import AMS, make_action, make_meeting
from workstreams.models import Action

pytestmark = pytest.mark.django_db

NOV_24 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=AMS)


def agenda_kinds(meeting, action):
    return [item.kind for item in meeting.proposed_agenda() if item.action == action]


def test_a_delegated_action_is_on_the_agenda_once_it_is_stale(client, member, verbinden):
    with time_machine.travel(NOV_24, tick=False):
        action = make_action(verbinden, "Matchmaking via de branche", owner=member, due=dt.date(2027, 1, 25))
        client.force_login(member)
        response = client.post(
            reverse("mandate:delegation", args=[action.pk]),
            {"organisation": Organisation.objects.get(short_name="VNO-NCW").pk, "contact": "J. de Vries"},
        )
        assert response.status_code == 302
        meeting = make_meeting("Taskforce", NOV_24 + dt.timedelta(days=20))
        assert "delegated" not in agenda_kinds(meeting, action)

    with time_machine.travel(NOV_24 + dt.timedelta(days=15), tick=False):
        Action.objects.filter(pk=action.pk).update(touched_at=NOV_24 + dt.timedelta(days=14))  # edited in the app
        assert agenda_kinds(meeting, action) == ["delegated"]
        client.force_login(member)  # the session of two weeks ago has ended
        page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
        assert "Belegd werk zonder recent signaal" in page
        assert "Belegd bij VNO-NCW (J. de Vries) op 24-11-2026; nog geen signaal." in page

        # A signal from the organisation takes it off the agenda again.
        client.post(
            reverse("mandate:delegation", args=[action.pk]),
            {
                "organisation": Organisation.objects.get(short_name="VNO-NCW").pk,
                "contact": "J. de Vries",
                "last_signal_date": "2026-12-08",
                "last_signal_note": "Eerste bijeenkomst gepland",
            },
        )
        assert "delegated" not in agenda_kinds(meeting, action)
        assert action.delegation.history.count() == 2


def test_delegating_needs_an_organisation_and_keeps_what_was_typed(client, member, other_member, verbinden):
    action = make_action(verbinden, "Iets")
    client.force_login(other_member)
    assert client.get(reverse("mandate:delegation", args=[action.pk])).status_code == 403
    client.force_login(member)
    response = client.post(reverse("mandate:delegation", args=[action.pk]), {"contact": "Mevrouw Jansen"})
    assert response.status_code == 400
    assert "Mevrouw Jansen" in response.content.decode()
