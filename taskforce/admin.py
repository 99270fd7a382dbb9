from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from taskforce.models import Organisation, Taskforce, TaskforceParticipant, User

admin.site.site_header = _("Taskforce Vaccins: beheer")
admin.site.site_title = _("Beheer")
admin.site.index_title = _("Beheer")


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
    inlines: list = []


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
