"""Each register rule counts exactly the right records; the daily history is one row a day."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from kpis.models import KPI, Measurement
from registers.kpi_rules import kpi_changes_since, kpi_compute, kpi_record_computed
from registers.models import Deliverable
from registers.tasks import record_computed
from tests.factories import make_collaboration, make_deliverable, make_shortage, make_supporter

D = dt.date

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
TODAY = D(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen():
    """It is 20 November 2026, week 3 of the taskforce, for everything in this file."""
    with time_machine.travel(dt.datetime(2026, 11, 20, 12, tzinfo=AMS), tick=True):
        yield


def counted(kpi, today=TODAY):
    value, records = kpi_compute(kpi, today)
    return value, sorted(str(record) for record in records)


def test_seeded_kpis_are_computed_from_the_registers(kpis):
    assert kpis["verbinden-kpi-1"].source == KPI.Source.COLLABORATIONS_STARTED
    assert kpis["voorkomen-kpi-1"].source == KPI.Source.OPEN_SHORTAGES
    assert kpis["voorbereiden-kpi-1"].source == KPI.Source.OVERVIEW_DELIVERED
    assert kpis["voorbereiden-kpi-2"].source == KPI.Source.SUPPORTERS
    overview = Deliverable.objects.get(seed_key="voorbereiden-deliverable-1")
    assert overview.kpi == kpis["voorbereiden-kpi-1"] and overview.delivered_on is None


def test_reseeding_keeps_a_source_someone_changed(kpis):
    KPI.objects.filter(pk=kpis["verbinden-kpi-1"].pk).update(source=KPI.Source.MANUAL)
    call_command("seed_taskforce", start_date=D(2026, 11, 2), stdout=io.StringIO())
    assert KPI.objects.get(pk=kpis["verbinden-kpi-1"].pk).source == KPI.Source.MANUAL
    assert Deliverable.objects.filter(seed_key="voorbereiden-deliverable-1").count() == 1


def test_collaborations_count_starts_and_scale_ups_since_the_taskforce_began(workstreams, kpis):
    ws = workstreams["verbinden"]
    make_collaboration(ws, "A", stage="started", started_on=D(2026, 11, 2))  # first day counts
    make_collaboration(ws, "B", stage="scaled_up", started_on=D(2026, 11, 5), scaled_up_on=D(2026, 11, 10))
    make_collaboration(ws, "Before", stage="started", started_on=D(2026, 11, 1))  # before the start
    make_collaboration(ws, "Old but scaled", stage="scaled_up", started_on=D(2025, 3, 1), scaled_up_on=D(2026, 11, 9))
    make_collaboration(ws, "Ended", stage="ended", started_on=D(2026, 11, 4), ended_on=D(2026, 11, 18))
    make_collaboration(ws, "Ended before", stage="ended", started_on=D(2026, 9, 1), ended_on=D(2026, 11, 18))
    make_collaboration(ws, "Never started", stage="ended", ended_on=D(2026, 11, 18))
    make_collaboration(ws, "Lead", stage="lead", started_on=D(2026, 11, 6))
    make_collaboration(ws, "Talks", stage="talks")
    make_collaboration(ws, "Tomorrow", stage="started", started_on=D(2026, 11, 21))
    make_collaboration(workstreams["voorkomen"], "Other workstream", stage="started", started_on=D(2026, 11, 6))

    value, names = counted(kpis["verbinden-kpi-1"])

    assert names == ["A – Fabrikant", "B – Fabrikant", "Ended – Fabrikant", "Old but scaled – Fabrikant"]
    assert value == Decimal(4)


def test_open_shortages_count_unsolved_ones_that_hit_vaccines_or_medicines(workstreams, kpis):
    ws = workstreams["voorkomen"]
    make_shortage(ws, "Signalled vaccine", status="signalled", vaccines=True)
    make_shortage(ws, "Being solved medicine", status="being_solved", vaccines=False, medicines=True)
    make_shortage(ws, "Unsolvable", status="unsolvable")
    make_shortage(ws, "Expected", status="signalled", nature="expected")
    make_shortage(ws, "Solved", status="solved")
    make_shortage(ws, "Neither", status="signalled", vaccines=False, medicines=False)
    make_shortage(ws, "Later", status="signalled", signalled_on=D(2026, 11, 21))

    value, names = counted(kpis["voorkomen-kpi-1"])

    assert names == ["Being solved medicine", "Expected", "Signalled vaccine", "Unsolvable"]
    assert value == Decimal(4)


def test_a_solved_and_reopened_shortage_counts_as_open_again(workstreams, kpis):
    kpi = kpis["voorkomen-kpi-1"]
    item = make_shortage(workstreams["voorkomen"], "Glass vials", status="being_solved")
    assert counted(kpi)[0] == 1

    item.status = "solved"
    item.save()
    assert item.solved_on is not None
    assert counted(kpi) == (0, [])

    item.status = "being_solved"
    item.save()
    item.refresh_from_db()

    assert counted(kpi) == (1, ["Glass vials"])
    assert item.solved_on is None
    assert item.times_reopened() == 1
    assert list(item.history.order_by("history_date").values_list("status", flat=True)) == [
        "being_solved",
        "solved",
        "being_solved",
    ]


def test_supporters_count_confirmed_parties_only(workstreams, kpis):
    ws = workstreams["voorbereiden"]
    make_supporter(ws, "Health-Holland", confirmed_on=D(2026, 11, 10), confirmation="letter")
    make_supporter(ws, "RIVM", confirmed_on=D(2026, 11, 12), sector="public", confirmation="email")
    make_supporter(ws, "Interested only")
    make_supporter(ws, "Next week", confirmed_on=D(2026, 11, 25))

    assert counted(kpis["voorbereiden-kpi-2"]) == (2, ["Health-Holland", "RIVM"])


def test_overview_is_delivered_once_its_deliverable_has_a_delivery_date(workstreams, kpis):
    kpi = kpis["voorbereiden-kpi-1"]
    assert counted(kpi) == (0, [])
    make_deliverable(workstreams["voorbereiden"], "Unrelated note", delivered_on=D(2026, 11, 10))
    assert counted(kpi) == (0, [])

    overview = Deliverable.objects.get(seed_key="voorbereiden-deliverable-1")
    overview.delivered_on = D(2026, 11, 19)
    overview.document_url = "https://example.org/overzicht.pdf"
    overview.save()

    assert counted(kpi) == (1, ["Concreet overzicht van aanbevelingen"])
    assert counted(kpi, D(2026, 11, 18)) == (0, [])


def test_a_kpi_measured_by_hand_is_not_computed(workstreams):
    kpi = KPI.objects.create(workstream=workstreams["verbinden"], name="Handmatig", text="x")
    assert kpi_compute(kpi, TODAY) is None
    assert kpi_changes_since(kpi, D(2026, 11, 13)) == []


def test_the_daily_job_writes_one_value_a_day_even_when_it_runs_twice(workstreams, kpis):
    ws = workstreams["verbinden"]
    kpi = kpis["verbinden-kpi-1"]
    make_collaboration(ws, "A", started_on=D(2026, 11, 3))

    assert kpi_record_computed(TODAY) == 4
    make_collaboration(ws, "B", started_on=D(2026, 11, 4))
    kpi_record_computed(TODAY)

    rows = list(Measurement.objects.filter(kpi=kpi).values_list("date", "value", "computed"))
    assert rows == [(TODAY, Decimal(2), True)]
    assert Measurement.objects.filter(computed=True).count() == 4

    kpi_record_computed(TODAY + dt.timedelta(days=1))
    assert list(Measurement.objects.filter(kpi=kpi).values_list("value", flat=True)) == [Decimal(2), Decimal(2)]


def test_a_manual_measurement_on_the_same_day_is_left_alone(workstreams, kpis):
    kpi = kpis["verbinden-kpi-1"]
    Measurement.objects.create(kpi=kpi, date=TODAY, value=7, note="typed")
    kpi_record_computed(TODAY)
    kpi_record_computed(TODAY)
    assert sorted(Measurement.objects.filter(kpi=kpi).values_list("computed", "value")) == [
        (False, Decimal(7)),
        (True, Decimal(0)),
    ]


def test_a_day_in_the_past_is_counted_from_the_registers_history(workstreams, kpis):
    kpi = kpis["voorkomen-kpi-1"]
    with time_machine.travel(dt.datetime(2026, 11, 16, 12, tzinfo=AMS), tick=False):
        item = make_shortage(workstreams["voorkomen"], "Vials", signalled_on=D(2026, 11, 16))
    with time_machine.travel(dt.datetime(2026, 11, 18, 12, tzinfo=AMS), tick=False):
        item.status = "solved"
        item.save()

    kpi_record_computed(D(2026, 11, 17))
    kpi_record_computed(TODAY)

    assert dict(Measurement.objects.filter(kpi=kpi).values_list("date", "value")) == {
        D(2026, 11, 17): Decimal(1),
        TODAY: Decimal(0),
    }
    value, records = kpi_compute(kpi, D(2026, 11, 17), from_history=True)
    assert value == 1 and [record.item for record in records] == ["Vials"]


def test_the_command_and_the_celery_task_record_todays_values(workstreams, kpis):
    make_collaboration(workstreams["verbinden"], "A", started_on=D(2026, 11, 3))
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, tzinfo=AMS), tick=False):
        out = io.StringIO()
        call_command("compute_kpis", stdout=out)
        assert "4 value(s)" in out.getvalue()
        assert record_computed.name == "kpis.record_computed"
        assert record_computed.apply().get() == 4
    assert Measurement.objects.get(kpi=kpis["verbinden-kpi-1"]).value == 1


def test_changes_since_last_week_name_the_new_and_solved_records(workstreams, kpis):
    verbinden, voorkomen, voorbereiden = (workstreams[s] for s in ("verbinden", "voorkomen", "voorbereiden"))
    with time_machine.travel(dt.datetime(2026, 11, 10, 12, tzinfo=AMS), tick=False):
        make_collaboration(verbinden, "Old", started_on=D(2026, 11, 3))
        solved_later = make_shortage(voorkomen, "Vials")
        reopened_later = make_shortage(voorkomen, "Stoppers", status="solved")
        make_shortage(voorkomen, "Still open")
    with time_machine.travel(dt.datetime(2026, 11, 16, 12, tzinfo=AMS), tick=False):
        make_collaboration(verbinden, "Batavia", partner="Moderna", started_on=D(2026, 11, 15))
        make_collaboration(
            verbinden,
            "Amsterdam",
            partner="Pfizer",
            stage="scaled_up",
            started_on=D(2026, 11, 4),
            scaled_up_on=D(2026, 11, 16),
        )
        make_collaboration(verbinden, "Only a lead", stage="lead")
        solved_later.status = "solved"
        solved_later.save()
        reopened_later.status = "signalled"
        reopened_later.save()
        make_shortage(voorkomen, "Bags", signalled_on=D(2026, 11, 16))
        make_supporter(voorbereiden, "Sanquin", confirmed_on=D(2026, 11, 16), confirmation="email")
        overview = Deliverable.objects.get(seed_key="voorbereiden-deliverable-1")
        overview.delivered_on = D(2026, 11, 16)
        overview.document_url = "https://example.org/o.pdf"
        overview.save()

    since, today = D(2026, 11, 13), D(2026, 11, 20)
    assert kpi_changes_since(kpis["verbinden-kpi-1"], since, today) == [
        "2 nieuwe samenwerkingen: Amsterdam – Pfizer, Batavia – Moderna"
    ]
    assert kpi_changes_since(kpis["voorkomen-kpi-1"], since, today) == [
        "1 nieuw tekort: Bags",
        "1 tekort heropend: Stoppers",
        "1 tekort opgelost: Vials",
    ]
    assert kpi_changes_since(kpis["voorbereiden-kpi-2"], since, today) == ["1 nieuwe steunende partij: Sanquin"]
    assert kpi_changes_since(kpis["voorbereiden-kpi-1"], since, today) == [
        "Opgeleverd: Concreet overzicht van aanbevelingen"
    ]
    assert kpi_changes_since(kpis["verbinden-kpi-1"], D(2026, 11, 17), today) == []
