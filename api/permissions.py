"""The API asks the same rules as the pages (taskforce.permissions); this module holds no rule of its own.

Each view names the rule that guards its writes (`write_rule(user, obj)`, and `create_rule(user, data)`
for a new object, from the validated data); reading is open to everyone logged in, as in the browser.
"""

from __future__ import annotations

from rest_framework import permissions

from taskforce.permissions import can_edit_anything


class TaskforceRules(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        # Viewers change nothing: refused before their request body is even read.
        return can_edit_anything(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        rule = getattr(view, "write_rule", None)
        return bool(rule and rule(request.user, obj))
