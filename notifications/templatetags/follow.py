"""{% follow_button target "action" %}: the follow / unfollow button on the pages of what can be followed."""

from __future__ import annotations

from django import template

from notifications import services
from taskforce.permissions import can_follow, is_trekker

register = template.Library()


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context, target, model: str) -> dict:
    request = context["request"]
    user = request.user
    if not can_follow(user):
        return {"show": False}
    # Owners and trekkers follow by default (until they choose not to).
    by_default = getattr(target, "owner_id", None) == user.pk
    workstream_id = target.pk if model == "workstream" else getattr(target, "workstream_id", None)
    if workstream_id:
        by_default = by_default or is_trekker(user, workstream_id)
    return {
        "show": True,
        "following": services.is_following(user=user, target=target, by_default=by_default),
        "model": model,
        "target": target,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
