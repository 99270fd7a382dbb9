"""Celery tasks: thin, they take ids and dates and call the services in digest.py, alerts.py and mail.py."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from taskforce import mail
from taskforce.models import Delivery

MAX_MAIL_RETRIES = 8


def _day(today: str | None) -> dt.date:
    return dt.date.fromisoformat(today) if today else timezone.localdate()


@shared_task(name="taskforce.send_digest")
def send_digest(today: str | None = None) -> dict:
    from taskforce.digest import digest_run

    report = digest_run(today=_day(today))
    return {"period": report.period, "sent": len(report.sent), "skipped": len(report.skipped), "failed": report.failed}


@shared_task(name="taskforce.send_deadline_status")
def send_deadline_status(today: str | None = None) -> dict:
    from taskforce.alerts import deadline_status_run

    report = deadline_status_run(today=_day(today))
    return {"turned_red": report.turned_red, "milestone": report.milestone, "sent": len(report.sent)}


# The Delivery row is the record of what happened; a result nobody reads would only make enqueueing
# subscribe to the result store (and wait for it when Redis is down).
@shared_task(bind=True, name="taskforce.deliver", max_retries=MAX_MAIL_RETRIES, ignore_result=True)
def deliver(self, delivery_id: int, today: str) -> str:
    """Sends one delivery that failed before; retries with exponential backoff while the server refuses."""
    from taskforce.alerts import alert_build
    from taskforce.digest import digest_build

    delivery = Delivery.objects.select_related("user").filter(pk=delivery_id).first()
    if delivery is None:
        return "gone"
    day = _day(today)
    if delivery.kind == Delivery.Kind.DIGEST:
        build = lambda: digest_build(user=delivery.user, today=day)  # noqa: E731
    else:
        build = lambda: alert_build(delivery=delivery, today=day)  # noqa: E731
    if not delivery.user.is_active or not delivery.user.email or not _wants(delivery):
        Delivery.objects.filter(pk=delivery.pk, status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED]).update(
            status=Delivery.Status.SKIPPED
        )
        return "skipped"
    try:
        return mail.delivery_send(delivery=delivery, build=build).status
    except mail.SendFailed as exc:
        raise self.retry(exc=exc, countdown=mail.retry_countdown(self.request.retries)) from exc


def _wants(delivery: Delivery) -> bool:
    return getattr(delivery.user, mail.PREFERENCE_FIELDS[mail.KIND_PREFERENCE[delivery.kind]])
