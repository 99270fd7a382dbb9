"""Reads that feed the meeting pages and the API."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from meetings.models import Meeting
from taskforce.models import User
from workstreams.models import Workstream


def attendee_choices(workstream: Workstream | None, meeting: Meeting | None = None) -> QuerySet:
    """A workstream meeting's members, or the taskforce (secretariat, taskforce members, trekkers)."""
    if workstream is not None:
        people = Q(memberships__workstream=workstream)
    else:
        people = Q(role__in=[User.Role.SECRETARIAT, User.Role.TASKFORCE]) | Q(memberships__role="trekker")
    if meeting is not None and meeting.pk:
        people |= Q(meetings_attended=meeting)  # keep who attended, even if they left since
    ids = User.objects.filter(people, is_active=True).values("pk")
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")
