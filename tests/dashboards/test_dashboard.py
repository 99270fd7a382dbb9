"""The overview and workstream dashboards: figures equal the data, fixed query counts, organisation views, roles."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards.models import WorkstreamSnapshot
from dashboards.services import snapshot_take
from dashboards.tasks import take_snapshots
from kpis.models import KPI, Measurement
from meetings.models import Meeting
from recommendations.models import Recommendation
from taskforce.celery import app as celery_app
from taskforce.models import Organisation
from tests.conftest import START
from tests.factories import make_user
from workstreams.models import Action, Workstream
from workstreams.status import Figures, status_for

pytestmark = pytest.mark.django_db

WEEK_SIX = START + dt.timedelta(days=42)  # half of the 12 weeks gone


@pytest.fixture
def frozen_time():
    with time_machine.travel(dt.datetime(2026, 12, 14, 12, 0, tzinfo=dt.UTC), tick=False) as traveller:
        yield traveller


def set_statuses(slug: str, *statuses: str, due: dt.date | None = None) -> list[Action]:
    actions = list(Action.objects.filter(workstream__slug=slug).order_by("position"))
    for action, status in zip(actions, statuses, strict=False):
        action.status = status
        if due:
            action.due_date = due
        action.save()
    return actions


def card_for(response, slug):
    return next(card for card in response.context["data"].cards if card.workstream.slug == slug)


def test_overview_figures_equal_what_the_data_says(client, viewer, frozen_time):
    set_statuses("verbinden", "done", "blocked", "in_progress")
    voorkomen = list(Action.objects.filter(workstream__slug="voorkomen"))
    voorkomen[0].status = "done"
    voorkomen[0].save()
    voorkomen[1].due_date = WEEK_SIX - dt.timedelta(days=1)
    voorkomen[1].save()
    Action.objects.create(workstream=voorkomen[0].workstream, title="Vervallen", status="dropped")
    client.force_login(viewer)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 200
    deadline = response.context["data"].deadline
    for workstream in Workstream.objects.all():
        expected = Figures.from_actions(Action.objects.filter(workstream=workstream), today=deadline.today)
        figures = card_for(response, workstream.slug).figures
        assert (figures.total, figures.done, figures.overdue, figures.blocked) == (
            expected.total,
            expected.done,
            expected.overdue,
            expected.blocked,
        )
    verbinden = card_for(response, "verbinden")
    assert verbinden.figures.blocked == 1
    assert verbinden.status.colour == status_for(verbinden.figures, deadline).colour
    assert card_for(response, "voorkomen").figures.overdue == 1
    # The matrix has all 15 recommendations and counts the actions serving each.
    rows = response.context["data"].recommendations
    assert [row.recommendation.number for row in rows] == list(range(1, 16))
    rec1 = next(row for row in rows if row.recommendation.number == 1)
    served = Action.objects.filter(recommendations__number=1).exclude(status="dropped")
    assert rec1.figures.total == served.count()
    assert rec1.figures.done == served.filter(status="done").count()
    html = response.content.decode()
    assert "Week 7 van 12" in html
    assert "Hoe wordt dit berekend?" in html


def test_a_kpi_behind_target_counts_in_the_card_and_is_named_as_a_reason(client, viewer, frozen_time):
    zero_kpi = KPI.objects.get(workstream__slug="voorkomen", kind="zero")
    Measurement.objects.create(kpi=zero_kpi, value=Decimal("2"), date=WEEK_SIX)
    client.force_login(viewer)

    card = card_for(client.get(reverse("dashboard")), "voorkomen")

    assert card.figures.kpis_behind == 1
    assert next(row for row in card.kpis if row.kpi == zero_kpi).latest == Decimal("2")
    assert "1 KPI achter op doel." in card.status.reasons
    assert card.status.colour != "green"


def test_sideline_recommendations_show_as_such_in_the_matrix(client, viewer, frozen_time):
    client.force_login(viewer)
    rows = client.get(reverse("dashboard")).context["data"].recommendations
    for row in rows:
        if row.recommendation.tracking == "sideline":
            assert row.status.colour == "sideline"
        else:
            assert row.status.colour != "sideline"


def test_the_ezk_view_shows_only_what_ezk_owns_or_shares(client, viewer, member, frozen_time):
    # `member` belongs to EZK; give them one Verbinden action.
    action = Action.objects.filter(workstream__slug="verbinden").first()
    action.owner = member
    action.status = "done"
    action.save()
    client.force_login(viewer)

    response = client.get(reverse("dashboard"), {"org": "EZK"})

    ezk = Organisation.objects.get(short_name="EZK")
    owned = set(Recommendation.objects.filter(owners=ezk).values_list("number", flat=True))
    shown = {row.recommendation.number for row in response.context["data"].recommendations}
    assert shown == owned and 0 < len(shown) < 15
    verbinden = card_for(response, "verbinden")
    assert (verbinden.figures.total, verbinden.figures.done) == (1, 1)
    assert card_for(response, "voorkomen").figures.total == 0
    assert 'value="EZK" selected' in response.content.decode()


def test_an_unknown_organisation_is_a_404_not_the_full_view(client, viewer, taskforce):
    client.force_login(viewer)
    assert client.get(reverse("dashboard"), {"org": "NOPE"}).status_code == 404


# session, user, taskforce, action counts, KPIs, workstreams, trekkers, snapshots, recommendations,
# their owners and workstreams, the actions' counts per recommendation, meetings, history,
# organisations for the selector: 15; plus 19 for what changed this week in the registers behind the
# four computed KPIs (a fixed few per KPI, whatever the size of the registers); plus 5 for the weekly
# updates' summary (the taskforce, latest approved, this meeting's, recovery plans, baseline); plus 1
# for the baselines the burn-up draws its plan line from; plus 1 for the menu's count of unread notifications;
# plus 8 for the mandate, budget and milestones (mandate, budgets, commitments, workstreams, action
# shares, milestones, quick wins, and the milestones marked on the burn-ups).
OVERVIEW_QUERIES = 49


def test_the_overview_issues_the_same_number_of_queries_at_10_and_at_2000_actions(
    client, viewer, frozen_time, django_assert_num_queries
):
    workstreams = list(Workstream.objects.all())
    Action.objects.all().delete()
    Action.objects.bulk_create(
        Action(workstream=workstreams[i % 3], title=f"Actie {i}", status="done" if i % 2 else "in_progress")
        for i in range(10)
    )
    Meeting.objects.create(title="Taskforce", starts_at=dt.datetime(2026, 12, 15, 10, tzinfo=dt.UTC))
    client.force_login(viewer)
    client.get(reverse("dashboard"))  # warm the session and caches

    with django_assert_num_queries(OVERVIEW_QUERIES):
        assert client.get(reverse("dashboard")).status_code == 200

    owner = make_user("veel", "member", "EZK")
    statuses = ["not_started", "in_progress", "blocked", "done", "dropped"]
    actions = Action.objects.bulk_create(
        Action(
            workstream=workstreams[i % 3],
            title=f"Actie {i}",
            status=statuses[i % 5],
            owner=owner if i % 7 == 0 else None,
            due_date=START + dt.timedelta(days=i % 90),
        )
        for i in range(1990)
    )
    links = Action.recommendations.through
    recs = list(Recommendation.objects.all())
    links.objects.bulk_create(links(action_id=a.pk, recommendation_id=recs[a.pk % 15].pk) for a in actions)
    WorkstreamSnapshot.objects.bulk_create(
        WorkstreamSnapshot(workstream=ws, date=START + dt.timedelta(days=d), actions_done=d, status="amber")
        for ws in workstreams
        for d in range(42)
    )
    for kpi in KPI.objects.all():
        Measurement.objects.bulk_create(
            Measurement(kpi=kpi, value=d, date=START + dt.timedelta(days=d)) for d in range(42)
        )
    assert Action.objects.count() == 2000

    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert sum(card.figures.total for card in response.context["data"].cards) == 1990 * 4 // 5 + 10

    # The organisation itself, and the whole workstreams' counts beside the organisation's.
    with django_assert_num_queries(OVERVIEW_QUERIES + 2):
        assert client.get(reverse("dashboard"), {"org": "EZK"}).status_code == 200


def test_workstream_dashboard_shows_its_kpis_actions_and_recommendations(client, viewer, frozen_time):
    set_statuses("verbinden", "done")
    kpi = KPI.objects.filter(workstream__slug="verbinden").first()
    Measurement.objects.create(kpi=kpi, value=Decimal("3"), date=START + dt.timedelta(days=20))
    client.force_login(viewer)

    response = client.get(reverse("dashboard_workstream", args=["verbinden"]))

    assert response.status_code == 200
    assert response.context["card"].figures.done == 1
    assert [a.title for a in response.context["done_actions"]] == [
        Action.objects.filter(workstream__slug="verbinden", status="done").get().title
    ]
    served = set(Recommendation.objects.filter(workstreams__slug="verbinden").values_list("number", flat=True))
    assert {row.recommendation.number for row in response.context["recommendations"]} == served
    assert response.context["charts"][f"kpi-{kpi.pk}"]["values"] == [3.0]
    assert "Werkstroom Verbinden" in response.content.decode()


def test_workstream_dashboard_query_count_does_not_grow_with_actions(client, viewer, frozen_time):
    client.force_login(viewer)
    url = reverse("dashboard_workstream", args=["verbinden"])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    ws = Workstream.objects.get(slug="verbinden")
    recs = list(Recommendation.objects.all())
    actions = Action.objects.bulk_create(Action(workstream=ws, title=f"A{i}") for i in range(300))
    links = Action.recommendations.through
    links.objects.bulk_create(links(action_id=a.pk, recommendation_id=recs[i % 15].pk) for i, a in enumerate(actions))
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_an_unknown_workstream_is_a_404(client, viewer, taskforce):
    client.force_login(viewer)
    assert client.get(reverse("dashboard_workstream", args=["bestaat-niet"])).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, taskforce):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["secretariat", "taskforce", "trekker", "member", "other_member", "viewer"])
def test_everyone_logged_in_sees_the_dashboards(client, roles, role, frozen_time):
    client.force_login(roles[role])
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("dashboard_workstream", args=["voorkomen"])).status_code == 200


def test_viewers_see_no_controls_to_freeze_a_report(client, viewer, taskforce_member, frozen_time):
    client.force_login(viewer)
    assert "Rapportage vastleggen" not in client.get(reverse("report")).content.decode()
    client.force_login(taskforce_member)
    assert "Rapportage vastleggen" in client.get(reverse("report")).content.decode()


# --- Daily snapshots -------------------------------------------------------------------------------


def test_snapshot_take_stores_one_row_per_workstream_per_day_and_updates_it(taskforce, frozen_time):
    set_statuses("verbinden", "done")
    assert snapshot_take(today=WEEK_SIX) == 3
    set_statuses("verbinden", "done", "done")
    assert snapshot_take(today=WEEK_SIX) == 3

    assert WorkstreamSnapshot.objects.count() == 3
    snapshot = WorkstreamSnapshot.objects.get(workstream__slug="verbinden", date=WEEK_SIX)
    assert snapshot.actions_done == 2
    assert snapshot.actions_total == Action.objects.filter(workstream__slug="verbinden").count()
    assert snapshot.status in ("green", "amber", "red")
    assert snapshot.reasons


def test_the_command_and_the_celery_task_take_todays_snapshot(taskforce, frozen_time):
    call_command("take_snapshots", stdout=open("/dev/null", "w"))
    assert set(WorkstreamSnapshot.objects.values_list("date", flat=True)) == {dt.date(2026, 12, 14)}
    assert take_snapshots.name == "taskforce.take_snapshots"
    assert "taskforce.take_snapshots" in celery_app.tasks  # registered for beat to schedule by name
    assert take_snapshots.apply().get() == 3
    assert WorkstreamSnapshot.objects.count() == 3


def test_the_burnup_shows_stored_history_today_and_a_forecast(client, viewer, frozen_time):
    ws = Workstream.objects.get(slug="verbinden")
    WorkstreamSnapshot.objects.create(workstream=ws, date=START + dt.timedelta(days=7), actions_done=0, status="amber")
    WorkstreamSnapshot.objects.create(workstream=ws, date=START + dt.timedelta(days=14), actions_done=1, status="amber")
    set_statuses("verbinden", "done", "done")
    client.force_login(viewer)

    burnup = card_for(client.get(reverse("dashboard")), "verbinden").burnup

    by_date = {point.date: point for point in burnup.points}
    assert by_date[START + dt.timedelta(days=7)].actual == 0
    assert by_date[START + dt.timedelta(days=14)].actual == 1
    assert by_date[dt.date(2026, 12, 14)].actual == 2 and by_date[dt.date(2026, 12, 14)].is_today
    assert by_date[START + dt.timedelta(weeks=12)].ideal == burnup.total
    assert by_date[START + dt.timedelta(days=49)].actual is None  # the future has no actuals
    # 2 done in 42 days: 2 + 2/42 * 42 more days = 4, capped at the total.
    assert burnup.forecast_at_deadline == min(burnup.total, 4)


def test_the_dashboard_speaks_english_to_someone_who_chose_english(client, viewer, frozen_time):
    viewer.language = "en"
    viewer.save()
    client.force_login(viewer)

    html = client.get(reverse("dashboard")).content.decode()

    assert "Week 7 of 12" in html
    assert "How is this computed?" in html
    assert "Followed on the side" in html
    assert "Burn-up per workstream" in html


def test_in_an_organisation_view_the_burnup_still_shows_the_whole_workstream(client, viewer, member, frozen_time):
    actions = set_statuses("verbinden", "done", "done")
    actions[0].owner = member  # EZK
    actions[0].save()
    client.force_login(viewer)

    card = card_for(client.get(reverse("dashboard"), {"org": "EZK"}), "verbinden")

    assert (card.figures.total, card.figures.done) == (1, 1)
    assert (card.burnup.total, card.burnup.done) == (len(actions), 2)
    assert (card.whole.total, card.whole.done) == (len(actions), 2)


def test_the_workstream_dashboard_shows_the_status_over_the_last_days(client, viewer, frozen_time):
    ws = Workstream.objects.get(slug="voorkomen")
    for days_ago, colour in ((1, "red"), (2, "amber"), (20, "green")):
        WorkstreamSnapshot.objects.create(
            workstream=ws, date=WEEK_SIX - dt.timedelta(days=days_ago), actions_total=5, status=colour
        )
    client.force_login(viewer)

    response = client.get(reverse("dashboard_workstream", args=["voorkomen"]))

    trend = [(snapshot.date, status.label) for snapshot, status in response.context["trend"]]
    assert trend == [
        (WEEK_SIX - dt.timedelta(days=1), "Achter op schema"),
        (WEEK_SIX - dt.timedelta(days=2), "Aandacht nodig"),
        (WEEK_SIX - dt.timedelta(days=20), "Op koers"),
    ]
    assert "Verloop van de status" in response.content.decode()


def test_the_burnup_reads_only_snapshots_from_the_start_on_but_keeps_the_last_one_before_it(
    client, viewer, frozen_time
):
    verbinden = Workstream.objects.get(slug="verbinden")
    voorkomen = Workstream.objects.get(slug="voorkomen")
    # Two years of daily snapshots before the start for Verbinden; Voorkomen's last one is 100 days before.
    WorkstreamSnapshot.objects.bulk_create(
        WorkstreamSnapshot(workstream=verbinden, date=START - dt.timedelta(days=d), actions_done=1000 - d, status="red")
        for d in range(1, 731)
    )
    WorkstreamSnapshot.objects.create(
        workstream=voorkomen, date=START - dt.timedelta(days=100), actions_done=7, status="red"
    )
    WorkstreamSnapshot.objects.create(
        workstream=verbinden, date=START + dt.timedelta(days=7), actions_done=5, status="amber"
    )
    client.force_login(viewer)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"))

    start_points = {
        slug: next(p for p in card_for(response, slug).burnup.points if p.date == START)
        for slug in ("verbinden", "voorkomen")
    }
    assert start_points["verbinden"].actual == 999  # the snapshot of the day before the start
    assert start_points["voorkomen"].actual == 7
    week_one = next(p for p in card_for(response, "verbinden").burnup.points if p.date == START + dt.timedelta(days=7))
    assert week_one.actual == 5
    snapshot_query = next(q for q in queries.captured_queries if "workstreamsnapshot" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({snapshot_query['sql']}) AS shown")
        # From Voorkomen's last snapshot before the start (100 days) on: not Verbinden's two years.
        assert cursor.fetchone()[0] < 150


def test_on_day_two_the_burnup_says_there_is_too_little_history_for_a_forecast(client, viewer):
    set_statuses("verbinden", "done")
    with time_machine.travel(dt.datetime(2026, 11, 3, 12, 0, tzinfo=dt.UTC), tick=False):
        client.force_login(viewer)
        response = client.get(reverse("dashboard"))
    burnup = card_for(response, "verbinden").burnup
    assert burnup.pace_per_week is None and burnup.forecast_at_deadline is None
    assert all(point.forecast is None for point in burnup.points)
    assert "Te weinig geschiedenis voor een tempo of prognose" in response.content.decode()
    # After two weeks the pace and the forecast are there.
    with time_machine.travel(dt.datetime(2026, 11, 16, 12, 0, tzinfo=dt.UTC), tick=False):
        client.force_login(viewer)  # the session of two weeks ago has expired
        burnup = card_for(client.get(reverse("dashboard")), "verbinden").burnup
    assert burnup.pace_per_week is not None and burnup.forecast_at_deadline is not None


def test_the_burnup_chart_spaces_its_points_by_days(client, viewer, frozen_time):
    client.force_login(viewer)
    response = client.get(reverse("dashboard"))
    chart = response.context["charts"]["burnup-verbinden"]
    xs = [point["x"] for point in chart["ideal"]]
    assert xs[:3] == [0, 7, 14] and chart["days"] == 84
    assert 42 in [point["x"] for point in chart["actual"]]  # today, 14 December, is day 42


def test_an_organisation_without_actions_in_a_workstream_raises_no_false_alarm(client, viewer, frozen_time):
    client.force_login(viewer)
    whole = {c.workstream.slug: c.status for c in client.get(reverse("dashboard")).context["data"].cards}
    response = client.get(reverse("dashboard"), {"org": "EZK"})
    for card in response.context["data"].cards:
        assert card.status.colour == whole[card.workstream.slug].colour
        assert "Nog geen acties vastgelegd." not in card.status.reasons or card.whole.total == 0
    assert "Geen acties met een eigenaar van EZK in deze werkstroom" in response.content.decode()


def test_the_workstream_dashboard_lists_open_actions_a_page_at_a_time_and_reaches_them_all(client, viewer, taskforce):
    ws = Workstream.objects.get(slug="verbinden")
    Action.objects.bulk_create(Action(workstream=ws, title=f"Extra {i:03}", position=100 + i) for i in range(120))
    open_titles = list(ws.actions.open().values_list("title", flat=True))
    client.force_login(viewer)
    url = reverse("dashboard_workstream", args=["verbinden"])

    pages = [client.get(url, {"open": number, "afgerond": 1}) for number in (1, 2, 3)]

    seen = [a.title for page in pages for a in page.context["open_actions"]]
    assert [len(page.context["open_actions"]) for page in pages[:2]] == [50, 50]
    assert seen == open_titles  # every open action once, in the workstream's order
    assert 'aria-label="Pagina’s met open acties"' in pages[0].content.decode()
    assert "afgerond=1" in pages[0].content.decode()  # the other table's page is kept
