"""The weekly digest lists the week's notifications, leaving out those a mail already carried at once,
unless the person asked for both."""

import datetime as dt

import pytest
import time_machine
from django.core import mail as django_mail

from mailings.digest import digest_run
from mailings.notices import notifications_send
from notifications.models import Notification, NotificationSettings
from tests.factories import AMS, WEEK_NOW, WEEK_TODAY, build_week, make_action
from workstreams import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(member, other_member, trekker, verbinden):
    build_week(member, other_member)
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=AMS), tick=False):
        action = make_action(verbinden, "Gesprek met de fabrikant")
        services.note_add(action=action, user=trekker, text="@lid wilt u dit oppakken?")
        notifications_send(notification_ids=list(Notification.objects.values_list("pk", flat=True)))
    django_mail.outbox.clear()


def digest_text(user) -> str:
    with time_machine.travel(WEEK_NOW, tick=False):
        digest_run(today=WEEK_TODAY)
    [message] = [m for m in django_mail.outbox if m.to == [user.email]]
    return message.body


def test_the_digest_leaves_out_a_notification_already_mailed_at_once(week, member):
    assert "Trekker noemde u bij “Gesprek met de fabrikant”." not in digest_text(member)


def test_the_digest_repeats_it_for_who_wants_both(week, member):
    NotificationSettings.objects.create(user=member, digest_repeats=True)
    text = digest_text(member)
    assert "MELDINGEN" in text and "Trekker noemde u bij “Gesprek met de fabrikant”." in text


def test_the_digest_carries_what_no_mail_did(week, member):
    Notification.objects.update(mail_period="")  # chosen "not by mail"
    assert "Trekker noemde u bij “Gesprek met de fabrikant”." in digest_text(member)
