from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from registers.models import Collaboration, Deliverable, Shortage, Supporter


@admin.register(Collaboration)
class CollaborationAdmin(SimpleHistoryAdmin):
    list_display = ["dutch_company", "partner", "kind", "stage", "started_on", "workstream"]
    list_filter = ["workstream", "stage", "kind"]
    search_fields = ["dutch_company", "partner", "event", "note"]
    autocomplete_fields = ["action"]
    readonly_fields = ["updated_by"]


@admin.register(Shortage)
class ShortageAdmin(SimpleHistoryAdmin):
    list_display = ["item", "category", "status", "severity", "affects_vaccines", "affects_medicines", "signalled_on"]
    list_filter = ["workstream", "status", "category", "severity", "nature"]
    search_fields = ["item", "products", "solution", "note"]
    readonly_fields = ["updated_by"]


@admin.register(Supporter)
class SupporterAdmin(SimpleHistoryAdmin):
    list_display = ["party", "sector", "confirmed_on", "confirmation", "workstream"]
    list_filter = ["workstream", "sector", "confirmation"]
    search_fields = ["party", "note"]
    readonly_fields = ["updated_by"]


@admin.register(Deliverable)
class DeliverableAdmin(SimpleHistoryAdmin):
    list_display = ["title", "workstream", "kpi", "due_on", "delivered_on"]
    list_filter = ["workstream"]
    search_fields = ["title", "note"]
    readonly_fields = ["updated_by"]
