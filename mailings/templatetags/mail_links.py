"""`{{ action|absolute_url }}`: the one way a mail links to a page of the app (mail readers need the site)."""

from django import template

from mailings import mail

register = template.Library()


@register.filter
def absolute_url(obj) -> str:
    return mail.site_url(obj.get_absolute_url())
