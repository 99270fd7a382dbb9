from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "workstream", "starts_at"]
    list_filter = ["workstream"]
    search_fields = ["title", "minutes", "decisions"]
    filter_horizontal = ["attendees"]
    date_hierarchy = "starts_at"
