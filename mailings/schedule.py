"""A crontab of the schedule in words ("elke maandag om 08:00", "elke 2 minuten"), for the admin.

cron-descriptor (django-celery-beat's `human_readable`) has a Dutch locale, but it leaves the weekdays
in English ("Om 08:00, alleen op Monday"); this covers the shapes `setup_schedule` makes and the
secretariat is likely to set (every N minutes; a time on every day or on some weekdays) and shows
anything else as the cron fields themselves.
"""

from django.conf import settings
from django.utils.dates import WEEKDAYS
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _weekday(cron_day: str) -> str | None:
    """Cron counts Sunday as 0 (and 7), Django's WEEKDAYS Monday as 0."""
    if not cron_day.isdigit() or int(cron_day) > 7:
        return None
    return str(WEEKDAYS[(int(cron_day) - 1) % 7])


def _in_words(minute: str, hour: str, day_of_month: str, month_of_year: str, day_of_week: str) -> str | None:
    if day_of_month != "*" or month_of_year != "*":
        return None
    if hour == "*" and day_of_week == "*" and minute.isdigit() and int(minute) < 60:
        # Hourly ("0 * * * *"): the notification bundles.
        if int(minute) == 0:
            return _("elk uur, op het hele uur")
        return ngettext(
            "elk uur, %(count)d minuut over het uur", "elk uur, %(count)d minuten over het uur", int(minute)
        ) % {"count": int(minute)}
    if hour == "*" and day_of_week == "*":
        every = 1 if minute == "*" else int(minute[2:]) if minute.startswith("*/") and minute[2:].isdigit() else 0
        if every:
            return ngettext("elke minuut", "elke %(count)d minuten", every) % {"count": every}
        return None
    first, _dash, last = hour.partition("-")
    if day_of_week == "*" and minute.isdigit() and int(minute) < 60 and first.isdigit() and last.isdigit():
        # An hourly job within working hours ("0 8-18 * * *"): the update reminders.
        return _("elk uur van %(first)s tot %(last)s") % {
            "first": f"{int(first):02d}:{int(minute):02d}",
            "last": f"{int(last):02d}:{int(minute):02d}",
        }
    if not (minute.isdigit() and hour.isdigit() and int(minute) < 60 and int(hour) < 24):
        return None
    time = f"{int(hour):02d}:{int(minute):02d}"
    if day_of_week == "*":
        return _("elke dag om %(time)s") % {"time": time}
    days = [_weekday(day) for day in day_of_week.split(",")]
    if None in days:
        return None
    return _("elke %(days)s om %(time)s") % {"days": get_text_list(days, _("en")), "time": time}


def crontab_describe(crontab) -> str:
    """The crontab in the current language; its time zone is named when it is not the app's own."""
    fields = (crontab.minute, crontab.hour, crontab.day_of_month, crontab.month_of_year, crontab.day_of_week)
    words = _in_words(*(str(field).replace(" ", "") for field in fields))
    if words is None:
        words = _("cron-schema %(fields)s") % {"fields": " ".join(fields)}
    if str(crontab.timezone) != settings.TIME_ZONE:
        words = f"{words} ({crontab.timezone})"
    return words
