"""Meeting and action-item forms: bad input re-renders with errors and keeps the text; tampering is refused."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from meetings.models import Meeting
from tests.factories import make_user, meeting_data
from workstreams.models import Action

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC), tick=False):
        yield


def test_trekker_creates_a_workstream_meeting_with_its_members_as_attendees(client, trekker, member, verbinden):
    client.force_login(trekker)
    response = client.post(
        "/meetings/new/verbinden/",
        meeting_data(agenda="Bidbook\nEvent", attendees=[trekker.pk, member.pk]),
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.workstream == verbinden
    assert set(meeting.attendees.all()) == {trekker, member}
    assert meeting.free_items() == ["Bidbook", "Event"]
    assert meeting.get_absolute_url() == f"/meetings/{meeting.pk}/"


def test_an_empty_title_re_renders_and_keeps_what_was_typed(client, trekker):
    client.force_login(trekker)
    response = client.post("/meetings/new/verbinden/", meeting_data(title="", minutes="Lang verslag van vandaag"))
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert "Lang verslag van vandaag" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_garbled_date_is_an_error_not_a_crash(client, trekker):
    client.force_login(trekker)
    response = client.post("/meetings/new/verbinden/", meeting_data(starts_at="morgen om tien"))
    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"]


def test_an_attendee_from_outside_the_workstream_is_refused(client, trekker, other_member):
    client.force_login(trekker)
    response = client.post("/meetings/new/verbinden/", meeting_data(attendees=[other_member.pk]))
    assert response.status_code == 200
    assert response.context["form"].errors["attendees"]
    assert not Meeting.objects.exists()


def test_a_member_cannot_create_a_meeting_for_a_workstream_by_changing_the_url(client, other_member):
    client.force_login(other_member)
    assert client.post("/meetings/new/verbinden/", meeting_data()).status_code == 403
    assert client.post("/meetings/new/voorkomen/", meeting_data()).status_code == 403  # members are not trekkers
    assert not Meeting.objects.exists()


def test_editing_keeps_the_workstream_whatever_the_post_says(client, trekker, ws_meeting, voorkomen):
    client.force_login(trekker)
    response = client.post(
        f"/meetings/{ws_meeting.pk}/edit/",
        meeting_data(workstream=voorkomen.pk, minutes="Verslag", decisions="Besluit 1\nBesluit 2"),
    )
    assert response.status_code == 302
    ws_meeting.refresh_from_db()
    assert ws_meeting.workstream.slug == "verbinden"
    assert ws_meeting.decision_list() == ["Besluit 1", "Besluit 2"]


def test_an_action_item_becomes_an_action_linked_to_the_meeting(client, trekker, member, ws_meeting):
    client.force_login(trekker)
    response = client.post(
        f"/meetings/{ws_meeting.pk}/action-items/",
        {"title": "Bidbook opstellen", "owner": member.pk, "due_date": "2026-12-04"},
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Bidbook opstellen")
    assert (action.meeting, action.workstream, action.owner, action.due_date) == (
        ws_meeting,
        ws_meeting.workstream,
        member,
        dt.date(2026, 12, 4),
    )
    assert "Bidbook opstellen" in client.get(f"/meetings/{ws_meeting.pk}/").content.decode()


def test_a_taskforce_meeting_action_item_goes_to_the_chosen_workstream(client, taskforce_member, tf_meeting, voorkomen):
    client.force_login(taskforce_member)
    response = client.post(
        f"/meetings/{tf_meeting.pk}/action-items/", {"title": "Tekorten melden", "workstream": voorkomen.pk}
    )
    assert response.status_code == 302
    assert Action.objects.get(title="Tekorten melden").workstream == voorkomen


@pytest.mark.parametrize(
    "data,field",
    [
        ({"title": "", "workstream": "WS"}, "title"),
        ({"title": "Iets", "workstream": "999999"}, "workstream"),
        ({"title": "Iets", "workstream": "verbinden"}, "workstream"),
        ({"title": "Iets"}, "workstream"),
        ({"title": "Iets", "workstream": "WS", "due_date": "2026-10-01"}, "due_date"),
        ({"title": "Iets", "workstream": "WS", "due_date": "volgende week"}, "due_date"),
        ({"title": "Iets", "workstream": "WS", "owner": "999999"}, "owner"),
    ],
)
def test_a_bad_action_item_re_renders_the_meeting_with_the_error(
    client, taskforce_member, tf_meeting, verbinden, data, field
):
    client.force_login(taskforce_member)
    data = {key: str(verbinden.pk) if value == "WS" else value for key, value in data.items()}
    before = Action.objects.count()
    response = client.post(f"/meetings/{tf_meeting.pk}/action-items/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Action.objects.count() == before


def test_a_viewer_cannot_be_made_owner_of_an_action_item(client, trekker, viewer, ws_meeting):
    client.force_login(trekker)
    response = client.post(f"/meetings/{ws_meeting.pk}/action-items/", {"title": "Iets", "owner": viewer.pk})
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors


def test_trekker_of_another_workstream_cannot_add_items_to_verbinden(client, ws_meeting, taskforce):
    other_trekker = make_user("trekker2", "member", "RIVM", "voorkomen", "trekker")
    client.force_login(other_trekker)
    response = client.post(f"/meetings/{ws_meeting.pk}/action-items/", {"title": "Iets"})
    assert response.status_code == 403
    assert not Action.objects.filter(title="Iets").exists()


def test_list_splits_upcoming_from_past_and_filters_by_workstream(client, viewer, tf_meeting, ws_meeting):
    client.force_login(viewer)
    response = client.get("/meetings/")
    assert response.context["upcoming"] == [ws_meeting]
    assert response.context["past"] == [tf_meeting]
    assert client.get("/meetings/?workstream=taskforce").context["upcoming"] == []
    filtered = client.get("/meetings/?workstream=verbinden")
    assert (filtered.context["upcoming"], filtered.context["past"]) == ([ws_meeting], [])


@pytest.mark.parametrize("url", ["/meetings/", "/meetings/{tf}/", "/meetings/{ws}/"])
def test_meeting_pages_take_the_same_number_of_queries_with_more_data(
    client, trekker, member, tf_meeting, ws_meeting, verbinden, url, django_assert_max_num_queries
):
    client.force_login(trekker)
    url = url.format(tf=tf_meeting.pk, ws=ws_meeting.pk)
    client.get(url)
    # 12, plus 5 for the weekly updates the agenda proposes (missing, red without a plan, disagreements), plus 1 for
    # the agenda's work delegated outside the app, 1 for the
    # meeting's attachments and 1 for the unread-notification badge.
    with django_assert_max_num_queries(20):
        client.get(url)
    for n in range(15):
        for meeting in (tf_meeting, ws_meeting):
            meeting.add_action_item(
                title=f"Punt {n}", owner=member, due_date=dt.date(2026, 11, 20), workstream=verbinden
            )
        Meeting.objects.create(title=f"Overleg {n}", workstream=verbinden, starts_at=tf_meeting.starts_at)
    ws_meeting.attendees.set([trekker, member])
    tf_meeting.attendees.set([trekker])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200


def test_a_new_meeting_proposes_the_next_weekly_meeting_slot(client, trekker, taskforce):
    client.force_login(trekker)
    form = client.get("/meetings/new/verbinden/").context["form"]
    # 23 November 2026 is a Monday; the taskforce meets on Tuesdays at 10:00.
    assert 'value="2026-11-24T10:00"' in str(form["starts_at"])


def test_earlier_meetings_come_fifty_a_page_most_recent_first(client, viewer, taskforce):
    now = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(title=f"Overleg {i:03}", starts_at=now - dt.timedelta(days=7 * (i + 1))) for i in range(60)
    )
    client.force_login(viewer)

    first, second = client.get("/meetings/"), client.get("/meetings/", {"pagina": 2})

    assert [m.title for m in first.context["past"]] == [f"Overleg {i:03}" for i in range(50)]
    assert [m.title for m in second.context["past"]] == [f"Overleg {i:03}" for i in range(50, 60)]
    assert "Pagina 1 van 2 (vergaderingen 1–50 van 60)." in first.content.decode()
