"""What a script can change through the API besides actions, measurements and registers: members,
meetings, the last signal of recommendations and the weekly updates, with the pages' own rules."""

import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import Meeting
from notifications.models import Notification
from taskforce.models import Taskforce
from tests.factories import make_action, make_update, make_user
from updates.models import Delegate, WorkstreamUpdate
from updates.selectors import meeting_date
from workstreams.models import Membership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]


def coming_meeting() -> dt.date:
    return meeting_date(Taskforce.current(), timezone.localdate())


# --- Members ------------------------------------------------------------------------------------------


def test_the_trekker_adds_a_member_and_names_a_new_trekker_who_replaces_them(api_as, trekker, verbinden):
    newcomer = make_user("nieuw", "member")
    api = api_as(trekker)
    created = api.post(
        "/api/memberships/", {"workstream": verbinden.pk, "user": newcomer.pk, "role": "member"}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert created.json()["person"]["username"] == "nieuw"
    pk = created.json()["id"]
    promoted = api.patch(f"/api/memberships/{pk}/", {"role": "trekker"}, format="json")
    assert promoted.status_code == 200 and promoted.json()["role"] == "trekker"
    assert Membership.objects.get(workstream=verbinden, user=trekker).role == "member"  # one trekker
    # No longer the trekker: no longer manages the members.
    assert api.delete(f"/api/memberships/{pk}/").status_code == 403


def test_a_viewer_or_someone_already_in_the_workstream_is_not_added(api_as, trekker, member, viewer, verbinden):
    api = api_as(trekker)
    for person in (viewer, member):
        response = api.post(
            "/api/memberships/", {"workstream": verbinden.pk, "user": person.pk, "role": "member"}, format="json"
        )
        assert response.status_code == 400 and "user" in response.json()
    assert not Membership.objects.filter(user=viewer).exists()


def test_only_the_secretariat_takes_itself_out_of_a_workstream(api_as, trekker, secretariat, member, verbinden):
    own = Membership.objects.get(workstream=verbinden, user=trekker)
    refused = api_as(trekker).delete(f"/api/memberships/{own.pk}/")
    assert refused.status_code == 403 and "secretariat" in refused.json()["detail"]
    theirs = Membership.objects.create(workstream=verbinden, user=secretariat, role="member")
    assert api_as(secretariat).delete(f"/api/memberships/{theirs.pk}/").status_code == 204
    gone = Membership.objects.get(workstream=verbinden, user=member)
    assert api_as(trekker).delete(f"/api/memberships/{gone.pk}/").status_code == 204
    assert not Membership.objects.filter(pk__in=[theirs.pk, gone.pk]).exists()


# --- Meetings -----------------------------------------------------------------------------------------


def test_the_secretariat_plans_a_taskforce_meeting_and_writes_its_decisions(api_as, secretariat, trekker, member):
    api = api_as(secretariat)
    body = {"workstream": None, "title": "Taskforce week 5", "starts_at": "2026-12-03T10:00:00+01:00"}
    outsider = api.post("/api/meetings/", {**body, "attendees": [member.pk]}, format="json")
    assert outsider.status_code == 400 and "attendees" in outsider.json()  # not of the taskforce's circle
    created = api.post("/api/meetings/", {**body, "attendees": [trekker.pk]}, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["workstream"] is None and created.json()["attendees"] == [trekker.pk]
    edited = api.patch(
        f"/api/meetings/{pk}/", {"decisions": "Bidbook laten maken", "minutes": "@trekker belt"}, format="json"
    )
    assert edited.status_code == 200, edited.json()
    meeting = Meeting.objects.get(pk=pk)
    assert (meeting.title, meeting.decisions, list(meeting.attendees.all())) == (
        "Taskforce week 5",
        "Bidbook laten maken",
        [trekker],
    )
    assert Notification.objects.filter(user=trekker).exists()  # the minutes' @mention, as on the page


def test_the_trekker_keeps_the_workstreams_meetings_and_a_member_may_not(api_as, trekker, member, ws_meeting):
    assert api_as(member).patch(f"/api/meetings/{ws_meeting.pk}/", {"minutes": "x"}, format="json").status_code == 403
    response = api_as(trekker).patch(f"/api/meetings/{ws_meeting.pk}/", {"title": ""}, format="json")
    assert response.status_code == 400 and "title" in response.json()
    response = api_as(trekker).patch(f"/api/meetings/{ws_meeting.pk}/", {"minutes": "Besproken"}, format="json")
    assert response.status_code == 200 and response.json()["minutes"] == "Besproken"
    assert response.json()["agenda"] == "Matchmaking event\nBidbook"  # what was not sent stays


# --- Recommendations ------------------------------------------------------------------------------------


def test_the_taskforce_records_the_last_signal_of_a_recommendation_on_the_side(api_as, taskforce_member, sideline):
    api = api_as(taskforce_member)
    future = api.patch(f"/api/recommendations/{sideline.pk}/", {"last_signal_date": "2026-12-25"}, format="json")
    assert future.status_code == 400 and "last_signal_date" in future.json()
    body = {"last_signal_date": "2026-11-20", "last_signal_note": "Eigenaar meldt voortgang"}
    response = api.patch(f"/api/recommendations/{sideline.pk}/", body, format="json")
    assert response.status_code == 200, response.json()
    sideline.refresh_from_db()
    assert (sideline.last_signal_date, sideline.last_signal_note) == (dt.date(2026, 11, 20), "Eigenaar meldt voortgang")
    assert sideline.history.first().history_user == taskforce_member


def test_a_pursued_recommendation_takes_no_signal(api_as, secretariat, pursued):
    body = {"last_signal_date": "2026-11-20"}
    assert api_as(secretariat).patch(f"/api/recommendations/{pursued.pk}/", body, format="json").status_code == 403


# --- Weekly updates ---------------------------------------------------------------------------------------


def test_the_trekker_writes_submits_and_after_a_return_resubmits_the_weekly_update(
    api_as, trekker, taskforce_member, verbinden
):
    api = api_as(trekker)
    created = api.post("/api/updates/", {"workstream": verbinden.pk, "rationale": "Loopt"}, format="json")
    assert created.status_code == 201, created.json()
    update = created.json()
    assert (update["meeting_date"], update["state"], update["version"]) == (str(coming_meeting()), "draft", 1)
    again = api.post("/api/updates/", {"workstream": verbinden.pk, "rationale": "Nog eens"}, format="json")
    assert again.status_code == 409 and again.json()["current_version"] == 1

    url = f"/api/updates/{update['id']}/"
    unrated = api.patch(url, {"version": 1, "submit": True}, format="json")
    assert unrated.status_code == 400 and "rating" in unrated.json()  # submitting needs a rating
    saved = api.patch(url, {"version": 1, "rating": "amber"}, format="json")
    assert saved.status_code == 200 and saved.json()["rationale"] == "Loopt"  # what was not sent stays
    stale = api.patch(url, {"version": 1, "rationale": "Oud"}, format="json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    submitted = api.patch(url, {"version": 2, "submit": True}, format="json")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    waiting = api.patch(url, {"version": 3, "rationale": "Toch anders"}, format="json")
    assert waiting.status_code == 409 and "review" in waiting.json()["detail"]

    # The trekker does not judge their own update; the taskforce returns it, saying why.
    assert api.post(f"{url}review/", {"decision": "approved"}, format="json").status_code == 403
    reviewer = api_as(taskforce_member)
    silent = reviewer.post(f"{url}review/", {"decision": "returned"}, format="json")
    assert silent.status_code == 400 and "comment" in silent.json()
    returned = reviewer.post(
        f"{url}review/", {"decision": "returned", "comment": "Onderbouw het oordeel met de KPI's."}, format="json"
    )
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    version = returned.json()["version"]
    again = api.patch(url, {"version": version, "rationale": "Met KPI's", "submit": True}, format="json")
    assert again.status_code == 200 and again.json()["state"] == "submitted"
    approved = reviewer.post(f"{url}review/", {"decision": "approved"}, format="json")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    twice = reviewer.post(f"{url}review/", {"decision": "approved"}, format="json")
    assert twice.status_code == 409
    assert WorkstreamUpdate.objects.get(pk=update["id"]).versions.count() == 2


def test_a_member_the_trekker_delegated_writes_the_update_and_risks_name_own_actions(
    api_as, member, other_member, verbinden, voorkomen
):
    body = {"workstream": verbinden.pk, "rationale": "Loopt"}
    assert api_as(member).post("/api/updates/", body, format="json").status_code == 403
    Delegate.objects.create(workstream=verbinden, user=member)
    elsewhere = make_action(voorkomen, "Van een andere werkstroom")
    ours = make_action(verbinden, "Van ons")
    risk = {"kind": "blocker", "text": "Geen locatie", "actions": [elsewhere.pk]}
    refused = api_as(member).post("/api/updates/", {**body, "risks": [risk]}, format="json")
    assert refused.status_code == 400 and "risks" in refused.json()
    created = api_as(member).post("/api/updates/", {**body, "risks": [{**risk, "actions": [ours.pk]}]}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["risks"] == [{"kind": "blocker", "text": "Geen locatie", "actions": [ours.pk]}]
    assert api_as(other_member).post("/api/updates/", body, format="json").status_code == 403


def test_the_trekker_delegates_the_update_to_a_member_who_cannot_pass_it_on(
    api_as, trekker, member, other_member, verbinden
):
    url = f"/api/workstreams/{verbinden.pk}/update-delegate/"
    body = {"workstream": verbinden.pk, "rationale": "Loopt"}
    outsider = api_as(trekker).post(url, {"user": other_member.pk}, format="json")
    assert outsider.status_code == 400 and "user" in outsider.json()  # not a member of Verbinden
    assert api_as(trekker).post(url, {"user": member.pk}, format="json").json() == {"user": member.pk}
    assert api_as(member).post("/api/updates/", body, format="json").status_code == 201
    assert api_as(member).post(url, {"user": None}, format="json").status_code == 403
    assert api_as(trekker).post(url, {"user": None}, format="json").json() == {"user": None}
    assert not Delegate.objects.filter(workstream=verbinden).exists()


def test_an_earlier_meetings_update_is_no_longer_written(api_as, trekker, taskforce_member, verbinden):
    earlier = make_update(verbinden, trekker, coming_meeting() - dt.timedelta(days=7))
    api_as(taskforce_member).post(
        f"/api/updates/{earlier.pk}/review/", {"decision": "returned", "comment": "Aanvullen"}, format="json"
    )
    earlier.refresh_from_db()
    response = api_as(trekker).patch(
        f"/api/updates/{earlier.pk}/", {"version": earlier.version, "rationale": "Later"}, format="json"
    )
    assert response.status_code == 403 and "coming meeting" in response.json()["detail"]
