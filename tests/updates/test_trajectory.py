"""Trajectories: the plan frozen at the start, progress across the weeks, one re-baseline with a reason,
the gap in weeks, and an earlier frozen report that stays as it was."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from dashboards.reports import progress_report_create
from tests.factories import AMS, make_action
from updates.models import Baseline, ReportFacts
from updates.selectors import update_summaries
from updates.services import baseline_freeze
from updates.trajectory import gap_weeks, plan_at
from workstreams import services
from workstreams.models import Action

pytestmark = pytest.mark.django_db

START = dt.date(2026, 11, 2)


def _week_end(week: int) -> dt.date:
    return START + dt.timedelta(days=7 * week - 1)


def _gap(taskforce, verbinden):
    summary = update_summaries(deadline=taskforce.deadline(), taskforce=taskforce)[verbinden.pk]
    return summary.gap


def _done(action, user):
    services.action_update(
        action_id=action.pk, version=action.version, user=user, fields={"status": "done", "result": "Klaar"}
    )


@pytest.mark.parametrize(
    ("actual", "weeks", "gap"),
    [(4, 4, 0.0), (2, 4, 2.0), (6, 4, -2.0), (0, 0.5, 0.5), (3, 3.5, 0.5), (12, 12, 0.0), (0, 12, 12.0)],
)
def test_the_gap_is_how_many_weeks_ago_the_plan_stood_where_the_actual_stands(actual, weeks, gap):
    assert gap_weeks(list(range(1, 13)), actual, weeks) == gap


def test_a_plan_with_nothing_due_yet_is_not_behind():
    plan = [0, 0, 2, 2, 4, 4, 6, 6, 8, 8, 10, 10]
    assert gap_weeks(plan, 0, 1.5) == 0.0
    assert gap_weeks(plan, 2, 5) == 1.0
    assert plan_at(plan, 2.5) == 1.0


def test_freeze_progress_rebaseline_and_the_earlier_report_stays(taskforce, verbinden, secretariat, trekker):
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, tzinfo=AMS), tick=False):
        Action.objects.filter(workstream=verbinden).update(due_date=_week_end(12))
        ours = [make_action(verbinden, f"Stap {week}", due=_week_end(week)) for week in (1, 2, 3, 4)]
        first = baseline_freeze(taskforce=taskforce, user=secretariat)
        planned = first.plan[str(verbinden.pk)]["actions"]
        seeded = verbinden.actions.count() - 4
        assert planned[:4] == [1, 2, 3, 4] and planned[10] == 4 and planned[11] == 4 + seeded

    with time_machine.travel(dt.datetime(2026, 11, 6, 15, tzinfo=AMS), tick=False):  # week 1
        _done(ours[0], trekker)
    with time_machine.travel(dt.datetime(2026, 11, 18, 15, tzinfo=AMS), tick=False):  # week 3
        _done(ours[1], trekker)

    with time_machine.travel(dt.datetime(2026, 11, 24, 9, tzinfo=AMS), tick=False):  # Tuesday of week 4
        # 22 days in: the plan says 3.1 done; 2 are, where the plan stood at the end of week 2.
        assert _gap(taskforce, verbinden) == 1.1
        report = progress_report_create(taskforce=taskforce, user=secretariat)
        html, pdf = report.html, bytes(report.pdf)
        assert "1,1 weken achter op het plan" in html
        facts = ReportFacts.objects.get(token=report.token).facts

    with time_machine.travel(dt.datetime(2026, 11, 25, 9, tzinfo=AMS), tick=False):
        for action, week in zip(ours[2:], (6, 7), strict=True):
            Action.objects.filter(pk=action.pk).update(due_date=_week_end(week))
        second = baseline_freeze(
            taskforce=taskforce, user=secretariat, reason="Producenten pas in december beschikbaar"
        )
        assert second.number == 2 and second.plan[str(verbinden.pk)]["actions"][:7] == [1, 2, 2, 2, 2, 3, 4]
        assert _gap(taskforce, verbinden) == 0.0

    # What was shown before is unchanged: the first baseline, the frozen report and its facts.
    first.refresh_from_db()
    assert first.plan[str(verbinden.pk)]["actions"] == planned
    report.refresh_from_db()
    assert report.html == html and bytes(report.pdf) == pdf
    assert ReportFacts.objects.get(token=report.token).facts == facts
    assert facts["workstreams"]["verbinden"]["gap"] == 1.1
    assert Baseline.objects.get(number=2).reason == "Producenten pas in december beschikbaar"


def test_a_rebaseline_needs_a_reason_and_only_the_taskforce_makes_one(
    client, taskforce, secretariat, member, viewer, taskforce_member
):
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, tzinfo=AMS), tick=True):
        client.force_login(taskforce_member)
        assert client.post(reverse("updates:baseline"), {"reason": ""}).status_code == 302
        response = client.post(reverse("updates:baseline"), {"reason": ""})
        assert response.status_code == 400 and Baseline.objects.count() == 1
        assert client.post(reverse("updates:baseline"), {"reason": "Nieuwe planning"}).status_code == 302
        for person in (member, viewer):
            client.force_login(person)
            assert client.post(reverse("updates:baseline"), {"reason": "x"}).status_code == 403
        assert Baseline.objects.count() == 2
        client.force_login(viewer)
        page = client.get(reverse("updates:trajectory") + "?basislijn=1").content.decode()
        assert "Basislijn 1" in page


def test_the_burnup_draws_the_plan_in_force_on_each_date_and_the_gap_in_weeks(
    client, taskforce, verbinden, secretariat, trekker, viewer
):
    from dashboards.charts import burnup_svg
    from dashboards.selectors import overview

    with time_machine.travel(dt.datetime(2026, 11, 2, 9, tzinfo=AMS), tick=False):
        Action.objects.filter(workstream=verbinden).update(due_date=_week_end(12))
        ours = [make_action(verbinden, f"Stap {week}", due=_week_end(week)) for week in (1, 2, 3, 4)]
        baseline_freeze(taskforce=taskforce, user=secretariat)
    with time_machine.travel(dt.datetime(2026, 11, 6, 15, tzinfo=AMS), tick=False):
        _done(ours[0], trekker)
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, tzinfo=AMS), tick=False):
        report = progress_report_create(taskforce=taskforce, user=secretariat)
        html = report.html
        assert "Vastgelegd plan" in html
    with time_machine.travel(dt.datetime(2026, 11, 25, 9, tzinfo=AMS), tick=False):
        for action, week in zip(ours[2:], (6, 7), strict=True):
            Action.objects.filter(pk=action.pk).update(due_date=_week_end(week))
        baseline_freeze(taskforce=taskforce, user=secretariat, reason="Later")

    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=AMS), tick=False):  # Tuesday of week 5
        cards = overview(taskforce=taskforce).cards
        card = next(c for c in cards if c.workstream == verbinden)
        planned = {point.date: point.planned for point in card.burnup.points}
        # Until the re-baseline the first plan (3 done by 23 November), from its date the new one (2, not 4).
        assert planned[dt.date(2026, 11, 23)] == 3.0
        assert planned[dt.date(2026, 11, 30)] == 2.0
        assert planned[dt.date(2026, 12, 1)] == 2.0
        # One done where the new plan expected 2: it stood at 1 at the end of week 1, 3.1 weeks ago.
        assert card.burnup.gap == 3.1
        assert card.burnup.chart_data()["planned"][4] == {"x": 28, "y": 2.0}
        assert burnup_svg(card.burnup).planned
        # Each KPI with a target shows the value planned now (the re-baseline's line) next to the actual.
        targeted = [row for c in cards for row in c.kpis if row.kpi.target is not None]
        assert targeted and all(row.planned is not None for row in targeted)
        client.force_login(viewer)
        page = client.get(reverse("dashboard_workstream", args=[verbinden.slug])).content.decode()
        assert "Vastgelegd plan" in page
        assert "3,1 weken achter op het plan" in page

    report.refresh_from_db()
    assert report.html == html
