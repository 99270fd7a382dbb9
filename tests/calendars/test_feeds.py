"""Calendar feeds, parsed with `icalendar` and checked event by event against the database."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from calendars.models import CalendarFeed
from meetings.models import Meeting
from tests.factories import at, make_action, make_meeting, make_user, meeting_data
from workstreams.models import Action

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
SITE = "https://taskforce.example.nl"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def feed_url(user) -> str:
    return reverse("calendars:personal_feed", args=[CalendarFeed.for_user(user).token])


def fetch(client, url: str) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    found = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT")), "a UID appears twice"
    return found


def check_meeting(event: icalendar.Event, meeting: Meeting) -> None:
    start = event.decoded("DTSTART")
    assert start == meeting.starts_at and start.tzinfo.key == "Europe/Amsterdam"
    assert event.decoded("DTEND") - start == dt.timedelta(hours=1)
    assert str(event["SUMMARY"]) == meeting.title
    assert str(event.get("LOCATION", "")) == meeting.location
    assert str(event["URL"]) == f"{SITE}/meetings/{meeting.pk}/"
    assert str(event["URL"]) in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("LAST-MODIFIED") == meeting.updated_at.replace(microsecond=0)
    assert event.decoded("DTSTAMP") == meeting.updated_at.replace(microsecond=0)


def check_action(event: icalendar.Event, action: Action) -> None:
    assert event.decoded("DTSTART") == action.due_date  # a date: an all-day entry
    assert event.decoded("DTEND") == action.due_date + dt.timedelta(days=1)
    assert str(event["SUMMARY"]) == f"Deadline: {action.title}"
    assert str(event["URL"]) == f"{SITE}/workstreams/actions/{action.pk}/" == SITE + action.get_absolute_url()
    assert action.workstream.name in str(event["DESCRIPTION"])
    assert str(event["TRANSP"]) == "TRANSPARENT"


def test_personal_feed_holds_my_meetings_the_deadline_dates_and_my_own_open_actions(
    client, taskforce, member, other_member, verbinden, voorkomen, tf_meeting, ws_meeting
):
    invited = make_meeting("Taskforce met gasten", at(timezone.localdate() + dt.timedelta(days=8)), location="Den Haag")
    invited.attendees.add(member)
    today = timezone.localdate()
    mine = make_action(verbinden, "Bidbook opstellen", owner=member, due=today + dt.timedelta(days=5))
    make_action(verbinden, "Klaar", owner=member, due=today, status="done")
    make_action(verbinden, "Geen deadline", owner=member)
    theirs = make_action(voorkomen, "Andermans actie", owner=other_member, due=today)
    make_meeting("Voorkomen weekoverleg", at(today + dt.timedelta(days=2)), voorkomen)

    found = events(fetch(client, feed_url(member)))  # no login: the token authorises

    host = "taskforce.example.nl"
    deadline = taskforce.deadline()
    assert set(found) == {
        f"meeting-{ws_meeting.pk}@{host}",  # Verbinden's meeting
        f"meeting-{invited.pk}@{host}",  # a taskforce meeting that lists the member
        f"eleven-weeks-{taskforce.pk}@{host}",
        f"twelve-weeks-{taskforce.pk}@{host}",
        f"action-{mine.pk}@{host}",
    }
    check_meeting(found[f"meeting-{ws_meeting.pk}@{host}"], ws_meeting)
    check_meeting(found[f"meeting-{invited.pk}@{host}"], invited)
    check_action(found[f"action-{mine.pk}@{host}"], mine)
    assert found[f"eleven-weeks-{taskforce.pk}@{host}"].decoded("DTSTART") == deadline.eleven_weeks
    assert found[f"twelve-weeks-{taskforce.pk}@{host}"].decoded("DTSTART") == deadline.twelve_weeks
    assert str(found[f"twelve-weeks-{taskforce.pk}@{host}"]["URL"]) == f"{SITE}/dashboard/"
    assert f"action-{theirs.pk}@{host}" not in found


def test_the_taskforce_sees_taskforce_meetings_and_a_viewer_only_the_dates(client, trekker, viewer, tf_meeting):
    assert any(uid.startswith(f"meeting-{tf_meeting.pk}@") for uid in events(fetch(client, feed_url(trekker))))
    assert [uid.split("-")[0] for uid in events(fetch(client, feed_url(viewer)))] == ["eleven", "twelve"]


def test_meeting_times_are_amsterdam_time_on_both_sides_of_the_change_to_summer_time(client, trekker, verbinden):
    winter = make_meeting("Voor de klok verzet", dt.datetime(2027, 3, 23, 10, tzinfo=AMS), verbinden)
    summer = make_meeting("Na de klok verzet", dt.datetime(2027, 3, 30, 10, tzinfo=AMS), verbinden)
    response = client.get(feed_url(trekker))
    body = response.content.decode()
    calendar = icalendar.Calendar.from_ical(response.content)

    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert "DTSTART;TZID=Europe/Amsterdam:20270323T100000" in body
    assert "DTSTART;TZID=Europe/Amsterdam:20270330T100000" in body
    found = events(calendar)
    before = found[f"meeting-{winter.pk}@taskforce.example.nl"].decoded("DTSTART")
    after = found[f"meeting-{summer.pk}@taskforce.example.nl"].decoded("DTSTART")
    assert before.utcoffset() == dt.timedelta(hours=1) and before == dt.datetime(2027, 3, 23, 9, tzinfo=dt.UTC)
    assert after.utcoffset() == dt.timedelta(hours=2) and after == dt.datetime(2027, 3, 30, 8, tzinfo=dt.UTC)
    # The time zone's own rules say so too, for programs that read VTIMEZONE rather than the name.
    tz = calendar.walk("VTIMEZONE")[0].to_tz()
    assert tz.utcoffset(dt.datetime(2027, 3, 30, 10)) == dt.timedelta(hours=2)


def test_uids_and_content_stay_the_same_across_two_fetches(client, member, ws_meeting, verbinden):
    make_action(verbinden, "Bidbook opstellen", owner=member, due=timezone.localdate())
    first, second = client.get(feed_url(member)), client.get(feed_url(member))
    assert set(events(icalendar.Calendar.from_ical(first.content))) == set(
        events(icalendar.Calendar.from_ical(second.content))
    )
    assert first.content == second.content


def test_a_moved_meeting_keeps_its_uid_with_a_higher_sequence(client, trekker, member, ws_meeting):
    uid = f"meeting-{ws_meeting.pk}@taskforce.example.nl"
    before = events(fetch(client, feed_url(member)))[uid]

    client.force_login(trekker)
    moved = timezone.localdate() + dt.timedelta(days=2)
    response = client.post(f"/meetings/{ws_meeting.pk}/edit/", meeting_data(starts_at=f"{moved}T14:30"))
    assert response.status_code == 302
    client.logout()

    after = events(fetch(client, feed_url(member)))[uid]
    ws_meeting.refresh_from_db()
    check_meeting(after, ws_meeting)
    assert after.decoded("DTSTART") == dt.datetime.combine(moved, dt.time(14, 30), tzinfo=AMS)
    assert after.decoded("SEQUENCE") > before.decoded("SEQUENCE")
    assert after.decoded("DTSTAMP") >= before.decoded("DTSTAMP")


def test_a_deleted_meeting_appears_cancelled_to_those_who_had_it(client, member, other_member, ws_meeting):
    uid = f"meeting-{ws_meeting.pk}@taskforce.example.nl"
    before = events(fetch(client, feed_url(member)))[uid]
    ws_meeting.delete()

    after = events(fetch(client, feed_url(member)))[uid]
    assert str(after["STATUS"]) == "CANCELLED"
    assert after.decoded("SEQUENCE") > before.decoded("SEQUENCE")
    assert after.decoded("DTSTART") == before.decoded("DTSTART")
    assert uid not in events(fetch(client, feed_url(other_member)))  # never had it: no cancellation either
    workstream = reverse("calendars:workstream_feed", args=[CalendarFeed.for_user(other_member).token, "verbinden"])
    assert str(events(fetch(client, workstream))[uid]["STATUS"]) == "CANCELLED"


def test_a_meeting_deleted_long_ago_drops_out_of_the_feed(client, member, verbinden):
    old = make_meeting("Lang geleden", at(timezone.localdate() - dt.timedelta(days=91)), verbinden)
    old.delete()
    assert not any(uid.startswith(f"meeting-{old.pk}@") for uid in events(fetch(client, feed_url(member))))


def test_resetting_the_link_makes_the_old_url_fail(client, member):
    old = feed_url(member)
    assert client.get(old).status_code == 200
    client.force_login(member)
    response = client.post(reverse("calendars:reset"))
    assert response.status_code == 302 and response["Location"] == reverse("calendars:settings")
    client.logout()

    assert client.get(old).status_code == 404
    assert client.get(old.replace(".ics", "/verbinden.ics")).status_code == 404
    new = feed_url(member)
    assert new != old and client.get(new).status_code == 200


def test_a_forged_or_deactivated_persons_link_fails(client, member):
    url = feed_url(member)
    key = CalendarFeed.objects.get(user=member).key
    assert client.get(reverse("calendars:personal_feed", args=[key])).status_code == 404  # the key unsigned
    assert client.get(url.replace(".ics", "x.ics")).status_code == 404
    member.is_active = False
    member.save()
    assert client.get(url).status_code == 404


def test_another_persons_feeds_never_carry_actions_of_a_workstream_they_do_not_follow(
    client, member, other_member, verbinden, voorkomen, ws_meeting
):
    secret = make_action(verbinden, "Verbinden intern", owner=member, due=timezone.localdate())
    uid = f"action-{secret.pk}@taskforce.example.nl"
    own = events(fetch(client, feed_url(other_member)))
    assert uid not in own and not any(e["SUMMARY"].endswith("Verbinden intern") for e in own.values())
    assert not any(u.startswith(f"meeting-{ws_meeting.pk}@") for u in own)
    token = CalendarFeed.for_user(other_member).token
    theirs = events(fetch(client, reverse("calendars:workstream_feed", args=[token, "voorkomen"])))
    assert uid not in theirs


def test_workstream_feed_holds_its_meetings_and_its_members_open_actions(
    client, member, trekker, verbinden, ws_meeting, tf_meeting
):
    today = timezone.localdate()
    open_ones = [
        make_action(verbinden, "Bidbook", owner=member, due=today),
        make_action(verbinden, "Event", owner=trekker, due=today + dt.timedelta(days=3), status="blocked"),
    ]
    make_action(verbinden, "Vervallen", owner=member, due=today, status="dropped")
    token = CalendarFeed.for_user(member).token
    found = events(fetch(client, reverse("calendars:workstream_feed", args=[token, "verbinden"])))
    seeded = Action.objects.open().filter(workstream=verbinden, due_date__isnull=False)
    assert set(found) == {f"meeting-{ws_meeting.pk}@taskforce.example.nl"} | {
        f"action-{a.pk}@taskforce.example.nl" for a in seeded
    }
    check_meeting(found[f"meeting-{ws_meeting.pk}@taskforce.example.nl"], ws_meeting)
    for action in open_ones:
        check_action(found[f"action-{action.pk}@taskforce.example.nl"], action)
    assert client.get(reverse("calendars:workstream_feed", args=[token, "bestaat-niet"])).status_code == 404


def test_feeds_take_the_same_number_of_queries_however_many_events(client, trekker, verbinden):
    token = CalendarFeed.for_user(trekker).token
    urls = [feed_url(trekker), reverse("calendars:workstream_feed", args=[token, "verbinden"])]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    def add(n):
        for i in range(n):
            make_meeting(f"Overleg {i}", at(timezone.localdate() + dt.timedelta(days=i + 1)), verbinden).delete()
            make_meeting(f"Overleg {i}", at(timezone.localdate() + dt.timedelta(days=i + 1)), verbinden)
            make_meeting(f"Taskforce {i}", at(timezone.localdate() + dt.timedelta(days=i + 1)))
            make_action(verbinden, f"Actie {i}", owner=trekker, due=timezone.localdate())

    add(2)
    few = counts()
    add(30)
    assert counts() == few


def test_a_meeting_downloads_as_a_calendar_file_with_the_feeds_uid(client, member, ws_meeting):
    url = reverse("calendars:meeting_ics", args=[ws_meeting.pk])
    assert client.get(url).status_code == 302  # needs a login
    client.force_login(member)
    response = client.get(url)
    assert response["Content-Disposition"] == f'attachment; filename="vergadering-{ws_meeting.pk}.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{ws_meeting.pk}@taskforce.example.nl"
    check_meeting(event, ws_meeting)


def test_a_feed_speaks_its_owners_language(client, verbinden):
    english = make_user("engels", "member", workstream="verbinden")
    english.language = "en"
    english.save()
    make_action(verbinden, "Bidbook", owner=english, due=timezone.localdate())
    summaries = [str(e["SUMMARY"]) for e in fetch(client, feed_url(english)).walk("VEVENT")]
    assert "Taskforce: 12 weeks, end of the taskforce" in summaries
    assert "Deadline: Bidbook" in summaries


def test_the_calendar_page_shows_my_links_and_the_meetings_page_offers_them(client, member, ws_meeting):
    client.force_login(member)
    feed = CalendarFeed.for_user(member)
    page = client.get(reverse("calendars:settings")).content.decode()
    assert f'value="{SITE}/feeds/{feed.token}.ics"' in page
    assert f'href="webcal://taskforce.example.nl/feeds/{feed.token}/verbinden.ics"' in page
    meetings = client.get("/meetings/").content.decode()
    assert f'href="webcal://taskforce.example.nl/feeds/{feed.token}.ics"' in meetings
    assert f'href="/meetings/{ws_meeting.pk}/calendar.ics"' in meetings
