"""A week in the life of the taskforce, for the digest and alert tests.

"Today" is Monday 23 November 2026 08:00 (week 4); the taskforce meets on Tuesdays, so the digest is
for the meeting of 24 November and covers 16 to 22 November.
"""

import datetime as dt
import zoneinfo
from decimal import Decimal

import time_machine

from kpis.models import KPI, Measurement
from meetings.models import Meeting
from workstreams.models import Action, ProgressNote, Workstream

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 8, 0, tzinfo=AMS)


def at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, 0, tzinfo=AMS)


def build_week(member, other_member) -> dict:
    """Actions, notes, a KPI value and meetings, each created at the moment it happened."""
    verbinden = Workstream.objects.get(slug="verbinden")
    voorkomen = Workstream.objects.get(slug="voorkomen")
    data = {"verbinden": verbinden, "voorkomen": voorkomen}
    with time_machine.travel(at(5), tick=False):
        data["overdue"] = Action.objects.create(
            workstream=verbinden, title="Rondetafel met vaccinproducenten", owner=member, due_date=dt.date(2026, 11, 20)
        )
        data["due_soon"] = Action.objects.create(
            workstream=verbinden,
            title="Factsheet Nederlandse life sciences",
            owner=member,
            due_date=dt.date(2026, 11, 27),
        )
        data["later"] = Action.objects.create(
            workstream=verbinden, title="Werkbezoek Leiden", owner=member, due_date=dt.date(2026, 12, 18)
        )
        data["changed"] = Action.objects.create(workstream=verbinden, title="Ronde langs de regios")
        data["others"] = Action.objects.create(
            workstream=voorkomen,
            title="Inventarisatie grondstoffen",
            owner=other_member,
            due_date=dt.date(2026, 11, 19),
        )
        data["last_meeting"] = Meeting.objects.create(
            title="Taskforcevergadering 3",
            starts_at=at(17, 10),
            decisions="Verbinden nodigt drie producenten uit\nKPI-definities vastgesteld",
        )
        data["next_meeting"] = Meeting.objects.create(
            title="Taskforcevergadering 4", starts_at=at(24, 10), location="Den Haag", agenda="Bezoek minister"
        )
    with time_machine.travel(at(8), tick=False):
        # Not touched since: stale (more than 14 days before today) by the time of the digest.
        data["stale"] = Action.objects.create(
            workstream=verbinden, title="Contact met EMA leggen", owner=member, due_date=dt.date(2027, 1, 10)
        )
    # Everything was looked at last week, except the one stale action.
    Action.objects.update(touched_at=at(20))
    Action.objects.filter(pk=data["stale"].pk).update(touched_at=at(1))
    with time_machine.travel(at(16), tick=False):
        data["new"] = Action.objects.create(
            workstream=verbinden,
            title="Brief aan de NFIA",
            owner=member,
            due_date=dt.date(2026, 12, 4),
            meeting=data["last_meeting"],
        )
    with time_machine.travel(at(18), tick=False):
        data["changed"].status = Action.Status.IN_PROGRESS
        data["changed"].save()
    with time_machine.travel(at(19), tick=False):
        ProgressNote.objects.create(
            action=data["overdue"], author=member, text="Gesprek met drie producenten ingepland."
        )
        ProgressNote.objects.create(
            action=data["others"], author=other_member, text="Lijst van kritieke grondstoffen in concept."
        )
        kpi = KPI.objects.filter(workstream=verbinden).order_by("position").first()
        Measurement.objects.create(kpi=kpi, value=Decimal("3"), date=dt.date(2026, 11, 19), recorded_by=member)
        data["kpi"] = kpi
    return data
