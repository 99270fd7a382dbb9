"""Week N of 12 and the 11- and 12-week dates."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from taskforce.models import Deadline, Taskforce

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def test_the_11_and_12_week_dates_follow_the_start():
    d = Deadline(start=dt.date(2021, 4, 5), today=dt.date(2021, 4, 5))
    assert d.eleven_weeks == dt.date(2021, 6, 21)
    assert d.twelve_weeks == dt.date(2021, 6, 28)
    assert (d.week, d.days_left) == (1, 84)


@pytest.mark.parametrize(
    "today, week",
    [
        (dt.date(2021, 4, 4), 0),  # before the start
        (dt.date(2021, 4, 5), 1),
        (dt.date(2021, 4, 11), 1),
        (dt.date(2021, 4, 12), 2),
        (dt.date(2021, 6, 27), 12),
        (dt.date(2021, 6, 28), 13),  # the 12 weeks are over
    ],
)
def test_week_number(today, week):
    assert Deadline(start=dt.date(2021, 4, 5), today=today).week == week


def test_elapsed_share_is_bounded():
    start = dt.date(2021, 4, 5)
    assert Deadline(start=start, today=dt.date(2021, 1, 1)).elapsed_share == 0
    assert Deadline(start=start, today=dt.date(2021, 5, 17)).elapsed_share == 0.5
    assert Deadline(start=start, today=dt.date(2022, 1, 1)).elapsed_share == 1
    assert Deadline(start=start, today=dt.date(2022, 1, 1)).overrun


def test_weeks_count_in_amsterdam_days_across_the_daylight_saving_change():
    # Clocks went forward on 28 March 2021: a week then has 167 hours, and must still count as one week.
    start = dt.date(2021, 3, 22)
    for moment, week in [
        (dt.datetime(2021, 3, 28, 23, 30, tzinfo=AMS), 1),  # Sunday night after the change
        (dt.datetime(2021, 3, 29, 0, 15, tzinfo=AMS), 2),  # just after midnight, 22:15 UTC on Sunday
        (dt.datetime(2021, 10, 31, 23, 30, tzinfo=AMS), 32),  # clocks back, Sunday night
    ]:
        with time_machine.travel(moment, tick=False):
            assert Deadline(start=start, today=timezone.localdate()).week == week


def test_the_seed_starts_on_monday_of_the_current_week_by_default(db):
    with time_machine.travel(dt.datetime(2026, 11, 26, 9, 0, tzinfo=AMS), tick=False):
        call_command("seed_taskforce")
        taskforce = Taskforce.current()
        assert taskforce.start_date == dt.date(2026, 11, 23)
        deadline = taskforce.deadline()
        assert (deadline.week, deadline.eleven_weeks, deadline.twelve_weeks) == (
            1,
            dt.date(2027, 2, 8),
            dt.date(2027, 2, 15),
        )


def test_next_meeting_day():
    taskforce = Taskforce(meeting_weekday=1)  # Tuesday
    assert taskforce.next_meeting_date(dt.date(2026, 11, 23)) == dt.date(2026, 11, 24)
    assert taskforce.next_meeting_date(dt.date(2026, 11, 24)) == dt.date(2026, 11, 24)
    assert taskforce.next_meeting_date(dt.date(2026, 11, 25)) == dt.date(2026, 12, 1)
