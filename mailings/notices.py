"""Mailing notifications (notifications app): at once, one mail each, or in an hourly bundle.

A notification wanted at once carries the period "notification:<id>" from its creation and is one
Delivery; an hourly one is taken into the bundle "notifications:<hour>" of its person by a conditional
UPDATE (so two runs never bundle it twice), and that bundle is one Delivery. Both go through
mail.send_one, the app's one exactly-once path, and only to people with an address, an active account
and status mails switched on. A retry or the sweeper rebuilds either from its period alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial

from django.db.models import Q
from django.utils import timezone

from mailings import mail
from mailings.digest import RunReport
from mailings.models import Delivery
from notifications.models import MailChoice, Notification, NotificationSettings
from taskforce.models import User

# How far back a run looks for what is still owed (a queue or a worker that was away).
LOOK_BACK = dt.timedelta(days=1)


def bundle_period(hour: dt.datetime) -> str:
    return f"notifications:{timezone.localtime(hour):%Y-%m-%dT%H}"


def notice_message(*, user: User, notifications: list[Notification], kind: str):
    if not notifications:
        return None
    lines = [{"notification": item, "url": mail.site_url(item.url)} for item in notifications]
    return mail.message_build(kind=kind, user=user, context={"lines": lines, "first": lines[0]})


def notice_build(*, delivery: Delivery):
    """The message of a notification or bundle delivery, from its period (for sending and retrying)."""
    items = list(Notification.objects.filter(user=delivery.user, mail_period=delivery.period).select_related("actor"))
    return notice_message(user=delivery.user, notifications=items, kind=delivery.kind)


def _wants_mail(user_ids: set[int]) -> dict[int, User]:
    return {person.pk: person for person in mail.recipients("alerts").filter(pk__in=user_ids)}


def _send(report: RunReport, jobs: Sequence[tuple[str, str, User]], today: dt.date) -> RunReport:
    with mail.Sender() as sender:
        for kind, period, person in jobs:
            delivery = mail.delivery_for(kind=kind, period=period, user=person)
            status = mail.send_one(
                delivery=delivery, build=partial(notice_build, delivery=delivery), today=today, sender=sender
            )
            getattr(report, status).append(delivery.pk)
    return report


def notifications_send(*, notification_ids: list[int]) -> RunReport:
    """Mails these notifications, those wanted at once, one mail each (exactly once)."""
    items = list(Notification.objects.filter(pk__in=notification_ids, mail_period__startswith="notification:"))
    people = _wants_mail({item.user_id for item in items})
    jobs = [
        (Delivery.Kind.NOTIFICATION, item.mail_period, people[item.user_id]) for item in items if item.user_id in people
    ]
    return _send(RunReport(), jobs, timezone.localdate())


def bundles_run(*, now: dt.datetime | None = None) -> RunReport:
    """Each person's hourly bundle of what came since the last one, and at-once mails still owed."""
    now = now or timezone.now()
    period = bundle_period(now)
    report = RunReport(period=period)
    since = now - LOOK_BACK
    # What came before this hour began: a second run within the hour bundles the same set, not a new one.
    hour = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    waiting = list(Notification.objects.filter(mail_period="", created_at__gte=since, created_at__lt=hour))
    settings = {row.user_id: row for row in NotificationSettings.objects.filter(user__in={n.user_id for n in waiting})}
    hourly = [
        item.pk
        for item in waiting
        if settings.get(item.user_id, NotificationSettings()).mail_choice(item.kind) == MailChoice.HOURLY
    ]
    # The conditional UPDATE claims them: a second run finds them taken.
    Notification.objects.filter(pk__in=hourly, mail_period="").update(mail_period=period)
    bundled = set(Notification.objects.filter(mail_period=period).values_list("user_id", flat=True))

    instant = Notification.objects.filter(created_at__gte=since, mail_period__startswith="notification:")
    sent_periods = set(
        Delivery.objects.filter(kind=Delivery.Kind.NOTIFICATION, period__in=instant.values("mail_period")).values_list(
            "period", flat=True
        )
    )
    owed = [item for item in instant if item.mail_period not in sent_periods]

    people = _wants_mail(bundled | {item.user_id for item in owed})
    jobs = [(Delivery.Kind.NOTIFICATION_BUNDLE, period, people[pk]) for pk in sorted(bundled) if pk in people]
    jobs += [
        (Delivery.Kind.NOTIFICATION, item.mail_period, people[item.user_id]) for item in owed if item.user_id in people
    ]
    return _send(report, jobs, timezone.localdate(now))


def mailed(user: User) -> Q:
    """For the digest: the notifications it leaves out, those that already went by mail (unless the
    person asked for both)."""
    if NotificationSettings.of(user).digest_repeats:
        return Q(pk__in=[])
    return ~Q(mail_period="")
