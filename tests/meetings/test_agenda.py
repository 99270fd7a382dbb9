"""The proposed agenda: red and blocked first, then overdue, due soon, stale, then the free items."""

import datetime as dt

import pytest

from meetings.models import Meeting
from tests.factories import at, make_action
from workstreams.models import Action

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)  # week 4 of the seeded taskforce
NOW = at(TODAY, 12)


def under_way(workstream, title, *, status="in_progress", **fields):
    """An action of `workstream`, in progress unless told otherwise, touched relative to NOW."""
    return make_action(workstream, title, status=status, now=NOW, **fields)


@pytest.fixture
def quiet(taskforce):
    """The seeded actions are fresh and due far away, so they stay off the agenda."""
    Action.objects.update(touched_at=NOW)
    return taskforce


def agenda(meeting):
    return [(item.kind, item.text) for item in meeting.proposed_agenda(TODAY, NOW)]


def test_agenda_orders_blocked_overdue_due_soon_stale_then_free_items(quiet, verbinden):
    meeting = Meeting.objects.create(
        title="Verbinden", workstream=verbinden, starts_at=NOW, agenda="Rondvraag\n\nWvttk"
    )
    under_way(verbinden, "Stil", due=TODAY + dt.timedelta(days=30), touched_days_ago=15)
    under_way(verbinden, "Bijna", due=TODAY + dt.timedelta(days=7))
    under_way(verbinden, "Te laat", due=TODAY - dt.timedelta(days=1))
    under_way(verbinden, "Vast", status="blocked", due=TODAY + dt.timedelta(days=40))
    under_way(verbinden, "Rustig", due=TODAY + dt.timedelta(days=8), touched_days_ago=13)

    assert agenda(meeting) == [
        ("blocked", "Vast"),
        ("overdue", "Te laat"),
        ("due_soon", "Bijna"),
        ("stale", "Stil"),
        ("free", "Rondvraag"),
        ("free", "Wvttk"),
    ]


def test_an_action_appears_once_under_its_first_heading(quiet, verbinden):
    meeting = Meeting.objects.create(title="Verbinden", workstream=verbinden, starts_at=NOW)
    under_way(
        verbinden, "Vast en te laat en stil", status="blocked", due=TODAY - dt.timedelta(days=2), touched_days_ago=20
    )
    under_way(verbinden, "Bijna en stil", due=TODAY + dt.timedelta(days=2), touched_days_ago=20)

    assert agenda(meeting) == [("blocked", "Vast en te laat en stil"), ("due_soon", "Bijna en stil")]


def test_within_a_heading_the_earliest_deadline_comes_first(quiet, verbinden):
    meeting = Meeting.objects.create(title="Verbinden", workstream=verbinden, starts_at=NOW)
    under_way(verbinden, "Over vijf dagen", due=TODAY + dt.timedelta(days=5))
    under_way(verbinden, "Morgen", due=TODAY + dt.timedelta(days=1))
    under_way(verbinden, "Vandaag", due=TODAY)

    assert agenda(meeting) == [("due_soon", "Vandaag"), ("due_soon", "Morgen"), ("due_soon", "Over vijf dagen")]


def test_done_dropped_and_other_workstreams_actions_stay_off_a_workstream_agenda(quiet, verbinden, voorkomen):
    meeting = Meeting.objects.create(title="Verbinden", workstream=verbinden, starts_at=NOW)
    under_way(verbinden, "Klaar", status="done", due=TODAY - dt.timedelta(days=3))
    under_way(verbinden, "Vervallen", status="dropped", due=TODAY - dt.timedelta(days=3))
    under_way(voorkomen, "Elders te laat", due=TODAY - dt.timedelta(days=3))

    assert agenda(meeting) == []


def test_a_taskforce_meeting_proposes_every_workstreams_actions(quiet, verbinden, voorkomen):
    meeting = Meeting.objects.create(title="Taskforce", starts_at=NOW, agenda="Rondvraag")
    under_way(voorkomen, "Voorkomen te laat", due=TODAY - dt.timedelta(days=1))
    under_way(verbinden, "Verbinden vast", status="blocked")

    assert agenda(meeting) == [
        ("blocked", "Verbinden vast"),
        ("overdue", "Voorkomen te laat"),
        ("free", "Rondvraag"),
    ]


def test_a_red_workstream_heads_the_agenda_with_its_reasons(quiet, verbinden):
    meeting = Meeting.objects.create(title="Taskforce", starts_at=NOW)
    # Two overdue out of five open actions: red by the one status rule.
    under_way(verbinden, "Te laat 1", due=TODAY - dt.timedelta(days=1))
    under_way(verbinden, "Te laat 2", due=TODAY - dt.timedelta(days=2))

    items = meeting.proposed_agenda(TODAY, NOW)

    assert [(item.kind, item.text) for item in items] == [
        ("red", "Verbinden"),
        ("overdue", "Te laat 2"),
        ("overdue", "Te laat 1"),
    ]
    assert "2 acties over de deadline." in items[0].reasons


def test_the_agenda_takes_a_fixed_number_of_queries(quiet, verbinden, voorkomen, django_assert_max_num_queries):
    meeting = Meeting.objects.create(title="Taskforce", starts_at=NOW)
    for n in range(20):
        under_way(verbinden if n % 2 else voorkomen, f"Te laat {n}", due=TODAY - dt.timedelta(days=n + 1))
    # 5, plus 5 for the weekly updates' proposals (updates, this meeting's, plans, baseline, any submitted),
    # plus 1 for the work delegated outside the app.
    with django_assert_max_num_queries(11):
        assert len(meeting.proposed_agenda(TODAY, NOW)) >= 20


def test_last_meeting_before_a_date_brings_its_decisions_and_action_items(quiet, verbinden, django_assert_num_queries):
    older = Meeting.objects.create(title="Week 2", starts_at=at(TODAY - dt.timedelta(days=14)))
    last = Meeting.objects.create(title="Week 3", starts_at=at(TODAY - dt.timedelta(days=7)), decisions="A\nB")
    Meeting.objects.create(title="Vandaag", starts_at=at(TODAY, 9))
    Meeting.objects.create(title="Verbinden", workstream=verbinden, starts_at=at(TODAY - dt.timedelta(days=1)))
    item = last.add_action_item(title="Bidbook", owner=None, due_date=TODAY, workstream=verbinden)
    older.add_action_item(title="Oud", owner=None, due_date=TODAY, workstream=verbinden)

    with django_assert_num_queries(3):
        found = Meeting.objects.taskforce().last_before(TODAY)
        assert found == last
        assert found.decision_list() == ["A", "B"]
        assert list(found.action_items.all()) == [item]
        assert item.meeting == last and item.workstream == verbinden
    assert Meeting.objects.filter(workstream=verbinden).last_before(TODAY).title == "Verbinden"
    assert Meeting.objects.taskforce().last_before(TODAY - dt.timedelta(days=30)) is None
