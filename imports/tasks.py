"""The background read of an uploaded spreadsheet (thin: the service does the work)."""

from celery import shared_task


@shared_task(name="imports.preview", time_limit=10 * 60, soft_time_limit=9 * 60)
def action_import_preview_task(import_id: int) -> None:
    from imports.services import action_import_preview

    action_import_preview(import_id=import_id)
