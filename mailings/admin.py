from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mailings import mail
from mailings.models import Delivery


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
