"""The KPI standing as a badge: `{% include "kpis/_standing.html" with standing=... %}`."""

from django import template

from kpis.models import STANDING_COLOURS, Standing

register = template.Library()


@register.filter
def standing_label(standing: str) -> str:
    return Standing(standing).label


@register.filter
def standing_colour(standing: str) -> str:
    return STANDING_COLOURS[Standing(standing)]
