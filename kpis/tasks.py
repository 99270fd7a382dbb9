"""Celery tasks of the kpis app; the lead schedules `kpis.record_computed` daily (django-celery-beat)."""

from celery import shared_task

from kpis.engine import kpi_record_computed


@shared_task(name="kpis.record_computed")
def record_computed() -> int:
    """Writes today's computed KPI values; safe to run more than once a day."""
    return kpi_record_computed()
