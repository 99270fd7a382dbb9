"""The seeded workstreams and KPIs by key, for the register tests (their records come from tests/factories.py)."""

import pytest

from kpis.models import KPI
from workstreams.models import Workstream


@pytest.fixture
def workstreams(taskforce) -> dict[str, Workstream]:
    return {ws.slug: ws for ws in Workstream.objects.all()}


@pytest.fixture
def kpis(taskforce) -> dict[str, KPI]:
    """The seeded KPIs by seed key, e.g. kpis["verbinden-kpi-1"]."""
    return {kpi.seed_key: kpi for kpi in KPI.objects.all()}
