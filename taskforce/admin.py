from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from taskforce.models import (
    Delivery,
    Organisation,
    ProgressReport,
    Taskforce,
    TaskforceParticipant,
    User,
)
from workstreams.models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["workstream"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "organisation",
        "language",
        "is_active",
    ]
    list_filter = ["role", "organisation", "language", "is_active", "is_staff"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            _("Taskforce"),
            {
                "fields": [
                    "role",
                    "organisation",
                    "language",
                    "digest_enabled",
                    "alerts_enabled",
                ]
            },
        ),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (
            _("Taskforce"),
            {
                "fields": [
                    "email",
                    "first_name",
                    "last_name",
                    "role",
                    "organisation",
                    "language",
                ]
            },
        ),
    )
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "full_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["short_name", "full_name"]


class TaskforceParticipantInline(admin.TabularInline):
    model = TaskforceParticipant
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Taskforce)
class TaskforceAdmin(admin.ModelAdmin):
    list_display = ["name", "start_date", "meeting_weekday", "meeting_time"]
    inlines = [TaskforceParticipantInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "week", "organisation", "created_by"]
    list_filter = ["organisation"]
    readonly_fields = ["token", "created_at", "created_by", "week", "organisation"]
    exclude = ["html", "pdf"]

    def has_change_permission(self, request, obj=None):
        return False  # Frozen: what was reported stays as it was.


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "period",
        "user",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["user__username", "user__email", "period"]
    readonly_fields = ["created_at", "claimed_at", "sent_at"]
