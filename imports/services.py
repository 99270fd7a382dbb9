"""Reading an uploaded actions spreadsheet into a preview, and applying it when its author confirms."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imports.models import ActionImport
from imports.preview import NotASpreadsheet, preview_rows
from imports.tasks import action_import_preview_task
from taskforce.models import User
from taskforce.permissions import can_edit_actions
from workstreams.models import Action
from workstreams.services import ActionConflict, action_update, note_add


class ImportRefused(Exception):
    """Nothing was saved; the message says why."""


def action_import_start(*, user, upload, filename: str) -> ActionImport:
    action_import = ActionImport(created_by=user, filename=filename)
    action_import.file.save(filename, upload, save=False)
    with transaction.atomic():
        action_import.save()
        transaction.on_commit(lambda: action_import_preview_task.delay(action_import.pk))
    return action_import


def action_import_preview(*, import_id: int) -> None:
    """Judges every row and stores the result; progress is written as it goes, for the page's bar."""
    claimed = ActionImport.objects.filter(pk=import_id, state=ActionImport.State.PENDING).update(
        state=ActionImport.State.RUNNING
    )
    if not claimed:  # a redelivered task: another run has it
        return
    action_import = ActionImport.objects.select_related("created_by").get(pk=import_id)

    def progress(done: int, total: int) -> None:
        ActionImport.objects.filter(pk=import_id).update(done=done, total=total)

    try:
        with action_import.file.open("rb") as handle:
            content = handle.read()
        rows = preview_rows(content, action_import.filename, user=action_import.created_by, progress=progress)
    except NotASpreadsheet as exc:
        ActionImport.objects.filter(pk=import_id).update(state=ActionImport.State.FAILED, error=str(exc))
        return
    ActionImport.objects.filter(pk=import_id).update(state=ActionImport.State.READY, rows=rows)


def _fields(row: dict) -> dict:
    fields = {}
    for change in row["changes"]:
        value = change["value"]
        if change["field"] == "due_date" and value:
            value = dt.date.fromisoformat(value)
        fields[change["field"]] = value
    return fields


def action_import_apply(*, action_import: ActionImport, user) -> int:
    """All changed rows in one transaction, through action_update (its version check) and note_add.

    Any row that fails its checks now (someone saved the action since the preview, or the person's rights
    changed) undoes the whole import: ImportRefused, nothing saved.
    """
    if action_import.state != ActionImport.State.READY:
        raise ImportRefused(_("Dit bestand is niet (meer) klaar om door te voeren."))
    rows = [row for row in action_import.rows if row["outcome"] == "changed"]
    with transaction.atomic():
        locked = ActionImport.objects.select_for_update().get(pk=action_import.pk)
        if locked.state != ActionImport.State.READY:
            raise ImportRefused(_("Dit bestand is al doorgevoerd."))
        actions = Action.objects.in_bulk([row["action_id"] for row in rows])
        owner_ids = {c["value"] for row in rows for c in row["changes"] if c["field"] == "owner" and c["value"]}
        owners = User.objects.in_bulk(owner_ids)
        for row in rows:
            action = actions[row["action_id"]]
            if not can_edit_actions(user, action.workstream_id):
                raise ImportRefused(
                    _("U mag actie %(id)s niet (meer) wijzigen: niets is opgeslagen.") % {"id": action.pk}
                )
            fields = _fields(row)
            if "owner" in fields:
                fields["owner"] = owners.get(fields["owner"]) if fields["owner"] else None
            if fields:
                try:
                    action = action_update(action_id=action.pk, version=row["version"], user=user, fields=fields)
                except ActionConflict:
                    raise ImportRefused(
                        _("Actie %(id)s is gewijzigd na het inlezen: niets is opgeslagen. Lees het bestand opnieuw in.")
                        % {"id": action.pk}
                    ) from None
            if row["note"]:
                note_add(action=action, user=user, text=row["note"])
        ActionImport.objects.filter(pk=action_import.pk).update(
            state=ActionImport.State.APPLIED, applied_at=timezone.now()
        )
    return len(rows)
