from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from recommendations.models import Recommendation, RecommendationOwner


class OwnerInline(admin.TabularInline):
    model = RecommendationOwner
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "theme", "tracking", "last_signal_date"]
    list_filter = ["theme", "tracking", "workstreams"]
    search_fields = ["title", "owners__short_name"]
    filter_horizontal = ["workstreams"]
    inlines = [OwnerInline]
