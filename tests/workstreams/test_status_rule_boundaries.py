"""The status rule at each of its boundaries, one step either side, with the reasons word for word.

No database: the rule works on figures and a deadline. Each threshold is tested where it flips, so a
rule that drifts (">= 3" for ">= 2", "> " for ">=", a dropped reason) makes one of these fail.
"""

import datetime as dt

import pytest
import time_machine

from taskforce.models import Deadline
from workstreams.models import Action
from workstreams.status import AMBER, GREEN, GREY, RED, SIDELINE, Figures, Status, status_for

START = dt.date(2026, 11, 2)


def deadline(days_after_start: int) -> Deadline:
    return Deadline(start=START, today=START + dt.timedelta(days=days_after_start))


def colour(days_after_start: int = 0, **counts) -> str:
    return status_for(Figures(**counts), deadline(days_after_start)).colour


# Overdue actions: red from 2 overdue when they are at least a quarter of the open ones.


def test_two_overdue_actions_that_are_exactly_a_quarter_of_the_open_ones_make_red():
    # On the first day, so the share of time elapsed plays no part.
    assert colour(total=8, done=0, overdue=2) == RED  # 2 * 4 == 8 open


def test_two_overdue_actions_just_under_a_quarter_of_the_open_ones_stay_amber():
    assert colour(total=9, done=0, overdue=2) == AMBER  # 2 * 4 < 9 open


def test_two_overdue_actions_that_are_all_the_open_work_make_red():
    assert colour(total=10, done=8, overdue=2) == RED


def test_one_overdue_action_is_amber_even_when_it_is_all_that_is_open():
    assert colour(total=1, done=0, overdue=1) == AMBER
    assert colour(total=10, done=9, overdue=1) == AMBER


def test_three_overdue_of_twelve_open_is_red_and_of_thirteen_amber():
    assert colour(total=12, done=0, overdue=3) == RED
    assert colour(total=13, done=0, overdue=3) == AMBER


def test_the_overdue_reason_is_given_in_singular_and_plural():
    assert status_for(Figures(total=8, done=0, overdue=2), deadline(0)).reasons == [
        "0 van 8 acties afgerond (0%) bij 0% van de 12 weken verstreken.",
        "2 acties over de deadline.",
    ]
    assert status_for(Figures(total=1, done=0, overdue=1), deadline(0)).reasons == [
        "0 van 1 actie afgerond (0%) bij 0% van de 12 weken verstreken.",
        "1 actie over de deadline.",
    ]


# Done versus time elapsed: amber from 20 points behind, red from 40 (half the 12 weeks gone here).


@pytest.mark.parametrize(
    ("total", "done", "expected"),
    [
        (10, 1, RED),  # 50% gone, 10% done: 40 points behind
        (100, 11, AMBER),  # 39 points behind
        (10, 3, AMBER),  # 20 points behind
        (100, 31, GREEN),  # 19 points behind
        (10, 5, GREEN),  # on pace
    ],
)
def test_trailing_the_weeks_flips_at_twenty_and_forty_points(total, done, expected):
    assert colour(42, total=total, done=done) == expected


def test_a_status_trailing_the_weeks_gives_the_progress_reason_only():
    status = status_for(Figures(total=4, done=1), deadline(63))  # 75% gone, 25% done
    assert status.colour == RED
    assert status.reasons == ["1 van 4 acties afgerond (25%) bij 75% van de 12 weken verstreken."]


# The twelve weeks over.


def test_one_day_after_the_twelve_weeks_open_actions_make_red_with_the_count():
    status = status_for(Figures(total=10, done=8), deadline(85))
    assert status.colour == RED
    assert status.reasons == [
        "8 van 10 acties afgerond (80%) bij 100% van de 12 weken verstreken.",
        "De 12 weken zijn voorbij en 2 acties staan nog open.",
    ]
    assert status_for(Figures(total=2, done=1), deadline(85)).reasons[1] == (
        "De 12 weken zijn voorbij en 1 actie staat nog open."
    )


# Amber signals, and what only informs.


def test_blocked_actions_and_kpis_behind_are_amber_with_their_reasons_in_order():
    status = status_for(Figures(total=10, done=5, blocked=2, kpis_behind=2, kpis_total=3, stale=2), deadline(42))
    assert status.colour == AMBER
    assert status.reasons == [
        "5 van 10 acties afgerond (50%) bij 50% van de 12 weken verstreken.",
        "2 acties geblokkeerd.",
        "2 KPI's achter op doel.",
        "2 acties al 14 dagen niet bijgewerkt.",
    ]


def test_one_blocked_action_one_kpi_behind_and_one_stale_action_read_in_the_singular():
    status = status_for(Figures(total=10, done=5, blocked=1, kpis_behind=1, kpis_total=1, stale=1), deadline(42))
    assert status.colour == AMBER
    assert status.reasons[1:] == [
        "1 actie geblokkeerd.",
        "1 KPI achter op doel.",
        "1 actie al 14 dagen niet bijgewerkt.",
    ]


def test_a_blocked_action_alone_is_amber_and_a_kpi_behind_alone_is_amber():
    assert colour(0, total=4, done=0, blocked=1) == AMBER
    assert colour(0, total=4, done=0, kpis_behind=1, kpis_total=1) == AMBER
    assert colour(0, total=4, done=0, stale=3) == GREEN


def test_every_signal_at_once_gives_every_reason_in_a_fixed_order():
    status = status_for(Figures(total=10, done=0, overdue=3, blocked=1, kpis_behind=1, stale=1), deadline(90))
    assert status.colour == RED
    assert status.reasons == [
        "0 van 10 acties afgerond (0%) bij 100% van de 12 weken verstreken.",
        "De 12 weken zijn voorbij en 10 acties staan nog open.",
        "3 acties over de deadline.",
        "1 actie geblokkeerd.",
        "1 KPI achter op doel.",
        "1 actie al 14 dagen niet bijgewerkt.",
    ]


# Before the start, no actions, all done.


def test_the_day_before_the_start_is_grey_and_the_start_day_itself_is_not():
    status = status_for(Figures(total=5, done=0, overdue=5), deadline(-1))
    assert status.colour == GREY
    assert status.reasons == ["De taskforce begint op 02-11-2026."]
    assert colour(0, total=5, done=0) == GREEN


def test_no_actions_is_amber_and_all_done_is_green_with_one_reason():
    assert status_for(Figures(), deadline(0)).reasons == ["Nog geen acties vastgelegd."]
    status = status_for(Figures(total=1, done=1, stale=1, blocked=1), deadline(90))
    assert (status.colour, status.reasons) == (GREEN, ["Alle acties afgerond."])


def test_green_has_only_the_progress_reason():
    status = status_for(Figures(total=3, done=1), deadline(0))
    assert (status.colour, status.reasons) == (
        GREEN,
        ["1 van 3 acties afgerond (33%) bij 0% van de 12 weken verstreken."],
    )


# Labels and figures.


def test_each_colour_has_its_label_and_an_unknown_one_shows_itself():
    assert [Status(c).label for c in (GREEN, AMBER, RED, GREY, SIDELINE)] == [
        "Op koers",
        "Aandacht nodig",
        "Achter op schema",
        "Nog niet begonnen",
        "Zijdelings gevolgd",
    ]
    assert Status("purple").label == "purple"
    assert Status(GREEN).reasons == []


def test_figures_shares_and_percentages():
    assert Figures().done_share == 0.0
    assert Figures().done_percent == 0
    assert Figures(total=3, done=1).done_percent == 33
    assert Figures(total=3, done=2).done_percent == 67
    assert Figures(total=4, done=1).done_share == 0.25
    assert Figures(total=4, done=1).open == 3


class FakeAction:
    """An action that answers "overdue" and "stale" only for the day and moment it expects to be asked."""

    def __init__(self, status, overdue_on=None, stale_at=None):
        self.status = status
        self.overdue_on = overdue_on
        self.stale_at = stale_at

    def is_overdue(self, day):
        return day == self.overdue_on

    def is_stale(self, moment):
        return moment == self.stale_at


def test_figures_from_actions_ask_about_the_given_day_and_moment():
    today = dt.date(2030, 1, 10)
    now = dt.datetime(2030, 1, 10, 12, tzinfo=dt.UTC)
    actions = [
        FakeAction(Action.Status.DONE, overdue_on=today, stale_at=now),  # done: neither overdue nor stale
        FakeAction(Action.Status.DROPPED, overdue_on=today, stale_at=now),  # not counted at all
        FakeAction(Action.Status.BLOCKED, overdue_on=today, stale_at=now),
        FakeAction(Action.Status.IN_PROGRESS, overdue_on=today),
        FakeAction(Action.Status.DONE),
        FakeAction(Action.Status.BLOCKED, stale_at=now),
        FakeAction(Action.Status.IN_PROGRESS),
    ]
    figures = Figures.from_actions(actions, today=today, now=now)
    assert (figures.total, figures.done, figures.overdue, figures.blocked, figures.stale) == (6, 2, 2, 2, 2)


@time_machine.travel(dt.datetime(2031, 3, 4, 10, tzinfo=dt.UTC), tick=False)
def test_figures_from_actions_default_to_the_current_day_and_moment():
    today = dt.date(2031, 3, 4)
    now = dt.datetime(2031, 3, 4, 10, tzinfo=dt.UTC)
    actions = [FakeAction(Action.Status.IN_PROGRESS, overdue_on=today, stale_at=now)]
    figures = Figures.from_actions(actions)
    assert (figures.total, figures.done, figures.overdue, figures.blocked, figures.stale) == (1, 0, 1, 0, 1)
