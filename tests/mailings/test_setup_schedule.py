"""The default schedule lives in the database, where the secretariat changes it in the admin."""

import io

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from taskforce.models import Taskforce

pytestmark = pytest.mark.django_db


def setup(*args) -> str:
    out = io.StringIO()
    call_command("setup_schedule", *args, stdout=out)
    return out.getvalue()


def crontab(task_name: str):
    return PeriodicTask.objects.select_related("crontab").get(task=task_name).crontab


def test_defaults_digest_the_working_day_before_the_meeting_at_eight_amsterdam_time(taskforce):
    assert taskforce.meeting_weekday == 1  # Tuesday
    setup()
    digest = crontab("taskforce.send_digest")
    assert (digest.minute, digest.hour, digest.day_of_week) == ("0", "8", "1")  # cron: Monday
    assert str(digest.timezone) == "Europe/Amsterdam"
    snapshots = crontab("taskforce.take_snapshots")
    assert (snapshots.hour, snapshots.minute, snapshots.day_of_week) == ("6", "0", "*")
    deadline = crontab("taskforce.send_deadline_status")
    assert (deadline.hour, deadline.minute, deadline.day_of_week) == ("6", "30", "*")


def test_a_monday_meeting_gets_its_digest_on_friday(taskforce):
    Taskforce.objects.update(meeting_weekday=0)
    setup()
    assert crontab("taskforce.send_digest").day_of_week == "5"


def test_running_it_again_keeps_what_the_secretariat_changed(taskforce):
    setup()
    task = PeriodicTask.objects.get(task="taskforce.send_digest")
    task.enabled = False
    task.save()
    assert "kept" in setup()
    assert PeriodicTask.objects.filter(task="taskforce.send_digest").count() == 1
    assert not PeriodicTask.objects.get(task="taskforce.send_digest").enabled
    setup("--reset")
    assert PeriodicTask.objects.get(task="taskforce.send_digest").enabled
