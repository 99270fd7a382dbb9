"""Entries written as iCalendar (RFC 5545) with the `icalendar` package, in the app's time zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from icalendar import Calendar, Event
from icalendar.enums import STATUS, TRANSP

from calendars.selectors import Entry

PRODID = "-//Taskforce Vaccins//Agenda//NL"
# How often calendar programs that honour it fetch a feed again (RFC 7986 REFRESH-INTERVAL).
REFRESH = dt.timedelta(hours=1)


def _event(entry: Entry) -> Event:
    stamp = entry.modified.astimezone(dt.UTC).replace(microsecond=0)
    event = Event.new(
        uid=entry.uid,
        summary=entry.summary,
        start=entry.start,
        end=entry.end,
        url=entry.url,
        description=entry.description,
        location=entry.location or None,
        sequence=entry.sequence,
        stamp=stamp,
        last_modified=stamp,
        status=STATUS.CANCELLED if entry.cancelled else STATUS.CONFIRMED,
        # A deadline is a reminder, not time taken: it leaves the day free.
        transparency=TRANSP.TRANSPARENT if entry.all_day else TRANSP.OPAQUE,
    )
    return event


def calendar_build(*, uid: str, name: str, entries: Iterable[Entry], method: str | None = None) -> bytes:
    """A calendar of these entries with the VTIMEZONE of every time zone they use."""
    calendar = Calendar.new(prodid=PRODID, uid=uid, name=name, refresh_interval=REFRESH, method=method)
    for entry in entries:
        calendar.add_component(_event(entry))
    calendar.add_missing_timezones()
    return calendar.to_ical()
