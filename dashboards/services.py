"""Writes of the dashboards: the daily snapshot of each workstream's figures."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone, translation

from dashboards.models import WorkstreamSnapshot
from dashboards.selectors import workstream_cards
from registers.kpi_rules import kpi_record_computed
from taskforce.models import Taskforce


def snapshot_take(*, today: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """Stores each workstream's figures for `today`; running it again the same day updates that day's row."""
    taskforce = Taskforce.current()
    if taskforce is None:
        return 0
    today = today or timezone.localdate()
    deadline = taskforce.deadline(today)
    # Computed KPIs first, so the day's figures count today's register values.
    kpi_record_computed(today)
    # Reasons are stored in Dutch, the app's language, whoever triggers the snapshot.
    with translation.override("nl"):
        cards = workstream_cards(deadline=deadline, now=now)
    with transaction.atomic():
        for card in cards:
            WorkstreamSnapshot.objects.update_or_create(
                workstream=card.workstream,
                date=today,
                defaults={
                    "actions_total": card.figures.total,
                    "actions_done": card.figures.done,
                    "actions_overdue": card.figures.overdue,
                    "actions_blocked": card.figures.blocked,
                    "actions_stale": card.figures.stale,
                    "kpis_behind": card.figures.kpis_behind,
                    "status": card.status.colour,
                    "reasons": card.status.reasons,
                },
            )
    return len(cards)
