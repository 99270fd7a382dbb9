"""The current query string with one page parameter set, for pages of lists whose parameter is a variable."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, param: str, number: int) -> str:
    query = context["request"].GET.copy()
    query[param] = str(number)
    return f"?{query.urlencode()}"
