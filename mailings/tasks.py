"""Celery tasks: thin, they take ids and dates and call the services in digest.py, alerts.py and mail.py.

The services enqueue these tasks, so they import this module at their top (`deliver as deliver_task`);
the tasks import the services inside their bodies, which keeps the import graph one way (the
HackSoft styleguide's rule for services and tasks).
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from mailings.models import Delivery

MAX_MAIL_RETRIES = 8
# A run that meets a dropped database connection or an unreachable broker starts again after a pause
# (5 s, doubling, at most 2 minutes, for about half an hour); whatever it leaves, the sweeper finishes.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerError)
RUN_RETRIES = {"autoretry_for": TRANSIENT_ERRORS, "retry_backoff": 5, "retry_backoff_max": 120, "max_retries": 15}


def _day(today: str | None) -> dt.date:
    return dt.date.fromisoformat(today) if today else timezone.localdate()


@shared_task(name="taskforce.send_digest", **RUN_RETRIES)
def send_digest(today: str | None = None) -> dict:
    # Imported here, not at the top: the services import this module at theirs (see the docstring).
    from mailings.digest import digest_run

    report = digest_run(today=_day(today))
    return {"period": report.period, "sent": len(report.sent), "skipped": len(report.skipped), "failed": report.failed}


@shared_task(name="taskforce.send_deadline_status", **RUN_RETRIES)
def send_deadline_status(today: str | None = None) -> dict:
    # Imported here, not at the top: the services import this module at theirs (see the docstring).
    from mailings.alerts import deadline_status_run

    report = deadline_status_run(today=_day(today))
    return {"turned_red": report.turned_red, "milestone": report.milestone, "sent": len(report.sent)}


@shared_task(name="taskforce.send_update_reminders", **RUN_RETRIES)
def send_update_reminders() -> dict:
    # Imported here, not at the top: the services import this module at theirs (see the docstring).
    from mailings.reminders import reminders_run

    report = reminders_run()
    return {"period": report.period, "sent": len(report.sent), "failed": len(report.failed)}


# The Delivery row is the record of what happened; a result nobody reads would only make enqueueing
# subscribe to the result store (and wait for it when Redis is down).
@shared_task(
    bind=True,
    name="taskforce.deliver",
    max_retries=MAX_MAIL_RETRIES,
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=120,
)
def deliver(self, delivery_id: int, today: str) -> str:
    """Sends one delivery that failed before; retries with exponential backoff while the server refuses."""
    # Imported here, not at the top: the services import this module at theirs (see the docstring).
    from mailings import mail
    from mailings.alerts import alert_build
    from mailings.digest import digest_build

    day = _day(today)

    def build(delivery: Delivery):
        if delivery.kind == Delivery.Kind.DIGEST:
            return digest_build(user=delivery.user, today=day)
        return alert_build(delivery=delivery, today=day)

    try:
        return mail.delivery_retry(delivery_id=delivery_id, build=build)
    except mail.SendFailed as exc:
        raise self.retry(exc=exc, countdown=mail.retry_countdown(self.request.retries)) from exc


@shared_task(name="taskforce.send_notifications", **RUN_RETRIES)
def send_notifications(notification_ids: list[int]) -> dict:
    """Mails notifications at once (queued by notifications.services.notify by this name)."""
    from mailings.notices import notifications_send

    report = notifications_send(notification_ids=notification_ids)
    return {"sent": len(report.sent), "failed": len(report.failed)}


@shared_task(name="taskforce.send_notification_bundles", **RUN_RETRIES)
def send_notification_bundles() -> dict:
    """Hourly: each person's bundle of the last hour, and any at-once mail the queue missed."""
    from mailings.notices import bundles_run

    report = bundles_run()
    return {"period": report.period, "sent": len(report.sent), "failed": len(report.failed)}


@shared_task(name="taskforce.sweep_deliveries", ignore_result=True, **RUN_RETRIES)
def sweep_deliveries() -> dict:
    """Sends what earlier runs left owed (scheduled every few minutes)."""
    from mailings.sweep import delivery_sweep  # imports mail, which imports this module

    report = delivery_sweep()
    return {"sent": len(report.sent), "failed": len(report.failed), "skipped": len(report.skipped)}
