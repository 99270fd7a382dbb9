"""Euro amounts the way each language writes them: "€ 1.234,56" in Dutch, "€1,234.56" in English."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()


@register.filter
def euro(value) -> str:
    if value is None or value == "":
        return ""
    number = number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)
    return f"€\u00a0{number}" if (get_language() or "nl").startswith("nl") else f"€{number}"
