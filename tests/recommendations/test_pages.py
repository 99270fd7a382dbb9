"""The recommendation list and detail pages, and the last signal of those followed on the side."""

import datetime as dt

import pytest
import time_machine

from recommendations.models import Recommendation
from taskforce.models import current_deadline
from workstreams.models import Action
from workstreams.status import Figures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC), tick=False):
        yield


def test_list_shows_all_fifteen_grouped_by_tracking_with_owners_in_the_documents_order(client, viewer):
    client.force_login(viewer)
    response = client.get("/recommendations/")
    pursued = [row.recommendation.number for row in response.context["pursued"]]
    sideline = [row.recommendation.number for row in response.context["sideline"]]
    assert sorted(pursued + sideline) == list(range(1, 16))
    assert all(Recommendation.objects.get(number=n).is_pursued for n in pursued)
    assert {row.status.colour for row in response.context["sideline"]} == {"sideline"}
    html = response.content.decode()
    first = Recommendation.objects.get(number=1)
    owners = ", ".join(str(owner) for owner in first.owner_list())
    assert owners in html
    assert html.index("Actief opgepakt door de taskforce") < html.index("Zijdelings gevolgd (elders belegd)")


def test_status_and_counts_follow_the_actions_serving_a_recommendation(client, viewer, pursued, verbinden):
    client.force_login(viewer)
    done = Action.objects.filter(recommendations=pursued).first()
    done.status = "done"
    done.save()
    response = client.get(f"/recommendations/{pursued.number}/")
    progress = response.context["progress"]
    serving = Action.objects.filter(recommendations=pursued).exclude(status="dropped")
    assert (progress.figures.total, progress.figures.done) == (serving.count(), 1)
    share = next(s for s in progress.workstreams if s.workstream == verbinden)
    assert (share.open, share.done) == (serving.filter(workstream=verbinden).count() - 1, 1)
    html = response.content.decode()
    for action in serving:
        assert f'href="{action.get_absolute_url()}"' in html
    deadline = current_deadline()
    assert progress.status == pursued.status(Figures.from_actions(serving), deadline)
    assert progress.status.colour == "green"  # a third done at a quarter of the 12 weeks

    late = serving.exclude(pk=done.pk).first()
    late.due_date = dt.date(2026, 11, 20)
    late.save()
    assert "Over de deadline" in client.get(f"/recommendations/{pursued.number}/").content.decode()
    listed = next(row for row in client.get("/recommendations/").context["pursued"] if row.recommendation == pursued)
    assert listed.status.colour == "amber"
    assert "1 actie over de deadline." in listed.status.reasons


def test_list_takes_the_same_number_of_queries_with_more_actions(
    client, viewer, verbinden, django_assert_max_num_queries
):
    client.force_login(viewer)
    client.get("/recommendations/")  # warm the session
    # session, user, taskforce, recommendations, owners, workstreams, actions, the menu's unread count
    with django_assert_max_num_queries(8):
        client.get("/recommendations/")
    recs = list(Recommendation.objects.all())
    for n in range(30):
        action = Action.objects.create(workstream=verbinden, title=f"Extra {n}", due_date=dt.date(2026, 11, 1))
        action.recommendations.set(recs[n % 15 : n % 15 + 2])
    with django_assert_max_num_queries(8):
        response = client.get("/recommendations/")
    # The detail page also asks whether this person follows the recommendation (its follow button).
    with django_assert_max_num_queries(10):
        client.get(f"/recommendations/{recs[0].number}/")
    assert response.status_code == 200


def test_taskforce_member_records_the_last_signal_and_history_keeps_the_previous_one(
    client, taskforce_member, sideline
):
    client.force_login(taskforce_member)
    url = f"/recommendations/{sideline.number}/signal/"
    client.post(url, {"last_signal_date": "2026-11-10", "last_signal_note": "EMA: loopt"})
    response = client.post(url, {"last_signal_date": "2026-11-20", "last_signal_note": "EMA: besluit in december"})
    assert response.status_code == 302
    sideline.refresh_from_db()
    assert (sideline.last_signal_date, sideline.last_signal_note) == (dt.date(2026, 11, 20), "EMA: besluit in december")
    page = client.get(f"/recommendations/{sideline.number}/")
    assert [s.last_signal_note for s in page.context["signals"]] == ["EMA: besluit in december", "EMA: loopt"]
    assert page.context["signals"][0].history_user == taskforce_member


def test_a_signal_in_the_future_or_without_date_is_refused_and_keeps_the_note(client, taskforce_member, sideline):
    client.force_login(taskforce_member)
    url = f"/recommendations/{sideline.number}/signal/"
    for date in ["2026-11-24", "", "gisteren"]:
        response = client.post(url, {"last_signal_date": date, "last_signal_note": "Mijn notitie"})
        assert response.status_code == 200
        assert response.context["form"].errors["last_signal_date"]
        assert "Mijn notitie" in response.content.decode()
    sideline.refresh_from_db()
    assert sideline.last_signal_date is None and sideline.last_signal_note == ""


def test_pursued_recommendations_show_no_signal_form(client, taskforce_member, pursued):
    client.force_login(taskforce_member)
    assert client.get(f"/recommendations/{pursued.number}/").context["form"] is None


def test_pages_speak_english_to_a_user_who_chose_it(client, viewer, tf_meeting, kpi):
    viewer.language = "en"
    viewer.save()
    client.force_login(viewer)
    assert "<h1>Recommendations</h1>" in client.get("/recommendations/").content.decode()
    assert "Proposed agenda" in client.get(f"/meetings/{tf_meeting.pk}/").content.decode()
    assert "Measurable definition" in client.get(f"/kpis/{kpi.pk}/").content.decode()
