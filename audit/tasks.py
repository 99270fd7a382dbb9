from celery import shared_task


@shared_task(name="taskforce.archive_audit_log")
def archive_audit_log_task() -> int:
    """Daily: moves entries older than AUDIT_RETENTION_DAYS into the archive folder."""
    from audit.services import archive

    count, _path = archive()
    return count
