"""The daily snapshot job (django-celery-beat schedules it by name)."""

from celery import shared_task

from dashboards.services import snapshot_take


@shared_task(name="taskforce.take_snapshots")
def take_snapshots() -> int:
    return snapshot_take()
