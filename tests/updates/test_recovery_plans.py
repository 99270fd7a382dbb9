"""Red means a recovery plan: asked for when a workstream is rated (or computed) red, due within the
configured days, overdue after that, and on the next agenda and in the digest until it is in."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import AMS, make_update
from updates.models import RecoveryPlan, UpdateSettings
from updates.services import recovery_plans_open
from workstreams.models import Action

pytestmark = pytest.mark.django_db

MEETING = dt.date(2026, 11, 24)


def _agenda(today: dt.date):
    meeting = Meeting(title="Taskforce", starts_at=dt.datetime.combine(today, dt.time(10), tzinfo=AMS))
    return [(item.kind, item.text, " ".join(item.reasons or [])) for item in meeting.proposed_agenda(today)]


def test_a_red_rating_asks_a_plan_that_goes_overdue_onto_the_agenda_until_it_is_in(
    client, trekker, taskforce_member, verbinden
):
    settings = UpdateSettings.current()
    settings.recovery_days = 5
    settings.save()
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=AMS), tick=False):
        make_update(verbinden, trekker, MEETING, "red", reviewer=taskforce_member)
        plan = RecoveryPlan.objects.get(workstream=verbinden)
        assert plan.due_date == dt.date(2026, 11, 28) and plan.reason == "Vertrouwensoordeel rood"
        assert ("recovery_plan", "Verbinden", "Op rood beoordeeld zonder ingediend herstelplan.") in _agenda(
            dt.date(2026, 11, 24)
        )
        client.force_login(trekker)
        page = client.get(reverse("dashboard")).content.decode()
        assert "nodig uiterlijk 28-11-2026" in page

    with time_machine.travel(dt.datetime(2026, 11, 30, 9, tzinfo=AMS), tick=False):
        assert plan.is_overdue(dt.date(2026, 11, 30))
        agenda = _agenda(dt.date(2026, 12, 1))
        assert ("recovery_plan", "Verbinden", "Het herstelplan was uiterlijk 28-11-2026 nodig.") in agenda
        client.force_login(trekker)
        page = client.get(reverse("updates:recovery", args=["verbinden"])).content.decode()
        assert "Te laat" in page
        from django.utils import translation

        from mailings.digest import digest_context

        context = digest_context(today=dt.date(2026, 11, 30), people=[taskforce_member])
        with translation.override("nl"):
            assert "Herstelplan te laat (nodig op 28 november)." in context.shared()["statuses"].text

        response = client.post(
            reverse("updates:recovery", args=["verbinden"]),
            {
                "what_changes": "Twee extra mensen van EZK; de rondetafel gaat door zonder NFIA.",
                "owner": trekker.pk,
                "by_when": "2026-12-15",
                "plan_actions-TOTAL_FORMS": 2,
                "plan_actions-INITIAL_FORMS": 0,
                "plan_actions-0-title": "Extra capaciteit regelen",
                "plan_actions-0-owner": trekker.pk,
                "plan_actions-0-due_date": "2026-12-04",
                "plan_actions-1-title": "",
            },
        )
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.submitted_at is not None and not plan.is_overdue(dt.date(2026, 11, 30))
        # The plan's action is an ordinary action of the workstream.
        action = Action.objects.get(title="Extra capaciteit regelen")
        assert action.workstream == verbinden and list(plan.actions.all()) == [action]
        assert not [item for item in _agenda(dt.date(2026, 12, 1)) if item[0] == "recovery_plan"]


def test_a_plan_with_bad_input_keeps_what_was_typed(client, trekker, taskforce_member, verbinden):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=AMS), tick=True):
        make_update(verbinden, trekker, MEETING, "red", reviewer=taskforce_member)
        client.force_login(trekker)
        response = client.post(
            reverse("updates:recovery", args=["verbinden"]),
            {
                "what_changes": "Mijn plan",
                "owner": "",
                "by_when": "2031-01-01",
                "plan_actions-TOTAL_FORMS": 0,
                "plan_actions-INITIAL_FORMS": 0,
            },
        )
        assert response.status_code == 400
        assert "Mijn plan" in response.content.decode()
        assert RecoveryPlan.objects.get().submitted_at is None


def test_a_computed_red_workstream_gets_a_plan_from_the_daily_run_and_only_one(verbinden):
    # Week 10 with nothing done: the status rule says red.
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, tzinfo=AMS), tick=False):
        opened = recovery_plans_open(today=dt.date(2027, 1, 5))
        assert verbinden in [plan.workstream for plan in opened]
        assert recovery_plans_open(today=dt.date(2027, 1, 5)) == []
        assert RecoveryPlan.objects.filter(workstream=verbinden).count() == 1


def test_only_the_writers_of_the_workstream_change_its_plan(
    client, member, viewer, other_member, trekker, taskforce_member, verbinden
):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=AMS), tick=True):
        make_update(verbinden, trekker, MEETING, "red", reviewer=taskforce_member)
        for person in (member, viewer, other_member, taskforce_member):
            client.force_login(person)
            assert client.get(reverse("updates:recovery", args=["verbinden"])).status_code == 200
            assert (
                client.post(reverse("updates:recovery", args=["verbinden"]), {"what_changes": "x"}).status_code == 403
            )


def test_the_taskforce_closes_a_plan_as_done_and_the_history_keeps_who_and_why(
    client, trekker, taskforce_member, member, viewer, verbinden
):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=AMS), tick=True):
        make_update(verbinden, trekker, MEETING, "red", reviewer=taskforce_member)
        url = reverse("updates:recovery_close", args=["verbinden"])
        # The trekker writes the plan but does not judge it done; members and viewers change nothing.
        for person in (trekker, member, viewer):
            client.force_login(person)
            assert client.post(url, {"outcome": "done"}).status_code == 403
            assert (
                "Herstelplan afsluiten"
                not in client.get(reverse("updates:recovery", args=["verbinden"])).content.decode()
            )
        client.force_login(taskforce_member)
        assert "Herstelplan afsluiten" in client.get(reverse("updates:recovery", args=["verbinden"])).content.decode()
        # Bad input re-renders with the note kept; a plan not yet in cannot have been carried out.
        response = client.post(url, {"outcome": "", "note": "Extra mensen helpen"})
        assert response.status_code == 400 and "Extra mensen helpen" in response.content.decode()
        response = client.post(url, {"outcome": "done", "note": "Extra mensen helpen"})
        assert response.status_code == 400 and "kan alleen worden vervangen" in response.content.decode()
        assert RecoveryPlan.objects.get().closed_on is None
        RecoveryPlan.objects.update(what_changes="Extra mensen", submitted_at=dt.datetime(2026, 11, 23, tzinfo=AMS))
        response = client.post(url, {"outcome": "done", "note": "Extra mensen helpen"}, follow=True)
        plan = RecoveryPlan.objects.get()
        assert plan.closed_on == dt.date(2026, 11, 23) and plan.outcome == "done" and plan.closed_by == taskforce_member
        page = response.content.decode()
        assert "uitgevoerd (afgesloten door" in page and "Extra mensen helpen" in page
        # Closed once: a second close finds no open plan.
        assert client.post(url, {"outcome": "done"}).status_code == 404


def test_a_superseded_plan_is_followed_by_a_new_one(client, secretariat, trekker, taskforce_member, verbinden):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=AMS), tick=True):
        make_update(verbinden, trekker, MEETING, "red", reviewer=taskforce_member)
        client.force_login(secretariat)
        response = client.post(reverse("updates:recovery_close", args=["verbinden"]), {"outcome": "superseded"})
        assert response.status_code == 302
        old, new = RecoveryPlan.objects.order_by("id")
        assert old.outcome == "superseded" and old.closed_on == dt.date(2026, 11, 23)
        assert new.closed_on is None and new.reason == "Vervangt het herstelplan van 23-11-2026"
        assert new.due_date == dt.date(2026, 11, 30)
