"""Test data for the recommendation, KPI and meeting pages (import the fixtures you use)."""

import datetime as dt

import pytest
from django.utils import timezone

from kpis.models import KPI
from meetings.models import Meeting
from recommendations.models import Recommendation
from workstreams.models import Workstream


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def verbinden(taskforce) -> Workstream:
    return Workstream.objects.get(slug="verbinden")


@pytest.fixture
def voorkomen(taskforce) -> Workstream:
    return Workstream.objects.get(slug="voorkomen")


@pytest.fixture
def tf_meeting(taskforce) -> Meeting:
    return Meeting.objects.create(
        title="Taskforce week 3",
        starts_at=at(timezone.localdate() - dt.timedelta(days=6)),
        agenda="Rondvraag",
        decisions="Bidbook laten maken",
    )


@pytest.fixture
def ws_meeting(verbinden) -> Meeting:
    return Meeting.objects.create(
        title="Verbinden weekoverleg",
        workstream=verbinden,
        starts_at=at(timezone.localdate() + dt.timedelta(days=1)),
        agenda="Matchmaking event\nBidbook",
    )


@pytest.fixture
def kpi(verbinden) -> KPI:
    """A KPI measured by hand (the seeded ones are computed from registers)."""
    return KPI.objects.create(
        workstream=verbinden,
        name="Bezoekers matchmaking events",
        text="Aantal Nederlandse bedrijven dat een matchmaking event bezocht.",
        unit="samenwerkingen",
        kind=KPI.Kind.COUNT,
        target=20,
        position=9,
    )


@pytest.fixture
def pursued(taskforce) -> Recommendation:
    return Recommendation.objects.get(number=1)


@pytest.fixture
def sideline(taskforce) -> Recommendation:
    return Recommendation.objects.filter(tracking=Recommendation.Tracking.SIDELINE).first()
