"""Reminders of the weekly update: N days before the meeting and on the morning of the day before, to the
trekker whose update is not in, once each; at meeting time the taskforce hears what is missing."""

import datetime as dt

import pytest

from mailings.models import Delivery
from mailings.reminders import reminders_run
from tests.factories import AMS, make_update, make_user

pytestmark = pytest.mark.django_db

MEETING = dt.date(2026, 11, 24)  # Tuesday 10:00


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=AMS)


def _to(smtp, user):
    return [m for m in smtp.messages if m["To"] == user.email]


def test_the_trekker_is_reminded_twice_each_exactly_once(smtp_server, trekker, taskforce_member, time_machine):
    time_machine.move_to(_at(21, 8))  # three days before: too early
    reminders_run()
    assert _to(smtp_server, trekker) == []

    time_machine.move_to(_at(22, 8))  # two days before
    reminders_run()
    reminders_run()  # a second run (or a redelivered task) sends nothing twice
    assert [m["Subject"] for m in _to(smtp_server, trekker)] == [
        "Herinnering: de update van Verbinden voor 24 november"
    ]

    time_machine.move_to(_at(23, 8))  # the morning of the day before
    reminders_run()
    reminders_run()
    assert len(_to(smtp_server, trekker)) == 2
    assert "/updates/verbinden/" in _to(smtp_server, trekker)[1].get_body(("plain",)).get_content()
    assert _to(smtp_server, taskforce_member) == []  # not a writer of any update
    assert Delivery.objects.filter(kind="update_reminder", user=trekker).count() == 2


def test_no_reminder_once_the_update_is_in_nor_for_who_switched_alerts_off(
    smtp_server, trekker, taskforce, time_machine, verbinden
):
    other = make_user("trekker2", "taskforce", "VWS", "voorkomen", "trekker")
    other.alerts_enabled = False
    other.save()
    time_machine.move_to(_at(22, 8))
    make_update(verbinden, trekker, MEETING)
    reminders_run()
    assert smtp_server.messages == []


def test_at_meeting_time_the_taskforce_hears_which_updates_are_missing_once(
    smtp_server, trekker, taskforce_member, secretariat, member, time_machine, verbinden
):
    time_machine.move_to(_at(24, 8))  # the meeting day, before the meeting
    make_update(verbinden, trekker, MEETING)
    reminders_run()
    assert smtp_server.messages == []
    time_machine.move_to(_at(24, 10))
    reminders_run()
    reminders_run()
    mails = _to(smtp_server, taskforce_member)
    assert len(mails) == 1 and len(_to(smtp_server, secretariat)) == 1 and _to(smtp_server, member) == []
    body = mails[0].get_body(("plain",)).get_content()
    assert "Voorkomen" in body and "Voorbereiden" in body and "- Verbinden" not in body
