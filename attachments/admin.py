from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from attachments.models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "purpose", "target_type", "target_id", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["purpose", "target_type"]
    search_fields = ["name"]
    readonly_fields = ["target_type", "target_id", "file", "mime_type", "size", "uploaded_by", "uploaded_at"]
