"""The deadline status job: snapshot, "turned red" alerts and the 11- and 12-week mails, each once."""

import datetime as dt

import pytest
import time_machine
from django.core import mail as django_mail
from django.core.management import call_command

from dashboards.models import WorkstreamSnapshot
from mailings.alerts import deadline_status_run
from mailings.models import Delivery
from taskforce.models import User
from tests.factories import AMS, WEEK_TODAY
from workstreams.models import Action, Workstream

pytestmark = pytest.mark.django_db

ELEVEN_WEEKS = dt.date(2027, 1, 18)


def run(today=WEEK_TODAY, **kwargs):
    with time_machine.travel(dt.datetime.combine(today, dt.time(6, 30), tzinfo=AMS), tick=False):
        return deadline_status_run(today=today, **kwargs)


def make_verbinden_red():
    """Every open Verbinden action a week overdue: red by the one status rule."""
    Action.objects.filter(workstream__slug="verbinden").update(due_date=WEEK_TODAY - dt.timedelta(days=7))


def snapshot(slug: str, day: dt.date, status: str) -> None:
    WorkstreamSnapshot.objects.create(workstream=Workstream.objects.get(slug=slug), date=day, status=status)


def recipients() -> set[str]:
    return {message.to[0] for message in django_mail.outbox}


def test_trekker_and_taskforce_hear_when_a_workstream_turns_red(roles):
    snapshot("verbinden", WEEK_TODAY - dt.timedelta(days=1), "amber")
    make_verbinden_red()
    report = run()
    assert report.turned_red == ["verbinden"]
    assert recipients() == {"trekker@example.org", "taskforcelid@example.org", "secretariat@example.org"}
    message = next(m for m in django_mail.outbox if m.to == ["trekker@example.org"])
    assert message.subject == "Werkstroom Verbinden staat op rood"
    assert "acties over de deadline." in message.body  # the reason, from the status rule
    assert "Acties over de deadline of geblokkeerd:" in message.body
    assert Delivery.objects.filter(kind="red_alert", period="verbinden:red:2026-11-23", status="sent").count() == 3


def test_the_job_stores_todays_snapshot(taskforce):
    make_verbinden_red()
    run()
    today = {
        s.workstream.slug: s for s in WorkstreamSnapshot.objects.filter(date=WEEK_TODAY).select_related("workstream")
    }
    assert set(today) == {"verbinden", "voorkomen", "voorbereiden"}
    assert today["verbinden"].status == "red"
    assert today["verbinden"].actions_overdue == today["verbinden"].actions_total > 0


def test_a_red_alert_goes_out_once_however_often_the_job_runs(roles):
    make_verbinden_red()
    run()
    count = len(django_mail.outbox)
    run()
    call_command("send_deadline_status", date=WEEK_TODAY, stdout=open("/dev/null", "w"))
    assert len(django_mail.outbox) == count == 3


def test_a_workstream_already_red_yesterday_is_not_announced_again(roles):
    snapshot("verbinden", WEEK_TODAY - dt.timedelta(days=1), "red")
    make_verbinden_red()
    report = run()
    assert report.turned_red == []
    assert django_mail.outbox == []


def test_alerts_respect_the_switch_and_skip_inactive_people(roles):
    User.objects.filter(username="trekker").update(alerts_enabled=False)
    User.objects.filter(username="taskforcelid").update(is_active=False)
    make_verbinden_red()
    run()
    assert recipients() == {"secretariat@example.org"}


def test_the_red_alert_speaks_english_to_an_english_reader(roles):
    User.objects.filter(username="trekker").update(language="en")
    make_verbinden_red()
    run()
    message = next(m for m in django_mail.outbox if m.to == ["trekker@example.org"])
    assert message.subject == "Workstream Verbinden has turned red"
    assert "actions overdue." in message.body and "Why:" in message.body


def test_on_the_eleven_week_date_everyone_hears_what_is_done_and_what_is_open(roles):
    done = Action.objects.filter(workstream__slug="verbinden").order_by("position").first()
    Action.objects.filter(pk=done.pk).update(status="done", result="Rondetafel gehouden met 12 partijen")
    report = run(ELEVEN_WEEKS)
    assert report.milestone == 11
    deadline_mails = [m for m in django_mail.outbox if "11 weken voorbij" in m.subject]
    assert {m.to[0] for m in deadline_mails} == {
        "trekker@example.org",
        "taskforcelid@example.org",
        "secretariat@example.org",
    }
    body = deadline_mails[0].body
    assert "Afgerond (1):" in body and "Rondetafel gehouden met 12 partijen" in body
    assert "Nog open (" in body and "== VOORKOMEN:" in body
    html = deadline_mails[0].alternatives[0][0]
    assert "Rondetafel gehouden met 12 partijen" in html
    assert Delivery.objects.filter(kind="deadline", period="deadline-11:2027-01-18").count() == 3
    run(ELEVEN_WEEKS)
    assert len([m for m in django_mail.outbox if "11 weken voorbij" in m.subject]) == 3


def test_no_deadline_mail_on_an_ordinary_day(roles):
    report = run()
    assert report.milestone is None
    assert not Delivery.objects.filter(kind="deadline").exists()


def test_dry_run_prints_who_would_hear_and_writes_nothing(roles, capsys):
    make_verbinden_red()
    with time_machine.travel(dt.datetime(2026, 11, 23, 6, 30, tzinfo=AMS), tick=False):
        call_command("send_deadline_status", "--dry-run", "--date", "2026-11-23")
    out = capsys.readouterr().out
    assert "trekker@example.org (Taskforcelid, nl): red_alert verbinden:red:2026-11-23" in out
    assert "turned red: verbinden" in out
    assert django_mail.outbox == []
    assert not Delivery.objects.exists()
    assert not WorkstreamSnapshot.objects.exists()
