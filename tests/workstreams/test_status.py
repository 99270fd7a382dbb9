"""The one status rule's edge cases (no database needed: it works on figures and a deadline)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from recommendations.models import Recommendation
from taskforce.models import Deadline
from workstreams.status import AMBER, GREEN, GREY, RED, SIDELINE, Figures, status_for

START = dt.date(2026, 11, 2)


def deadline(days_after_start: int) -> Deadline:
    return Deadline(start=START, today=START + dt.timedelta(days=days_after_start))


def test_before_the_start_everything_is_grey_whatever_the_figures():
    status = status_for(Figures(total=5, done=0, overdue=5), deadline(-3))
    assert status.colour == GREY
    assert "02-11-2026" in status.reasons[0]


def test_no_actions_recorded_is_amber_with_that_reason():
    status = status_for(Figures(), deadline(14))
    assert status.colour == AMBER
    assert status.reasons == ["Nog geen acties vastgelegd."]


def test_all_actions_done_is_green_even_after_the_twelve_weeks():
    assert status_for(Figures(total=4, done=4), deadline(30)).colour == GREEN
    assert status_for(Figures(total=4, done=4), deadline(120)).colour == GREEN


def test_everything_late_is_red_and_says_how_many_are_overdue():
    status = status_for(Figures(total=6, done=0, overdue=6), deadline(50))
    assert status.colour == RED
    assert "6 acties over de deadline." in status.reasons


def test_after_the_twelfth_week_open_actions_make_red():
    status = status_for(Figures(total=10, done=9), deadline(85))
    assert status.colour == RED
    assert any("De 12 weken zijn voorbij en 1 actie staat nog open." == reason for reason in status.reasons)


def test_on_the_twelve_week_date_itself_it_is_not_overrun_yet():
    assert deadline(84).overrun is False
    assert status_for(Figures(total=10, done=9), deadline(84)).colour == GREEN


def test_keeping_pace_with_the_weeks_is_green():
    # Half the time gone, half the actions done, nothing late or blocked.
    status = status_for(Figures(total=10, done=5), deadline(42))
    assert status.colour == GREEN
    assert status.reasons[0].startswith("5 van 10 acties afgerond (50%) bij 50% van de 12 weken verstreken.")


def test_trailing_the_weeks_by_twenty_points_is_amber_and_by_forty_red():
    assert status_for(Figures(total=10, done=3), deadline(42)).colour == AMBER  # 50% gone, 30% done
    assert status_for(Figures(total=10, done=1), deadline(42)).colour == RED  # 50% gone, 10% done


def test_one_blocked_action_or_one_kpi_behind_is_amber():
    assert status_for(Figures(total=10, done=5, blocked=1), deadline(42)).colour == AMBER
    assert status_for(Figures(total=10, done=5, kpis_behind=1, kpis_total=2), deadline(42)).colour == AMBER


def test_a_single_overdue_action_is_amber_but_a_quarter_of_the_open_ones_is_red():
    assert status_for(Figures(total=20, done=10, overdue=1), deadline(42)).colour == AMBER
    assert status_for(Figures(total=20, done=10, overdue=2), deadline(42)).colour == AMBER  # 2 of 10 open
    assert status_for(Figures(total=20, done=10, overdue=3), deadline(42)).colour == RED  # 3 of 10 open


def test_stale_actions_are_mentioned_but_do_not_change_the_colour():
    status = status_for(Figures(total=10, done=5, stale=2), deadline(42))
    assert status.colour == GREEN
    assert "2 acties al 14 dagen niet bijgewerkt." in status.reasons


def test_a_recommendation_followed_on_the_side_is_sideline_never_red():
    sideline = Recommendation(tracking=Recommendation.Tracking.SIDELINE)
    status = sideline.status(Figures(total=3, done=0, overdue=3), deadline(100))
    assert status.colour == SIDELINE
    assert status.label == "Zijdelings gevolgd"


def test_a_pursued_recommendation_follows_the_actions_serving_it():
    pursued = Recommendation(tracking=Recommendation.Tracking.PURSUED)
    assert pursued.status(Figures(total=3, done=0, overdue=3), deadline(100)).colour == RED
    assert pursued.status(Figures(total=3, done=3), deadline(100)).colour == GREEN


def test_figures_from_loaded_actions_skip_dropped_ones_and_count_the_rest():
    today = START + dt.timedelta(days=30)
    now = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)

    def action(status, due=None, touched_days_ago=0):
        return SimpleNamespace(
            status=status,
            is_overdue=lambda day, s=status, d=due: s not in ("done", "dropped") and d is not None and d < day,
            is_stale=lambda moment, s=status, t=touched_days_ago: s not in ("done", "dropped") and t > 14,
        )

    figures = Figures.from_actions(
        [
            action("done"),
            action("dropped", due=START),
            action("blocked", due=START, touched_days_ago=20),
            action("in_progress", due=today + dt.timedelta(days=3)),
        ],
        today=today,
        now=now,
    )
    assert (figures.total, figures.done, figures.overdue, figures.blocked, figures.stale) == (3, 1, 1, 1, 1)
    assert figures.open == 2
    assert figures.done_percent == 33


@pytest.mark.django_db
def test_database_counts_equal_the_python_counts_for_workstreams_and_recommendations(taskforce):
    """action_figures (SQL aggregates, for dashboards and mails) and Figures.from_actions (loaded lists,
    for pages) are two evaluations of one rule: on varied data they must agree exactly."""
    import random

    from recommendations.models import Recommendation
    from workstreams.models import Action, Workstream
    from workstreams.selectors import action_figures

    rng = random.Random(7)
    today = dt.date(2026, 12, 1)
    now = timezone.make_aware(dt.datetime(2026, 12, 1, 12))
    workstreams = list(Workstream.objects.all())
    recs = list(Recommendation.objects.all())
    for i in range(120):
        action = Action.objects.create(
            workstream=rng.choice(workstreams),
            title=f"Actie {i}",
            status=rng.choice(Action.Status.values),
            due_date=rng.choice([None, today - dt.timedelta(days=rng.randint(-20, 20))]),
            touched_at=now - dt.timedelta(days=rng.randint(0, 30)),
        )
        action.recommendations.set(rng.sample(recs, rng.randint(0, 3)))

    by_workstream = action_figures(today=today, now=now)
    for ws in workstreams:
        assert by_workstream[ws.pk] == Figures.from_actions(ws.actions.all(), today, now)
    by_rec = action_figures(today=today, now=now, by="recommendations")
    for rec in recs:
        assert by_rec[rec.pk] == Figures.from_actions(rec.actions.all(), today, now)
