"""A person's notifications (marked read on visit), following things, and the @mention picker."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from notifications import selectors, services
from taskforce.permissions import can_edit_anything, can_follow

# What can be followed, by the name in the URL (the feature apps' models, looked up by label, not imported).
FOLLOWABLE = {
    "action": "workstreams.Action",
    "workstream": "workstreams.Workstream",
    "recommendation": "recommendations.Recommendation",
}


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = selectors.notifications_for(request.user)
    # Read once seen: the list still shows which were new on this visit.
    services.notifications_read(user=request.user)
    return render(request, "notifications/list.html", {"notifications": notifications})


@require_POST
def follow(request: HttpRequest, model: str, pk: int) -> HttpResponse:
    if model not in FOLLOWABLE:
        raise Http404
    if not can_follow(request.user):
        raise PermissionDenied
    target = get_object_or_404(apps.get_model(FOLLOWABLE[model]), pk=pk)
    services.follow_set(user=request.user, target=target, following=request.POST.get("following") == "1")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = target.get_absolute_url()
    return redirect(back)


@require_GET
def people(request: HttpRequest) -> HttpResponse:
    """The picker's options: people who may read the item (unapproved updates: the taskforce only)."""
    if not can_edit_anything(request.user):
        raise PermissionDenied
    found = selectors.mentionable(request.GET.get("q", "")[:50], unapproved_update=request.GET.get("scope") == "update")
    return render(request, "notifications/_people.html", {"people": found})
