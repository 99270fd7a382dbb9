"""Reads for the notifications pages and the @mention picker."""

from __future__ import annotations

from django.db.models import Q

from notifications.models import Notification
from taskforce.models import User
from taskforce.permissions import can_read_item

PICKER_LIMIT = 8


def notifications_for(user: User, limit: int = 100) -> list:
    return list(Notification.objects.filter(user=user).select_related("actor")[:limit])


def mentionable(query: str, *, unapproved_update: bool = False) -> list[User]:
    """People whose name or username starts with `query` and who may read the item (the picker)."""
    query = query.strip().lstrip("@")
    people = User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")
    if query:
        people = people.filter(
            Q(username__istartswith=query) | Q(first_name__istartswith=query) | Q(last_name__istartswith=query)
        )
    found = []
    for person in people[: PICKER_LIMIT * 3]:
        if can_read_item(person, unapproved_update=unapproved_update):
            found.append(person)
        if len(found) == PICKER_LIMIT:
            break
    return found
