"""Writes on actions and memberships: each one a transaction, each one touching what it must."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from notifications.models import Kind
from notifications.services import followers, mentioned_users, notify
from taskforce.permissions import can_read_item
from taskforce.versioning import VersionConflict, lock_at_version
from workstreams.history import HistoryEntry, history_entries
from workstreams.models import Action, Membership, ProgressNote, Workstream

# The fields a person may set on an action through the forms.
EDITABLE_FIELDS = ("title", "description", "status", "owner", "due_date", "result", "evidence_url", "is_quick_win")


class ActionConflict(VersionConflict):
    """Somebody saved the action after this person loaded it: their save is refused."""

    def __init__(self, action: Action, changes: list[HistoryEntry]):
        super().__init__(action)
        self.action = action
        self.changes = changes


def _apply(action: Action, fields: dict) -> None:
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} cannot be set on an action")
        setattr(action, name, value)
    if action.status == Action.Status.DONE:
        action.completed_at = action.completed_at or timezone.now()
    else:
        action.completed_at = None


def action_create(*, workstream: Workstream, user, fields: dict, recommendations: Iterable = ()) -> Action:
    with transaction.atomic():
        action = Action(workstream=workstream, touched_at=timezone.now())
        _apply(action, fields)
        action._history_user = user
        action.save()
        if recommendations:
            action.recommendations.set(recommendations)
        if action.owner_id:
            notify(
                kind=Kind.ASSIGNED,
                users=[action.owner_id],
                actor=user,
                target=action,
                url=action.get_absolute_url(),
                title=action.title,
                may_read=can_read_item,
            )
    return action


def action_update(
    *,
    action_id: int,
    version: int,
    user,
    fields: dict,
    recommendations: Iterable | None = None,
) -> Action:
    """Saves only when the action is still at `version` (the one the person started from).

    The app's one optimistic lock (taskforce.versioning); a refusal is an ActionConflict, which carries
    what the other person changed.
    """
    with transaction.atomic():
        try:
            action = lock_at_version(Action.objects, pk=action_id, version=version)
        except VersionConflict as exc:
            raise ActionConflict(exc.current, history_entries(exc.current, after_version=version)) from None
        before = (action.owner_id, action.status)
        _apply(action, fields)
        action.version += 1
        action.touched_at = timezone.now()
        action._history_user = user
        action.save()
        if recommendations is not None:
            wanted = {rec.pk for rec in recommendations}
            # No mutation here: values_list(flat=True) without "pk" (mutmut's only change to this line that
            # survives) reads the first field, which is the primary key: the same set.
            if wanted != set(action.recommendations.values_list("pk", flat=True)):  # pragma: no mutate
                action.recommendations.set(wanted)
        _tell_about_change(action=action, user=user, owner_before=before[0], status_before=before[1])
    return action


def action_followers(action: Action) -> set[int]:
    """Who hears of an action's changes: its followers (its owner and its workstream's trekker by
    default) and the followers of its workstream."""
    trekkers = Membership.objects.filter(workstream_id=action.workstream_id, role=Membership.Role.TREKKER)
    trekker_ids = list(trekkers.values_list("user_id", flat=True))
    return followers(action, by_default=[action.owner_id, *trekker_ids]) | followers(
        action.workstream, by_default=trekker_ids
    )


def _tell_about_change(*, action: Action, user, owner_before: int | None, status_before: str) -> None:
    url = action.get_absolute_url()
    if action.owner_id and action.owner_id != owner_before:
        notify(
            kind=Kind.ASSIGNED,
            users=[action.owner_id],
            actor=user,
            target=action,
            url=url,
            title=action.title,
            may_read=can_read_item,
        )
    if action.status != status_before:
        notify(
            kind=Kind.STATUS_CHANGED,
            users=action_followers(action),
            actor=user,
            target=action,
            url=url,
            title=action.title,
            excerpt=str(action.get_status_display()),
            may_read=can_read_item,
        )


def note_add(*, action: Action, user, text: str = "", kind: str = ProgressNote.Kind.NOTE) -> ProgressNote:
    """A progress note or a "no change this week" check-in; either counts as looking at the action."""
    now = timezone.now()
    with transaction.atomic():
        note = ProgressNote.objects.create(action=action, author=user, kind=kind, text=text, created_at=now)
        # A plain update: a note is no edit, so it neither bumps the version nor writes history.
        Action.objects.filter(pk=action.pk).update(touched_at=now)
        notify(
            kind=Kind.MENTIONED,
            users=mentioned_users(text),
            actor=user,
            target=note,
            url=f"{action.get_absolute_url()}#note-{note.pk}",
            title=action.title,
            excerpt=text,
            may_read=can_read_item,
        )
    action.touched_at = now
    return note


def membership_add(*, workstream: Workstream, user, role: str) -> Membership:
    with transaction.atomic():
        if role == Membership.Role.TREKKER:
            _demote_trekker(workstream)
        return Membership.objects.create(workstream=workstream, user=user, role=role)


def membership_set_role(*, membership: Membership, role: str) -> Membership:
    with transaction.atomic():
        if role == Membership.Role.TREKKER and membership.role != role:
            _demote_trekker(membership.workstream)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def membership_remove(*, membership: Membership) -> None:
    membership.delete()


def _demote_trekker(workstream: Workstream) -> None:
    """A workstream has one trekker: naming a new one makes the old one a member."""
    # Saved one by one (there is one at most), not with update(), so that post_save (the audit log) hears of it.
    for old in Membership.objects.filter(workstream=workstream, role=Membership.Role.TREKKER):
        old.role = Membership.Role.MEMBER
        old.save(update_fields=["role"])
