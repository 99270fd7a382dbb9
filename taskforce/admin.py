from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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
    actions = ["retry_now"]

    @admin.action(description=_("Mislukte verzendingen nu opnieuw proberen"))
    def retry_now(self, request, queryset):
        """After Celery gave up retrying (about 8 hours), the secretariat can try again from here."""
        from taskforce import mail

        failed = list(queryset.filter(status=Delivery.Status.FAILED))
        scheduled = 0
        for delivery in failed:
            # A digest is built as of the day its run created the row.
            if not mail.retry_enqueue(
                delivery_id=delivery.pk, today=timezone.localdate(delivery.created_at), countdown=0
            ):
                break  # the queue is unreachable: the others would wait for it in vain
            scheduled += 1
        unscheduled = len(failed) - scheduled
        if scheduled or not unscheduled:
            self.message_user(
                request,
                ngettext(
                    "%(n)d verzending wordt opnieuw geprobeerd.",
                    "%(n)d verzendingen worden opnieuw geprobeerd.",
                    scheduled,
                )
                % {"n": scheduled},
            )
        if unscheduled:
            self.message_user(
                request,
                ngettext(
                    "%(n)d verzending kon niet worden ingepland: de takenwachtrij (Redis) is niet bereikbaar. "
                    "Ze blijft als mislukt staan; probeer het later opnieuw.",
                    "%(n)d verzendingen konden niet worden ingepland: de takenwachtrij (Redis) is niet bereikbaar. "
                    "Ze blijven als mislukt staan; probeer het later opnieuw.",
                    unscheduled,
                )
                % {"n": unscheduled},
                level=messages.ERROR,
            )
