from django.contrib import admin

from updates.models import Baseline, Delegate, RecoveryPlan, UpdateSettings, UpdateVersion, WorkstreamUpdate


@admin.register(UpdateSettings)
class UpdateSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "scale", "reminder_days", "recovery_days"]

    def has_add_permission(self, request):
        return not UpdateSettings.objects.exists()


@admin.register(WorkstreamUpdate)
class WorkstreamUpdateAdmin(admin.ModelAdmin):
    list_display = ["workstream", "meeting_date", "state", "rating"]
    list_filter = ["state", "workstream"]
    readonly_fields = ["created_by", "version"]


@admin.register(UpdateVersion)
class UpdateVersionAdmin(admin.ModelAdmin):
    list_display = ["update", "number", "rating", "submitted_by", "submitted_at"]

    def has_change_permission(self, request, obj=None):
        return False  # every version stays as it was submitted


@admin.register(RecoveryPlan)
class RecoveryPlanAdmin(admin.ModelAdmin):
    list_display = ["workstream", "opened_on", "due_date", "submitted_at", "closed_on"]


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "created_by", "reason"]

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(Delegate)
