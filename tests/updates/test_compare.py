"""What changed since the last report: new risks come with links to the actions they are tied to."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from dashboards.reports import progress_report_create
from tests.factories import AMS, make_action, make_update
from updates.compare import comparison

pytestmark = pytest.mark.django_db

MEETING = dt.date(2026, 11, 24)


def test_a_new_risk_tied_to_an_action_is_shown_with_its_link_on_the_comparison_page(
    client, taskforce, secretariat, trekker, taskforce_member, viewer, verbinden
):
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, tzinfo=AMS), tick=True):
        report = progress_report_create(taskforce=taskforce, user=secretariat)
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=AMS), tick=True):
        action = make_action(verbinden, "Rondetafel met producenten")
        risk = {"kind": "risk", "text": "Producenten reageren traag", "actions": [action.pk]}
        make_update(verbinden, trekker, MEETING, reviewer=taskforce_member, risks=[risk])
        client.force_login(viewer)
        page = client.get(reverse("updates:compare"), {"a": report.token, "b": "today"}).content.decode()
        assert 'data-testid="new-risks"' in page and "Producenten reageren traag" in page
        assert f'<a href="{action.get_absolute_url()}">Rondetafel met producenten</a>' in page
        # The dashboard's update summary shows the risk with its link too.
        page = client.get(reverse("dashboard_workstream", args=["verbinden"])).content.decode()
        assert f'<a href="{action.get_absolute_url()}">Rondetafel met producenten</a>' in page


def test_facts_frozen_with_plain_text_risks_still_compare():
    old = {"workstreams": {"v": {"name": "V", "status": "green", "kpis": {}, "done": [], "risks": ["Oud", "Blijft"]}}}
    new = {
        "workstreams": {
            "v": {
                "name": "V",
                "status": "green",
                "rating": "",
                "reviewer_rating": "",
                "kpis": {},
                "done": [],
                "risks": [
                    {"kind": "risk", "text": "Blijft", "links": []},
                    {"kind": "blocker", "text": "Nieuw", "links": []},
                ],
            }
        }
    }
    [row] = comparison(old, new)
    assert [r["text"] for r in row.new_risks] == ["Nieuw"]
    assert [r["text"] for r in row.gone_risks] == ["Oud"]
