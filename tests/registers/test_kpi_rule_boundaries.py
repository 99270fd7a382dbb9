"""The KPI engine past the common cases: every kind of "what changed" line, singular and plural, the
date boundaries, no taskforce at all, and the daily job's fallback when a concurrent run wrote first."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError

from kpis.models import KPI, Measurement
from registers import kpi_rules
from registers.kpi_rules import kpi_changes_since, kpi_compute, kpi_record_computed
from registers.models import Deliverable
from taskforce.models import Taskforce
from tests.factories import make_collaboration as collaboration
from tests.factories import make_deliverable as deliverable
from tests.factories import make_shortage as shortage
from tests.factories import make_supporter as supporter

D = dt.date

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
TODAY = D(2026, 11, 20)
SINCE = D(2026, 11, 13)


@pytest.fixture(autouse=True)
def frozen():
    """It is 20 November 2026, week 3 of the taskforce."""
    with time_machine.travel(dt.datetime(2026, 11, 20, 12, tzinfo=AMS), tick=True):
        yield


def on(day: int):
    """A moment on that day of November 2026, to create or change records 'then'."""
    return time_machine.travel(dt.datetime(2026, 11, day, 12, tzinfo=AMS), tick=False)


def test_collaborations_dropped_since_are_named_after_the_new_ones(workstreams, kpis):
    ws = workstreams["verbinden"]
    with on(10):
        gone = [collaboration(ws, name, started_on=D(2026, 11, 3)) for name in ("Gone B", "Gone A")]
        collaboration(ws, "Stays", started_on=D(2026, 11, 3))
    with on(16):
        for record in gone:
            record.delete()
        collaboration(ws, "New", partner="Moderna", started_on=D(2026, 11, 15))
    assert kpi_changes_since(kpis["verbinden-kpi-1"], SINCE, TODAY) == [
        "1 nieuwe samenwerking: New – Moderna",
        "2 samenwerkingen niet meer meegeteld: Gone A – Fabrikant, Gone B – Fabrikant",
    ]


def test_changes_are_counted_up_to_the_day_asked_for_and_by_default_today(workstreams, kpis):
    ws = workstreams["verbinden"]
    with on(16):
        collaboration(ws, "Started on the 16th", started_on=D(2026, 11, 16))
    kpi = kpis["verbinden-kpi-1"]
    assert kpi_changes_since(kpi, SINCE, D(2026, 11, 15)) == []
    assert kpi_changes_since(kpi, SINCE) == ["1 nieuwe samenwerking: Started on the 16th – Fabrikant"]


def test_supporters_new_and_dropped_read_in_the_plural_and_singular(workstreams, kpis):
    ws = workstreams["voorbereiden"]
    with on(10):
        withdrawn = supporter(ws, "Withdrawn", confirmed_on=D(2026, 11, 5))
    with on(16):
        withdrawn.delete()
        supporter(ws, "Q-party", confirmed_on=D(2026, 11, 16))
        supporter(ws, "P-party", confirmed_on=D(2026, 11, 15))
    assert kpi_changes_since(kpis["voorbereiden-kpi-2"], SINCE, TODAY) == [
        "2 nieuwe steunende partijen: P-party, Q-party",
        "1 partij niet meer meegeteld: Withdrawn",
    ]


def test_two_supporters_dropped_and_one_added(workstreams, kpis):
    ws = workstreams["voorbereiden"]
    with on(10):
        dropped = [supporter(ws, name, confirmed_on=D(2026, 11, 5)) for name in ("Y-party", "X-party")]
    with on(16):
        for record in dropped:
            record.delete()
        supporter(ws, "Z-party", confirmed_on=D(2026, 11, 16))
    assert kpi_changes_since(kpis["voorbereiden-kpi-2"], SINCE, TODAY) == [
        "1 nieuwe steunende partij: Z-party",
        "2 partijen niet meer meegeteld: X-party, Y-party",
    ]


def test_shortages_new_reopened_solved_and_no_longer_counted_in_the_plural(workstreams, kpis):
    ws = workstreams["voorkomen"]
    with on(10):
        solved = [shortage(ws, name) for name in ("Solved B", "Solved A")]
        reopened = [shortage(ws, name, status="solved") for name in ("Reopened B", "Reopened A")]
        no_longer = [shortage(ws, name) for name in ("Not vaccines B", "Not vaccines A")]
        deleted = shortage(ws, "Deleted")
        shortage(ws, "Still open")
    with on(16):
        for record in solved:
            record.status = "solved"
            record.save()
        for record in reopened:
            record.status = "being_solved"
            record.save()
        for record in no_longer:
            record.affects_vaccines = False
            record.save()
        deleted.delete()
        shortage(ws, "New B", signalled_on=D(2026, 11, 16))
        shortage(ws, "New A", signalled_on=D(2026, 11, 16))
    assert kpi_changes_since(kpis["voorkomen-kpi-1"], SINCE, TODAY) == [
        "2 nieuwe tekorten: New A, New B",
        "2 tekorten heropend: Reopened A, Reopened B",
        "2 tekorten opgelost: Solved A, Solved B",
        "3 tekorten niet meer meegeteld: Deleted, Not vaccines A, Not vaccines B",
    ]


def test_one_shortage_no_longer_counted_reads_in_the_singular(workstreams, kpis):
    ws = workstreams["voorkomen"]
    with on(10):
        item = shortage(ws, "Filters")
    with on(16):
        item.affects_vaccines = False
        item.save()
    assert kpi_changes_since(kpis["voorkomen-kpi-1"], SINCE, TODAY) == ["1 tekort niet meer meegeteld: Filters"]


def overview(kpis) -> Deliverable:
    return Deliverable.objects.get(seed_key="voorbereiden-deliverable-1")


def test_a_milestone_undone_since_says_so(workstreams, kpis):
    with on(10):
        item = overview(kpis)
        item.delivered_on = D(2026, 11, 9)
        item.save()
    with on(16):
        item.delivered_on = None
        item.save()
    assert kpi_changes_since(kpis["voorbereiden-kpi-1"], SINCE, TODAY) == [
        "Niet meer opgeleverd: Concreet overzicht van aanbevelingen"
    ]


def test_a_milestone_already_delivered_reports_no_second_or_lost_delivery(workstreams, kpis):
    kpi = kpis["voorbereiden-kpi-1"]
    ws = workstreams["voorbereiden"]
    with on(10):
        item = overview(kpis)
        item.delivered_on = D(2026, 11, 9)
        item.save()
        first = deliverable(ws, "Eerste versie", kpi=kpi, delivered_on=D(2026, 11, 8))
    with on(16):
        deliverable(ws, "Tweede versie", kpi=kpi, delivered_on=D(2026, 11, 16))
        first.delivered_on = None
        first.save()
    # Delivered then and delivered now: one product more or less changes nothing worth a line.
    assert kpi_changes_since(kpi, SINCE, TODAY) == []
    assert kpi_compute(kpi, TODAY)[0] == Decimal(1)


def test_without_a_taskforce_every_start_counts(workstreams, kpis):
    ws = workstreams["verbinden"]
    collaboration(ws, "Long ago", started_on=D(2001, 1, 1))
    collaboration(ws, "Recent", started_on=D(2026, 11, 3))
    kpi = kpis["verbinden-kpi-1"]
    assert kpi_compute(kpi, TODAY)[0] == Decimal(1)
    Taskforce.objects.all().delete()
    value, records = kpi_compute(kpi, TODAY)
    assert (value, sorted(r.dutch_company for r in records)) == (Decimal(2), ["Long ago", "Recent"])


def test_a_scale_up_counts_from_its_own_date_up_to_today(workstreams, kpis):
    ws = workstreams["verbinden"]
    collaboration(ws, "Scaled today", stage="scaled_up", started_on=D(2025, 1, 1), scaled_up_on=TODAY)
    collaboration(ws, "Scaled tomorrow", stage="scaled_up", started_on=D(2025, 1, 1), scaled_up_on=D(2026, 11, 21))
    collaboration(ws, "Scaled before", stage="scaled_up", started_on=D(2025, 1, 1), scaled_up_on=D(2026, 11, 1))
    value, records = kpi_compute(kpis["verbinden-kpi-1"], TODAY)
    assert (value, [r.dutch_company for r in records]) == (Decimal(1), ["Scaled today"])


def test_shortages_count_up_to_and_including_today_and_medicines_alone_count(workstreams, kpis):
    ws = workstreams["voorkomen"]
    shortage(ws, "Today", vaccines=False, medicines=True, signalled_on=TODAY)
    shortage(ws, "Both", vaccines=True, medicines=True, signalled_on=TODAY)
    shortage(ws, "Tomorrow", signalled_on=D(2026, 11, 21))
    value, records = kpi_compute(kpis["voorkomen-kpi-1"], TODAY)
    assert (value, sorted(r.item for r in records)) == (Decimal(2), ["Both", "Today"])


def test_supporters_confirmed_today_count(workstreams, kpis):
    ws = workstreams["voorbereiden"]
    supporter(ws, "Today", confirmed_on=TODAY)
    supporter(ws, "Tomorrow", confirmed_on=D(2026, 11, 21))
    value, records = kpi_compute(kpis["voorbereiden-kpi-2"], TODAY)
    assert (value, [r.party for r in records]) == (Decimal(1), ["Today"])


def test_without_a_day_the_engine_counts_today(workstreams, kpis):
    collaboration(workstreams["verbinden"], "Today", started_on=TODAY)
    assert kpi_compute(kpis["verbinden-kpi-1"])[0] == Decimal(1)


def test_the_daily_value_carries_its_note_and_covers_every_computed_kpi(workstreams, kpis):
    assert kpi_record_computed() == 4
    rows = Measurement.objects.filter(date=TODAY, computed=True)
    assert {row.note for row in rows} == {"Berekend uit het register"}
    assert set(rows.values_list("kpi__seed_key", flat=True)) == {
        "verbinden-kpi-1",
        "voorkomen-kpi-1",
        "voorbereiden-kpi-1",
        "voorbereiden-kpi-2",
    }
    assert set(kpi_rules.computed_kpis().values_list("source", flat=True)) == set(kpi_rules.RULES)


def test_a_concurrent_run_that_wrote_first_gets_its_row_updated(workstreams, kpis, monkeypatch):
    """The other run inserted today's row between our look-up and our insert: we update that row, and
    only that one (not yesterday's, not a value typed by hand, not another KPI's)."""
    collaboration(workstreams["verbinden"], "A", started_on=D(2026, 11, 3))
    supporter(workstreams["voorbereiden"], "P", confirmed_on=D(2026, 11, 5))
    supporter(workstreams["voorbereiden"], "Q", confirmed_on=D(2026, 11, 6))
    computed = list(kpi_rules.computed_kpis())
    yesterday = TODAY - dt.timedelta(days=1)
    for kpi in computed:
        Measurement.objects.create(kpi=kpi, date=TODAY, computed=True, value=99, note="oud")
        Measurement.objects.create(kpi=kpi, date=yesterday, computed=True, value=98, note="gisteren")
        Measurement.objects.create(kpi=kpi, date=TODAY, computed=False, value=7, note="getypt")

    def other_run_first(**kwargs):
        raise IntegrityError("one_computed_value_a_day")  # as when the look-up missed the other run's row

    monkeypatch.setattr(Measurement.objects, "update_or_create", other_run_first)
    assert kpi_record_computed(TODAY) == 4
    monkeypatch.undo()
    expected = {kpi.seed_key: kpi_compute(kpi, TODAY)[0] for kpi in computed}
    assert expected["verbinden-kpi-1"] == 1 and expected["voorbereiden-kpi-2"] == 2
    today_rows = Measurement.objects.filter(date=TODAY, computed=True)
    assert {m.kpi.seed_key: m.value for m in today_rows} == expected
    assert {m.note for m in today_rows} == {"Berekend uit het register"}
    assert set(Measurement.objects.filter(date=yesterday).values_list("value", "note")) == {(98, "gisteren")}
    assert set(Measurement.objects.filter(computed=False).values_list("value", "note")) == {(7, "getypt")}


def test_by_default_the_register_as_it_is_now_is_counted_even_for_a_past_day(workstreams, kpis):
    kpi = kpis["voorkomen-kpi-1"]
    with on(16):
        item = shortage(workstreams["voorkomen"], "Vials", signalled_on=D(2026, 11, 16))
    with on(18):
        item.status = "solved"
        item.save()
    assert kpi_compute(kpi, D(2026, 11, 17))[0] == 0
    assert kpi_compute(kpi, D(2026, 11, 17), from_history=True)[0] == 1


def test_supporters_and_deliverables_of_a_past_day_come_from_the_history(workstreams, kpis):
    ws = workstreams["voorbereiden"]
    with on(10):
        party = supporter(ws, "Withdrawn", confirmed_on=D(2026, 11, 5))
        product = deliverable(ws, "Eerste versie", kpi=kpis["voorbereiden-kpi-1"], delivered_on=D(2026, 11, 9))
    with on(18):
        party.delete()
        product.delete()
    assert kpi_compute(kpis["voorbereiden-kpi-2"], D(2026, 11, 17), from_history=True)[0] == 1
    assert kpi_compute(kpis["voorbereiden-kpi-1"], D(2026, 11, 17), from_history=True)[0] == 1
    assert kpi_compute(kpis["voorbereiden-kpi-2"], D(2026, 11, 17))[0] == 0


def test_today_s_value_counts_the_register_as_it_is_now_not_its_history(workstreams, kpis):
    """Only a past day is counted from the history. A record whose history is stamped after today (a
    clock that ran ahead) is in the register now, so today's value counts it."""
    with time_machine.travel(dt.datetime(2026, 11, 22, 12, tzinfo=AMS), tick=False):
        collaboration(workstreams["verbinden"], "Stamped later", started_on=D(2026, 11, 19))
    kpi_record_computed(TODAY)
    assert Measurement.objects.get(kpi=kpis["verbinden-kpi-1"], date=TODAY).value == 1


def test_the_computed_kpis_come_with_their_workstream_in_one_query(kpis, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert sorted(kpi.workstream.slug for kpi in kpi_rules.computed_kpis()) == [
            "verbinden",
            "voorbereiden",
            "voorbereiden",
            "voorkomen",
        ]


def test_a_kpi_measured_by_hand_has_no_rule(workstreams):
    kpi = KPI.objects.create(workstream=workstreams["verbinden"], name="Handmatig", text="x")
    assert kpi_compute(kpi) is None
    assert kpi_changes_since(kpi, SINCE) == []
    assert kpi not in kpi_rules.computed_kpis()


def test_two_milestone_products_delivered_or_undone_together_are_both_named(workstreams, kpis):
    kpi = kpis["voorbereiden-kpi-1"]
    with on(10):
        second = deliverable(workstreams["voorbereiden"], "Bijlage", kpi=kpi)
    # Today, after the seeding (which itself happened today): the history has the seed's row first.
    first = overview(kpis)
    for item in (first, second):
        item.delivered_on = D(2026, 11, 16)
        item.save()
    assert kpi_changes_since(kpi, SINCE, TODAY) == ["Opgeleverd: Bijlage, Concreet overzicht van aanbevelingen"]
    with on(21):
        for item in (first, second):
            item.delivered_on = None
            item.save()
    assert kpi_changes_since(kpi, D(2026, 11, 20), D(2026, 11, 21)) == [
        "Niet meer opgeleverd: Bijlage, Concreet overzicht van aanbevelingen"
    ]
