"""The main menu and which of its sections the current page belongs to (a context processor)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taskforce.permissions import can_read_audit_log

# (section, url name of its start page, label); frozen reports are reached from the dashboard.
SECTIONS = [
    ("my_work", "my_work", _("Mijn werk")),
    ("dashboard", "dashboard", _("Dashboard")),
    ("workstreams", "workstreams:list", _("Werkstromen")),
    ("recommendations", "recommendations:list", _("Aanbevelingen")),
    ("kpis", "kpis:list", _("KPI's")),
    ("registers", "registers:index", _("Registers")),
    ("meetings", "meetings:list", _("Vergaderingen")),
]
SECTION_OF_VIEW = {
    "my_work": "my_work",
    "search:search": None,
    "mail_preferences": "mail",
    "calendars:settings": "calendar",
    "api_tokens": "api_tokens",
    "twofactor:account": "twofactor",
    "audit:entries": "audit",
}


def section_of(view_name: str, namespace: str) -> str | None:
    if view_name in SECTION_OF_VIEW:
        return SECTION_OF_VIEW[view_name]
    if namespace in {"workstreams", "recommendations", "kpis", "registers", "meetings"}:
        return namespace
    if view_name.startswith(("dashboard", "report")):
        return "dashboard"
    return None


def menu(request) -> dict:
    match = request.resolver_match
    user = getattr(request, "user", None)
    if match is None or user is None or not user.is_authenticated:
        return {}
    current = section_of(match.view_name, match.namespace)
    items = [
        {
            "label": label,
            "url": reverse(url_name),
            # "page" on the section's start page itself, "true" anywhere else inside it.
            "current": ("page" if match.view_name == url_name else "true") if section == current else "",
        }
        for section, url_name, label in SECTIONS
        if not (section == "my_work" and user.is_viewer)
    ]
    return {"menu_items": items, "menu_section": current, "show_audit_log": can_read_audit_log(user)}
