"""The daily job that writes the KPIs computed from the registers (django-celery-beat, `kpis.record_computed`)."""

from celery import shared_task

from registers.kpi_rules import kpi_record_computed


@shared_task(name="kpis.record_computed")
def record_computed() -> int:
    """Writes today's computed KPI values; safe to run more than once a day."""
    return kpi_record_computed()
