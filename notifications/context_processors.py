"""The unread count beside the user menu: one cheap count, run only when a page shows the menu."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from notifications.models import Notification


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: Notification.objects.unread().filter(user=user).count())}
