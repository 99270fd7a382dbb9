"""How many columns the one table of actions has, so its empty row spans exactly those."""

from django import template

register = template.Library()

# The flags of workstreams/_action_table.html that each add one column to the three it always has.
OPTIONAL_COLUMNS = ("show_workstream", "show_owner", "show_recommendations", "show_result", "show_touched")


@register.simple_tag(takes_context=True)
def action_table_columns(context) -> int:
    return 3 + sum(bool(context.get(flag)) for flag in OPTIONAL_COLUMNS)
