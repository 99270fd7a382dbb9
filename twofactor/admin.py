"""Lost phone and codes: the secretariat deletes the person's app and backup codes here; nothing is shown
of the key or the codes, and nothing is added or changed (a person sets up their own)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor.models import AuthenticatorApp, BackupCodes

admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


class DeviceAdmin(admin.ModelAdmin):
    list_display = ("user", "confirmed", "created_at", "last_used_at", "throttling_failure_count")
    list_filter = ("confirmed",)
    list_select_related = ("user",)
    search_fields = ("user__username", "user__email", "user__last_name")
    fields = ("user", "confirmed", "created_at", "last_used_at", "throttling_failure_count")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.register(AuthenticatorApp, DeviceAdmin)
admin.site.register(BackupCodes, DeviceAdmin)
