"""Who hears what: assignments, @mentions, status changes of what one follows, returned updates;
never the person who acted, never of what one may not read; the list page, the badge and the mails."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from mailings.notices import bundles_run, notifications_send
from meetings.services import meeting_save
from notifications.models import Notification, NotificationSettings
from notifications.services import follow_set
from tests.factories import AMS, make_action, make_update
from updates import services as update_services
from updates.models import UpdateVersion
from workstreams import services

pytestmark = pytest.mark.django_db


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def change(action, user, **fields):
    data = {name: getattr(action, name) for name in services.EDITABLE_FIELDS}
    return services.action_update(action_id=action.pk, version=action.version, user=user, fields={**data, **fields})


def test_a_member_hears_when_an_action_is_assigned_to_them(verbinden, trekker, member):
    action = make_action(verbinden, "Rondetafel")
    change(action, trekker, owner=member)
    assert kinds(member) == ["assigned"]
    assert kinds(trekker) == []  # who acted is not told


def test_followers_hear_of_a_status_change_and_an_owner_may_unfollow(verbinden, trekker, member, viewer):
    action = make_action(verbinden, "Rondetafel", owner=member)
    follow_set(user=viewer, target=verbinden, following=True)
    change(action, trekker, status="in_progress")
    assert kinds(member) == ["status_changed"]  # the owner follows by default
    assert kinds(viewer) == ["status_changed"]  # follows the workstream
    follow_set(user=member, target=action, following=False)
    action.refresh_from_db()
    change(action, trekker, status="blocked")
    assert kinds(member) == ["status_changed"]


def test_a_mention_in_a_note_leads_to_the_note(verbinden, member, other_member):
    action = make_action(verbinden, "Rondetafel")
    note = services.note_add(action=action, user=member, text="@anderlid, kunt u hiernaar kijken?")
    notification = Notification.objects.get(user=other_member)
    assert notification.kind == "mentioned"
    assert notification.url == f"/workstreams/actions/{action.pk}/#note-{note.pk}"
    assert notification.summary() == "Lid noemde u bij “Rondetafel”."


def test_nobody_hears_of_an_update_they_may_not_read(verbinden, trekker, taskforce_member, secretariat, viewer):
    update = make_update(verbinden, trekker, dt.date(2026, 11, 24))
    update_services.update_review(
        version=update.versions.get(),
        user=taskforce_member,
        decision=UpdateVersion.Decision.RETURNED,
        comments=[("rationale", "Graag aanvullen, @ministerie en @secretariat.")],
    )
    assert kinds(trekker) == ["update_returned"]
    assert kinds(secretariat) == ["mentioned"]
    assert kinds(viewer) == []  # viewers read approved updates only


def test_the_picker_offers_only_people_who_may_read_the_item(client, member, viewer):
    client.force_login(member)
    url = reverse("notifications:people")
    assert "@ministerie" in client.get(url, {"q": "minis"}).content.decode()
    assert "@ministerie" not in client.get(url, {"q": "minis", "scope": "update"}).content.decode()


def test_a_mention_in_the_minutes_is_told_once(ws_meeting, trekker, member):
    from meetings.forms import MeetingForm

    def save(minutes):
        data = {
            "title": ws_meeting.title,
            "starts_at": ws_meeting.starts_at.astimezone(AMS).strftime("%Y-%m-%dT%H:%M"),
            "location": "",
            "agenda": "",
            "minutes": minutes,
            "decisions": "",
        }
        form = MeetingForm(data, instance=ws_meeting, attendee_choices=type(trekker).objects.all())
        assert form.is_valid(), form.errors
        meeting_save(form=form, user=trekker)

    save("@lid neemt contact op.")
    save("@lid neemt contact op met de fabrikant.")
    assert kinds(member) == ["mentioned"]


def test_the_list_marks_read_and_the_badge_counts_unread(verbinden, trekker, member):
    action = make_action(verbinden, "Rondetafel")
    services.note_add(action=action, user=trekker, text="@lid graag")
    client = Client()
    client.force_login(member)
    page = client.get(reverse("my_work")).content.decode()
    assert 'id="unread-count">1<span class="visually-hidden"> ongelezen</span>' in page
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "Trekker noemde u bij “Rondetafel”." in listing and "nieuw" in listing
    assert Notification.objects.unread().filter(user=member).count() == 0
    assert 'id="unread-count"' not in client.get(reverse("my_work")).content.decode()


def test_notifications_speak_english_to_english_readers(verbinden, trekker, member):
    member.language = "en"
    member.save()
    services.note_add(action=make_action(verbinden, "Rondetafel"), user=trekker, text="@lid graag")
    client = Client()
    client.force_login(member)
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "Trekker mentioned you on “Rondetafel”." in listing


def test_following_and_unfollowing_from_the_page(client, verbinden, viewer):
    action = make_action(verbinden, "Rondetafel")
    client.force_login(viewer)
    url = reverse("notifications:follow", args=["action", action.pk])
    assert "Volgen" in client.get(action.get_absolute_url()).content.decode()
    assert client.post(url, {"following": "1"}).status_code == 302
    assert "Niet meer volgen" in client.get(action.get_absolute_url()).content.decode()
    client.post(url, {"following": "0"})
    assert "Niet meer volgen" not in client.get(action.get_absolute_url()).content.decode()


def test_a_mail_at_once_goes_exactly_once(verbinden, trekker, member, smtp_server):
    services.note_add(action=make_action(verbinden, "Rondetafel"), user=trekker, text="@lid graag")
    ids = list(Notification.objects.values_list("pk", flat=True))
    notifications_send(notification_ids=ids)
    notifications_send(notification_ids=ids)
    assert [m["To"] for m in smtp_server.messages] == [member.email]
    assert smtp_server.messages[0]["Subject"] == "Trekker noemde u bij “Rondetafel”."
    # The hourly run sees it was sent and sends nothing more.
    bundles_run(now=dt.datetime.now(tz=AMS) + dt.timedelta(hours=1))
    assert len(smtp_server.messages) == 1


def test_no_mail_when_status_mails_are_switched_off_or_the_kind_is_off(verbinden, trekker, member, smtp_server):
    NotificationSettings.objects.create(user=member, mentioned="off")
    services.note_add(action=make_action(verbinden, "Rondetafel"), user=trekker, text="@lid graag")
    bundles_run(now=dt.datetime.now(tz=AMS) + dt.timedelta(hours=1))
    assert smtp_server.messages == []
    assert kinds(member) == ["mentioned"]  # still in the app


def test_an_hourly_bundle_carries_the_past_hour_in_one_mail(verbinden, trekker, member, smtp_server):
    NotificationSettings.objects.create(user=member, mentioned="hourly", assigned="hourly")
    action = make_action(verbinden, "Rondetafel")
    with time_machine.travel(dt.datetime(2026, 11, 24, 10, 10, tzinfo=AMS), tick=False):
        services.note_add(action=action, user=trekker, text="@lid graag")
        change(action, trekker, owner=member)
    with time_machine.travel(dt.datetime(2026, 11, 24, 10, 40, tzinfo=AMS), tick=False):
        services.note_add(action=action, user=trekker, text="@lid en nog dit")
        bundles_run()  # the hour is not over: nothing yet
    assert smtp_server.messages == []
    with time_machine.travel(dt.datetime(2026, 11, 24, 11, 0, 5, tzinfo=AMS), tick=False):
        bundles_run()
        bundles_run()  # a second run in the same hour sends nothing twice
    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail["Subject"] == "3 meldingen van de taskforce"
    text = mail.get_body(("plain",)).get_content()
    assert text.count("Rondetafel") == 3 and "#note-" in text
