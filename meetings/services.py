"""Writes on meetings: saving one tells the people its minutes newly @mention."""

from __future__ import annotations

from django.db import transaction

from meetings.models import Meeting
from notifications.models import Kind
from notifications.services import mentioned_usernames, mentioned_users, notify
from taskforce.permissions import can_read_item


def meeting_save(*, form, user, workstream=None) -> Meeting:
    """Saves a valid MeetingForm (a new meeting gets `workstream`); only mentions that were not in the
    minutes before are told, so correcting a typo does not notify everyone again."""
    # From the database: a valid ModelForm already put the new minutes on its instance.
    saved = Meeting.objects.filter(pk=form.instance.pk).values_list("minutes", flat=True).first() or ""
    before = mentioned_usernames(saved)
    with transaction.atomic():
        meeting = form.save(commit=False)
        if meeting.pk is None:
            meeting.workstream = workstream
        meeting.save()
        form.save_m2m()
        mentioned = [person for person in mentioned_users(meeting.minutes) if person.username.lower() not in before]
        notify(
            kind=Kind.MENTIONED,
            users=mentioned,
            actor=user,
            target=meeting,
            url=f"{meeting.get_absolute_url()}#minutes",
            title=str(meeting),
            excerpt=meeting.minutes,
            may_read=can_read_item,
        )
    return meeting
