from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kpis.models import KPI, Measurement


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    autocomplete_fields = ["recorded_by"]


@admin.register(KPI)
class KPIAdmin(SimpleHistoryAdmin):
    list_display = ["name", "workstream", "kind", "target", "unit", "source"]
    list_filter = ["workstream", "kind", "source"]
    search_fields = ["name", "text"]
    inlines = [MeasurementInline]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    list_display = ["kpi", "date", "value", "recorded_by", "computed"]
    list_filter = ["kpi__workstream", "kpi", "computed"]
    date_hierarchy = "date"
