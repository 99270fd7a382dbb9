from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule

from mailings import mail
from mailings.models import Delivery
from mailings.schedule import crontab_describe

# The schedule (setup_schedule) uses crontabs only: the other kinds would only be ways to get it wrong.
admin.site.unregister([ClockedSchedule, IntervalSchedule, SolarSchedule, PeriodicTask, CrontabSchedule])


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin):
    """django-celery-beat's admin with the schedule in words and without the kinds the app does not use."""

    list_display = ["name", "readable_schedule", "enabled", "last_run_at", "total_run_count"]
    list_filter = ["enabled"]
    date_hierarchy = None
    fieldsets = [
        (None, {"fields": ["name", "regtask", "task", "enabled", "description"]}),
        (_("Schema"), {"fields": ["crontab", "readable_schedule", "start_time", "last_run_at", "one_off"]}),
        (_("Argumenten"), {"fields": ["args", "kwargs"], "classes": ["collapse"]}),
        (
            _("Uitvoeringsopties"),
            {"fields": ["expires", "expire_seconds", "queue", "priority"], "classes": ["collapse"]},
        ),
    ]
    readonly_fields = ["last_run_at", "readable_schedule"]
    # The package's form template shows the schedule in words with an inline script the CSP refuses.
    change_form_template = None

    @admin.display(description=_("Wanneer"), ordering="crontab")
    def readable_schedule(self, task: PeriodicTask) -> str:
        return crontab_describe(task.crontab) if task.crontab else "-"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "crontab":
            field.label_from_instance = crontab_describe
        return field


@admin.register(CrontabSchedule)
class CrontabScheduleAdmin(beat_admin.ScheduleAdmin):
    list_display = ["readable_schedule", "minute", "hour", "day_of_week", "timezone"]
    fields = ["readable_schedule", "minute", "hour", "day_of_month", "month_of_year", "day_of_week", "timezone"]
    readonly_fields = ["readable_schedule"]

    @admin.display(description=_("Wanneer"))
    def readable_schedule(self, crontab: CrontabSchedule) -> str:
        return crontab_describe(crontab)


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
