"""Writes of notifications and follows, called by the services that change things (never by signals).

`notify` is the one way in: it leaves out the person who acted, inactive accounts and everyone the
caller's `may_read` refuses (nobody hears of what they may not read), records each notification, and
once the transaction committed asks the mailings app, by task name, to mail those wanted at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable

from celery import current_app
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, Lower
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from notifications.models import Follow, MailChoice, Notification, NotificationSettings
from taskforce.models import User

log = logging.getLogger(__name__)

# "@username": letters, digits and . _ + - as Django's usernames allow (a trailing dot ends a sentence).
MENTION = re.compile(r"(?<![\w@])@([\w.+-]+)")
SEND_TASK = "taskforce.send_notifications"


def mentioned_usernames(text: str) -> set[str]:
    return {name.rstrip(".").lower() for name in MENTION.findall(text or "")}


def mentioned_users(text: str) -> list[User]:
    names = mentioned_usernames(text)
    if not names:
        return []
    return list(User.objects.annotate(lower=Lower("username")).filter(lower__in=names))


def follow_set(*, user: User, target: models.Model, following: bool) -> Follow:
    follow, _ = Follow.objects.update_or_create(
        user=user,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        defaults={"following": following},
    )
    return follow


def followers(target: models.Model, *, by_default: Iterable[int | None] = ()) -> set[int]:
    """Ids of those following `target`: who chose to, and those who follow by default (owners,
    trekkers) unless they chose not to."""
    choices = dict(
        Follow.objects.filter(target_type=ContentType.objects.get_for_model(target), target_id=target.pk).values_list(
            "user_id", "following"
        )
    )
    chosen = {user_id for user_id, following in choices.items() if following}
    default = {user_id for user_id in by_default if user_id is not None and choices.get(user_id, True)}
    return chosen | default


def notify(
    *,
    kind: str,
    users: Iterable[User | int],
    actor: User | None,
    target: models.Model,
    url: str,
    title: str,
    may_read: Callable[[User], bool],
    excerpt: str = "",
) -> list[Notification]:
    ids = {user if isinstance(user, int) else user.pk for user in users}
    if actor is not None:
        ids.discard(actor.pk)
    if not ids:
        return []
    people = [person for person in User.objects.filter(pk__in=ids, is_active=True).order_by("pk") if may_read(person)]
    if not people:
        return []
    choices = {row.user_id: row for row in NotificationSettings.objects.filter(user__in=people)}
    target_type = ContentType.objects.get_for_model(target)
    created = Notification.objects.bulk_create(
        [
            Notification(
                user=person,
                kind=kind,
                actor=actor,
                target_type=target_type,
                target_id=target.pk,
                url=url[:300],
                title=title[:300],
                excerpt=excerpt[:300],
            )
            for person in people
        ]
    )
    instant = [
        note.pk
        for note in created
        if choices.get(note.user_id, NotificationSettings()).mail_choice(kind) == MailChoice.INSTANT
    ]
    if instant:
        Notification.objects.filter(pk__in=instant).update(
            mail_period=Concat(Value("notification:"), Cast("id", CharField()))
        )
        transaction.on_commit(lambda: _enqueue(instant))
    return created


def _enqueue(ids: list[int]) -> None:
    """Hands the mails to Celery; with the broker away the hourly run sends them instead."""
    try:
        current_app.send_task(SEND_TASK, args=[ids])
    except BrokerError as exc:
        log.error("Could not queue notification mails %s: %s", ids, exc)


def notifications_read(*, user: User, now: dt.datetime | None = None) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now or timezone.now())


def is_following(*, user: User, target: models.Model, by_default: bool = False) -> bool:
    choice = (
        Follow.objects.filter(user=user, target_type=ContentType.objects.get_for_model(target), target_id=target.pk)
        .values_list("following", flat=True)
        .first()
    )
    return by_default if choice is None else choice
