"""Record today's value of every KPI that is computed from a register (the daily job, by hand)."""

import datetime as dt

from django.core.management.base import BaseCommand

from registers.kpi_rules import kpi_record_computed


class Command(BaseCommand):
    help = "Compute the register-based KPIs and record one value per KPI for the day (re-runs update it)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=dt.date.fromisoformat,
            help="Day to record (YYYY-MM-DD); default today. A past day is counted from the registers' history.",
        )

    def handle(self, *args, date=None, **options):
        written = kpi_record_computed(date)
        self.stdout.write(f"Computed KPIs: {written} value(s) recorded.")
