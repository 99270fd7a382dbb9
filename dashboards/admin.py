from django.contrib import admin

from dashboards.models import ProgressReport, WorkstreamSnapshot


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "week", "organisation", "created_by"]
    list_filter = ["organisation"]
    readonly_fields = ["token", "created_at", "created_by", "week", "organisation"]
    exclude = ["html", "pdf"]

    def has_change_permission(self, request, obj=None):
        return False  # Frozen: what was reported stays as it was.


@admin.register(WorkstreamSnapshot)
class WorkstreamSnapshotAdmin(admin.ModelAdmin):
    list_display = [
        "workstream",
        "date",
        "status",
        "actions_done",
        "actions_total",
        "actions_overdue",
    ]
    list_filter = ["workstream", "status"]
    date_hierarchy = "date"
