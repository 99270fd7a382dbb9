"""The workstream page and Mijn werk issue as many queries for 200 actions as for 10."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpis.models import Measurement
from recommendations.models import Recommendation
from workstreams.models import Action, ProgressNote, Workstream

pytestmark = pytest.mark.django_db


def _grow_to(total: int, owner, other) -> None:
    verbinden = Workstream.objects.get(slug="verbinden")
    recs = list(Recommendation.objects.order_by("number")[:3])
    have = Action.objects.filter(workstream=verbinden).count()
    for i in range(have, total):
        action = Action.objects.create(
            workstream=verbinden,
            title=f"Actie {i}",
            owner=owner if i % 2 else other,
            due_date=dt.date(2026, 11, 2) + dt.timedelta(days=i % 90),
            status=Action.Status.values[i % 5],
        )
        action.recommendations.set(recs[: 1 + i % 3])
        ProgressNote.objects.create(action=action, author=owner, text="x")
    for kpi in verbinden.kpis.all():
        Measurement.objects.create(kpi=kpi, date=dt.date(2026, 11, 2) + dt.timedelta(days=total % 30), value=total)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("my_work"),
        reverse("workstreams:detail", args=["verbinden"]),
        reverse("workstreams:detail", args=["verbinden"]) + "?status=open&sort=updated&due=later",
        reverse("workstreams:list"),
    ],
)
def test_page_queries_do_not_grow_with_the_number_of_actions(client, member, trekker, url):
    client.force_login(member)
    _grow_to(10, member, trekker)
    client.get(url)  # first-use caches (content types) are not the page's cost
    small = _count(client, url)
    _grow_to(200, member, trekker)
    large = _count(client, url)
    assert Action.objects.filter(workstream__slug="verbinden").count() == 200
    assert large == small
    assert small <= 15
