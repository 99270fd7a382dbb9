"""The sweeper: finishes, from the delivery rows alone, whatever a run of the last days left owed.

A run writes one row per person before it sends anything, so the rows are the work list. Whatever
stopped it (a dropped database connection, a broker outage, a killed worker, a refusing mail server)
leaves rows pending, failed or claimed by a sender that is gone; the sweeper, scheduled every few
minutes, sends those, each through the same claim as a run, so it never sends twice what a run (or
another sweep) is sending.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from mailings import mail
from mailings.alerts import alert_build
from mailings.digest import digest_context, digest_for, digest_message
from mailings.models import Delivery


@dataclass
class SweepReport:
    sent: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.sent) + len(self.skipped) + len(self.failed) + len(self.already)


def owed(now: dt.datetime | None = None) -> list[Delivery]:
    """Deliveries of the last MAIL_SWEEP_DAYS that nobody is sending and that are due now."""
    now = now or timezone.now()
    pending = Q(
        status=Delivery.Status.PENDING, created_at__lt=now - dt.timedelta(seconds=settings.MAIL_SWEEP_GRACE_SECONDS)
    )
    abandoned = Q(status=Delivery.Status.SENDING, claimed_at__lt=now - mail.claim_timeout())
    failed = Q(status=Delivery.Status.FAILED)
    rows = (
        Delivery.objects.filter(pending | abandoned | failed)
        .filter(created_at__gte=now - dt.timedelta(days=settings.MAIL_SWEEP_DAYS))
        .select_related("user")
        .order_by("created_at", "id")
    )
    # A failed one waits out its backoff, counted from its last attempt (when it was claimed).
    return [
        row
        for row in rows
        if row.status != Delivery.Status.FAILED
        or row.claimed_at is None
        or row.claimed_at + dt.timedelta(seconds=mail.retry_countdown(max(row.attempts - 1, 0))) <= now
    ]


def delivery_sweep(*, now: dt.datetime | None = None) -> SweepReport:
    """Sends what is owed. Digests of one period are built from one shared context, as in a run."""
    report = SweepReport()
    rows = owed(now)
    digests: dict[tuple[str, dt.date], list[Delivery]] = defaultdict(list)
    others = []
    for row in rows:
        if row.kind == Delivery.Kind.DIGEST:
            # A digest says what happened up to the day its run began: the day its row was written.
            digests[(row.period, timezone.localdate(row.created_at))].append(row)
        else:
            others.append(row)
    with mail.Sender() as sender:
        for (_period, day), group in digests.items():
            wanted = [row for row in group if _still_wanted(row, report)]
            context = digest_context(today=day, people=[row.user for row in wanted]) if wanted else None
            for row in wanted:
                _send(row, _digest_builder(row, context), sender, report)
        for row in others:
            if _still_wanted(row, report):
                day = timezone.localdate(row.created_at)
                _send(row, lambda row=row, day=day: alert_build(delivery=row, today=day), sender, report)
    return report


def _digest_builder(row: Delivery, context):
    if context is None:  # no taskforce any more: nothing to tell
        return lambda: None
    return lambda: digest_message(digest_for(row.user, context))


def _still_wanted(row: Delivery, report: SweepReport) -> bool:
    if mail.delivery_wanted(row):
        return True
    updated = Delivery.objects.filter(pk=row.pk, status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED]).update(
        status=Delivery.Status.SKIPPED
    )
    if updated:
        report.skipped.append(row.pk)
    return False


def _send(row: Delivery, build, sender: mail.Sender, report: SweepReport) -> None:
    try:
        outcome = mail.delivery_send(delivery=row, build=build, sender=sender)
    except mail.SendFailed:
        report.failed.append(row.pk)  # recorded as failed; a later sweep tries again after its backoff
        return
    getattr(report, outcome.status).append(row.pk)
