"""The secretariat reads and changes the schedule in the admin, in words, with only the kinds it uses."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from mailings.schedule import crontab_describe

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(secretariat):
    """The secretariat holds the admin's rights, as seeding/demo.py gives them."""
    secretariat.is_superuser = True
    secretariat.save()
    return secretariat


def cron(minute="0", hour="8", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/Amsterdam"):
    return CrontabSchedule(
        minute=minute,
        hour=hour,
        day_of_week=day_of_week,
        day_of_month=day_of_month,
        month_of_year=month_of_year,
        timezone=timezone,
    )


@pytest.mark.parametrize(
    ("crontab", "dutch", "english"),
    [
        (cron(day_of_week="1"), "elke maandag om 08:00", "every Monday at 08:00"),
        (cron(minute="30", hour="6"), "elke dag om 06:30", "every day at 06:30"),
        (cron(minute="*/2", hour="*"), "elke 2 minuten", "every 2 minutes"),
        (cron(minute="*", hour="*"), "elke minuut", "every minute"),
        (cron(minute="0", hour="*"), "elk uur, op het hele uur", "every hour, on the hour"),
        (cron(minute="5", hour="*"), "elk uur, 5 minuten over het uur", "every hour, 5 minutes past the hour"),
        (cron(minute="0", hour="8-18"), "elk uur van 08:00 tot 18:00", "every hour from 08:00 to 18:00"),
        (cron(day_of_week="0"), "elke zondag om 08:00", "every Sunday at 08:00"),
        (
            cron(day_of_week="1,3,5"),
            "elke maandag, woensdag en vrijdag om 08:00",
            "every Monday, Wednesday and Friday at 08:00",
        ),
        (cron(day_of_month="1"), "cron-schema 0 8 1 * *", "cron 0 8 1 * *"),
        (cron(timezone="UTC"), "elke dag om 08:00 (UTC)", "every day at 08:00 (UTC)"),
    ],
)
def test_a_schedule_reads_as_words_in_either_language(crontab, dutch, english):
    with translation.override("nl"):
        assert crontab_describe(crontab) == dutch
    with translation.override("en"):
        assert crontab_describe(crontab) == english


def test_secretariat_reads_the_schedule_in_words(client, secretariat, taskforce):
    call_command("setup_schedule", stdout=io.StringIO())
    client.force_login(secretariat)
    page = client.get(reverse("admin:django_celery_beat_periodictask_changelist")).content.decode()
    schedules = re.findall(r'<td class="field-readable_schedule">([^<]*)</td>', page)
    assert sorted(schedules) == [
        "elk uur van 08:00 tot 18:00",
        "elk uur, op het hele uur",
        "elke 2 minuten",
        "elke dag om 03:15",  # the audit log's archive
        "elke dag om 06:00",
        "elke dag om 06:30",
        "elke maandag om 08:00",
    ]
    assert "Geplande taken" in page and "Wanneer" in page

    digest = PeriodicTask.objects.get(task="taskforce.send_digest")
    form = client.get(reverse("admin:django_celery_beat_periodictask_change", args=[digest.pk])).content.decode()
    assert f'<option value="{digest.crontab_id}" selected>elke maandag om 08:00</option>' in form
    assert "Zonneschema" not in form and "Intervalschema" not in form


def test_secretariat_changes_the_digest_to_thursday(client, secretariat, taskforce):
    call_command("setup_schedule", stdout=io.StringIO())
    thursday = CrontabSchedule.objects.create(minute="0", hour="8", day_of_week="4", timezone="Europe/Amsterdam")
    digest = PeriodicTask.objects.get(task="taskforce.send_digest")
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:django_celery_beat_periodictask_change", args=[digest.pk]),
        {
            "name": digest.name,
            "regtask": "",
            "task": digest.task,
            "enabled": "on",
            "description": digest.description,
            "crontab": thursday.pk,
            "start_time_0": "",
            "start_time_1": "",
            "args": "[]",
            "kwargs": "{}",
            "expires_0": "",
            "expires_1": "",
            "expire_seconds": "",
            "queue": "",
            "priority": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    digest.refresh_from_db()
    assert digest.crontab == thursday


@pytest.mark.parametrize("kind", ["solarschedule", "clockedschedule", "intervalschedule"])
def test_the_admin_offers_no_schedule_kinds_the_app_does_not_use(kind):
    with pytest.raises(NoReverseMatch):
        reverse(f"admin:django_celery_beat_{kind}_changelist")
