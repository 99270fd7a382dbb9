"""Small factories for register records; the taskforce is the seeded one (start 2026-11-02)."""

import datetime as dt

import pytest

from kpis.models import KPI
from registers.models import Collaboration, Deliverable, Shortage, Supporter
from workstreams.models import Workstream

D = dt.date


@pytest.fixture
def workstreams(taskforce) -> dict[str, Workstream]:
    return {ws.slug: ws for ws in Workstream.objects.all()}


@pytest.fixture
def kpis(taskforce) -> dict[str, KPI]:
    """The seeded KPIs by seed key, e.g. kpis["verbinden-kpi-1"]."""
    return {kpi.seed_key: kpi for kpi in KPI.objects.all()}


def collaboration(ws, company="Bedrijf", partner="Fabrikant", stage="started", started_on=None, **extra):
    return Collaboration.objects.create(
        workstream=ws, dutch_company=company, partner=partner, stage=stage, started_on=started_on, **extra
    )


def shortage(ws, item="Filters", status="signalled", vaccines=True, medicines=False, **extra):
    extra.setdefault("signalled_on", D(2026, 11, 3))
    return Shortage.objects.create(
        workstream=ws,
        item=item,
        category=extra.pop("category", "component"),
        nature=extra.pop("nature", "existing"),
        status=status,
        affects_vaccines=vaccines,
        affects_medicines=medicines,
        **extra,
    )


def supporter(ws, party="Partij", confirmed_on=None, **extra):
    extra.setdefault("sector", "private")
    return Supporter.objects.create(workstream=ws, party=party, confirmed_on=confirmed_on, **extra)


def deliverable(ws, title="Overzicht", **extra):
    return Deliverable.objects.create(workstream=ws, title=title, **extra)
