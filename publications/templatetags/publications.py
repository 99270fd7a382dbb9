"""The publication state of the reports listed on the dashboards' reports page, in one query.

The reports page belongs to dashboards, which sits below this app and so cannot import it; its template
asks this tag instead."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from publications.models import Publication
from taskforce.permissions import can_publish_report

register = template.Library()


@dataclass
class State:
    live: Publication | None = None
    revoked: Publication | None = None  # the latest revoked one


@register.simple_tag(takes_context=True)
def publication_states(context, reports) -> dict:
    """{"states": {report id: State}, "can_publish": whether this person may publish and revoke}."""
    states: dict[int, State] = {}
    # Newest first, so the first revoked one seen is the latest.
    for publication in Publication.objects.filter(report__in=[r.pk for r in reports]):
        state = states.setdefault(publication.report_id, State())
        if publication.is_live:
            state.live = publication
        elif state.revoked is None:
            state.revoked = publication
    return {"states": states, "can_publish": can_publish_report(context["request"].user)}


@register.filter
def state_of(publications: dict, report) -> State:
    return publications["states"].get(report.pk) or State()
