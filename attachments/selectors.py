"""What the pages show of attachments: the list beside an object, and the events in a timeline."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from attachments.forms import AttachmentForm
from attachments.models import Attachable, Attachment, content_type_of
from taskforce.models import User
from taskforce.permissions import can_read_attachments


def upload_url(target: Attachable) -> str:
    label = content_type_of(target).natural_key()
    return reverse("attachments:upload", args=[".".join(label), target.pk])


def attachments_for(targets: Iterable[Attachable]) -> dict[int, list[Attachment]]:
    """{object pk: its attachments, oldest first}, for objects of one model, in one query."""
    targets = list(targets)
    found: dict[int, list[Attachment]] = defaultdict(list)
    if not targets:
        return found
    rows = Attachment.objects.filter(
        target_type=content_type_of(targets[0]), target_id__in=[t.pk for t in targets]
    ).select_related("uploaded_by")
    for attachment in rows:
        found[attachment.target_id].append(attachment)
    return found


def attachment_panel(target: Attachable, user, form: AttachmentForm | None = None) -> dict:
    """The context of attachments/_list.html for one object and one person."""
    can_attach = target.can_attach(user)
    return {
        "attachments": attachments_for([target])[target.pk],
        "can_read": can_read_attachments(user, target.attachment_workstream_id),
        "can_attach": can_attach,
        "form": (form or AttachmentForm(purposes=target.attachment_purposes)) if can_attach else None,
        "upload_url": upload_url(target),
        "next": target.get_absolute_url(),
    }


@dataclass
class AttachmentEvent:
    """An attachment added to or removed from an object, for its timeline."""

    when: dt.datetime
    who: User | None
    name: str
    added: bool
    attachment_id: int
    kind: str = "attachment"


def attachment_events(target: Attachable) -> list[AttachmentEvent]:
    records = Attachment.history.filter(
        target_type=content_type_of(target), target_id=target.pk, history_type__in=["+", "-"]
    ).select_related("history_user")
    return [
        AttachmentEvent(
            when=record.history_date,
            who=record.history_user,
            name=record.name,
            added=record.history_type == "+",
            attachment_id=record.id,
        )
        for record in records
    ]
