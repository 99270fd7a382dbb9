"""What goes into a calendar: each meeting, deadline and action as one entry, read in a fixed number of
queries however many there are.

Every entry keeps one UID for as long as its object lives (`<kind>-<pk>@<host>`) and counts its saved
versions (simple-history's rows) as SEQUENCE, so a moved meeting moves in the calendar rather than
appearing twice. A meeting deleted from the app stays in the feed as CANCELLED, from its history's
deletion row, while it starts within the feed's window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Meeting, circle_of
from taskforce.models import Taskforce, User
from workstreams.models import Action, Workstream

# Meetings and cancellations that started longer ago than this drop out of the feeds.
WINDOW = dt.timedelta(days=90)
# Meetings have a start but no end: a calendar shows them this long.
MEETING_LENGTH = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Entry:
    uid: str
    summary: str
    start: dt.date | dt.datetime  # a date: an all-day entry
    end: dt.date | dt.datetime
    url: str
    description: str
    modified: dt.datetime
    sequence: int = 0
    location: str = ""
    cancelled: bool = False

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)


def absolute_url(path: str) -> str:
    """A link back into the app, on the site address the mails use too."""
    return settings.SITE_URL.rstrip("/") + path


def uid(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def _revisions(model: type[models.Model], key: str = "pk") -> Coalesce:
    """The number of saved versions of each row of `model` (its history rows, a deletion included);
    `key` names the row's id in the queryset annotated (a history queryset names it "id")."""
    history = model.history.model  # type: ignore[attr-defined]
    count = (
        history.objects.filter(id=models.OuterRef(key))
        .order_by()
        .values("id")
        .annotate(n=models.Count("history_id"))
        .values("n")
    )
    return Coalesce(models.Subquery(count), 0)


def _meeting_entry(meeting, *, cancelled: bool = False) -> Entry:
    start = timezone.localtime(meeting.starts_at)
    owner = meeting.workstream.name if meeting.workstream_id else _("Taskforce")
    path = reverse("meetings:detail", args=[meeting.id])
    if cancelled:
        description = _("Deze vergadering gaat niet door.")
        path = reverse("meetings:list")
    else:
        description = _("Vergadering van %(owner)s.") % {"owner": owner}
    url = absolute_url(path)
    return Entry(
        uid=uid("meeting", meeting.id),
        summary=meeting.title,
        start=start,
        end=start + MEETING_LENGTH,
        url=url,
        description=f"{description}\n{url}",
        modified=meeting.history_date if cancelled else meeting.updated_at,
        sequence=max(meeting.revisions - 1, 0),
        location=meeting.location,
        cancelled=cancelled,
    )


def _action_entry(action: Action) -> Entry:
    url = absolute_url(action.get_absolute_url())
    assert action.due_date is not None
    lines = [
        _("Deadline van actie in werkstroom %(workstream)s.") % {"workstream": action.workstream.name},
        _("Eigenaar: %(owner)s") % {"owner": action.owner or "—"},
        _("Status: %(status)s") % {"status": action.get_status_display()},
        url,
    ]
    return Entry(
        uid=uid("action", action.pk),
        summary=_("Deadline: %(title)s") % {"title": action.title},
        start=action.due_date,
        end=action.due_date + dt.timedelta(days=1),
        url=url,
        description="\n".join(lines),
        modified=action.updated_at,
        sequence=max(action.revisions - 1, 0),  # type: ignore[attr-defined]
    )


def _deadline_entries(taskforce: Taskforce) -> list[Entry]:
    deadline = taskforce.deadline()
    url = absolute_url(reverse("dashboard"))
    # The taskforce keeps no history: its dates are stamped with the start, which moves them all.
    stamp = timezone.make_aware(dt.datetime.combine(taskforce.start_date, dt.time.min))
    marks = [
        ("eleven-weeks", deadline.eleven_weeks, _("Taskforce: 11 weken, concrete vervolgstappen gereed")),
        ("twelve-weeks", deadline.twelve_weeks, _("Taskforce: 12 weken, einde van de taskforce")),
    ]
    return [
        Entry(
            uid=uid(kind, taskforce.pk),
            summary=summary,
            start=day,
            end=day + dt.timedelta(days=1),
            url=url,
            description=f"{_('De stand tegenover de deadline staat op het dashboard.')}\n{url}",
            modified=stamp,
        )
        for kind, day, summary in marks
    ]


def _meetings(meetings: models.QuerySet[Meeting], now: dt.datetime) -> list[Entry]:
    return [
        _meeting_entry(m)
        for m in meetings.filter(starts_at__gte=now - WINDOW)
        .select_related("workstream")
        .annotate(revisions=_revisions(Meeting))
        .order_by("starts_at", "pk")
    ]


def _cancelled_meetings(now: dt.datetime, *conditions: models.Q, **filters) -> list[Entry]:
    """Tombstones: the deletion rows of meetings that would still be in the window."""
    history = Meeting.history.model
    rows = (
        history.objects.filter(*conditions, history_type="-", starts_at__gte=now - WINDOW, **filters)
        .select_related("workstream")
        .annotate(revisions=_revisions(Meeting, key="id"))
        .order_by("starts_at", "id")
    )
    return [_meeting_entry(row, cancelled=True) for row in rows]


def _actions(**filters) -> list[Entry]:
    rows = (
        Action.objects.open()
        .filter(due_date__isnull=False, **filters)
        .select_related("workstream", "owner")
        .annotate(revisions=_revisions(Action))
        .order_by("due_date", "pk")
    )
    return [_action_entry(a) for a in rows]


def personal_entries(user: User, now: dt.datetime | None = None) -> list[Entry]:
    """The meetings a person is expected at (and those cancelled), the taskforce's 11- and 12-week
    dates, and the due dates of their own open actions."""
    now = now or timezone.now()
    entries = _meetings(Meeting.objects.expected_for(user), now)
    entries += _cancelled_meetings(now, circle_of(user))
    taskforce = Taskforce.current()
    if taskforce is not None:
        entries += _deadline_entries(taskforce)
    entries += _actions(owner=user)
    return entries


def workstream_entries(workstream: Workstream, now: dt.datetime | None = None) -> list[Entry]:
    """A workstream's meetings (and those cancelled) and the due dates of its open actions."""
    now = now or timezone.now()
    entries = _meetings(Meeting.objects.filter(workstream=workstream), now)
    entries += _cancelled_meetings(now, workstream_id=workstream.pk)
    entries += _actions(workstream=workstream)
    return entries


def meeting_entry(meeting: Meeting) -> Entry:
    """One meeting, for the download that adds it to a calendar by hand."""
    meeting = Meeting.objects.select_related("workstream").annotate(revisions=_revisions(Meeting)).get(pk=meeting.pk)
    return _meeting_entry(meeting)


@dataclass(frozen=True)
class FeedUrls:
    https: str
    webcal: str  # calendar programs open webcal:// as "subscribe"


def _feed_urls(path: str) -> FeedUrls:
    https = absolute_url(path)
    return FeedUrls(https=https, webcal="webcal://" + https.split("://", 1)[1])


def personal_feed_urls(feed) -> FeedUrls:
    return _feed_urls(reverse("calendars:personal_feed", args=[feed.token]))


def workstream_feed_urls(feed, workstream: Workstream) -> FeedUrls:
    return _feed_urls(reverse("calendars:workstream_feed", args=[feed.token, workstream.slug]))
