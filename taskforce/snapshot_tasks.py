"""The daily snapshot job; registered by name because autodiscover only looks at tasks.py (see apps.py)."""

from celery import shared_task


@shared_task(name="taskforce.take_snapshots")
def take_snapshots() -> int:
    from taskforce.dashboard import snapshot_take

    return snapshot_take()
