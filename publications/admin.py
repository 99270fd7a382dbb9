from django.contrib import admin

from publications.models import Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "document_date", "organisation", "published_at", "revoked_at"]
    list_filter = ["category", "organisation"]
    readonly_fields = ["report", "token", "published_at", "published_by", "revoked_at", "revoked_by"]

    def has_change_permission(self, request, obj=None):
        return False  # Publishing and revoking go through the reports page, which keeps who and when.
