"""The calendar page of a person's account, their feeds (no login: the signed key authorises), and one
meeting as a file to add by hand."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from calendars import feeds, selectors
from calendars.models import CalendarFeed
from meetings.models import Meeting
from workstreams.models import Workstream


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # What a secret link shows is one person's: no shared cache keeps a copy.
    response["Cache-Control"] = "private"
    return response


def _feed(token: str) -> CalendarFeed:
    feed = CalendarFeed.from_token(token)
    if feed is None:
        raise Http404
    return feed


@login_not_required
@require_GET
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = _feed(token)
    with translation.override(feed.user.language):
        content = feeds.calendar_build(
            uid=selectors.uid("feed", feed.user.pk),
            name=_("Taskforce Vaccins: %(person)s") % {"person": feed.user},
            entries=selectors.personal_entries(feed.user),
        )
    return _ics(content, "taskforce.ics")


@login_not_required
@require_GET
def workstream_feed(request: HttpRequest, token: str, workstream: str) -> HttpResponse:
    feed = _feed(token)
    ws = get_object_or_404(Workstream, slug=workstream)
    with translation.override(feed.user.language):
        content = feeds.calendar_build(
            uid=selectors.uid("workstream-feed", ws.pk),
            name=_("Taskforce Vaccins: werkstroom %(name)s") % {"name": ws.name},
            entries=selectors.workstream_entries(ws),
        )
    return _ics(content, f"{ws.slug}.ics")


@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    content = feeds.calendar_build(
        uid=selectors.uid("meeting-file", meeting.pk),
        name=meeting.title,
        entries=[selectors.meeting_entry(meeting)],
        method="PUBLISH",
    )
    response = _ics(content, f"vergadering-{meeting.pk}.ics")
    response["Content-Disposition"] = f'attachment; filename="vergadering-{meeting.pk}.ics"'
    return response


@require_GET
def calendar_settings(request: HttpRequest) -> HttpResponse:
    feed = CalendarFeed.for_user(request.user)
    workstreams = [(ws, selectors.workstream_feed_urls(feed, ws)) for ws in Workstream.objects.all()]
    return render(
        request,
        "calendars/calendar_settings.html",
        {"personal": selectors.personal_feed_urls(feed), "workstreams": workstreams},
    )


@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    CalendarFeed.for_user(request.user).reset()
    messages.success(request, _("Uw agenda-links zijn vernieuwd. De oude links werken niet meer."))
    return redirect("calendars:settings")
