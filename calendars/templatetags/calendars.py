"""`{% personal_feed_urls as feed %}`: the signed-in person's feed addresses, for pages of the apps below
this one (the meetings page offers them) that cannot import it."""

from django import template

from calendars.models import CalendarFeed
from calendars.selectors import FeedUrls, personal_feed_urls

register = template.Library()


@register.simple_tag(takes_context=True, name="personal_feed_urls")
def personal_feed_urls_tag(context) -> FeedUrls | None:
    user = context["request"].user
    if not user.is_authenticated:
        return None
    return personal_feed_urls(CalendarFeed.for_user(user))
