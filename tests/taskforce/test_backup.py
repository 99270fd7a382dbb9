"""A JSON backup round-trips a populated database; the tar of `manage.py backup` refuses what it cannot restore."""

import datetime as dt
import io
import json
import os
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kpis.models import KPI, Measurement
from meetings.models import Meeting
from taskforce.backup import backup_labels
from workstreams.models import Action, ProgressNote

pytestmark = pytest.mark.django_db(transaction=True)


def plain(value):
    # Django's JSON serializer keeps datetimes to the millisecond, as dumpdata always has.
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000).isoformat()
    return str(value)


def table_contents() -> dict[str, list]:
    """Every row of every backed-up model, as plain data, for comparison."""
    from django.apps import apps

    contents = {}
    for label in backup_labels():
        models = [apps.get_model(label)] if "." in label else apps.get_app_config(label).get_models()
        for model in models:
            contents[model._meta.label] = sorted(
                json.dumps(_by_natural_key(row), sort_keys=True, default=plain) for row in model.objects.values()
            )
    return contents


def _by_natural_key(row: dict) -> dict:
    # Content types are made afresh on a new database (other ids); the backup names them by natural key.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for key in [k for k in row if k.endswith("target_type_id")]:
        row[key] = ContentType.objects.get_for_id(row[key]).natural_key()
    return row


def populate(roles) -> None:
    action = Action.objects.get(seed_key="verbinden-1")
    action.status = Action.Status.IN_PROGRESS
    action.owner = roles["member"]
    action.save()
    ProgressNote.objects.create(action=action, author=roles["member"], text="Eerste inventarisatie — 12 bedrijven")
    Measurement.objects.create(kpi=KPI.objects.first(), value=3, recorded_by=roles["trekker"], note="Ünïcode ✓")
    meeting = Meeting.objects.create(title="Taskforce", starts_at="2026-11-10T10:00+01:00", decisions="Besluit 1")
    meeting.attendees.set([roles["trekker"], roles["taskforce"]])


def test_export_then_import_restores_every_row(roles, tmp_path):
    populate(roles)
    before = table_contents()
    assert before["workstreams.HistoricalAction"], "history rows are part of the backup"
    path = tmp_path / "backup.json"
    call_command("export_data", str(path))

    with pytest.raises(CommandError, match="--replace"):
        call_command("import_data", str(path))

    Action.objects.filter(seed_key="verbinden-2").update(title="Changed after the backup")
    call_command("import_data", str(path), replace=True)

    assert table_contents() == before


def test_attachments_and_their_files_survive_a_backup_and_restore(roles, tmp_path, file_storage):
    from django.core.files.storage import default_storage

    from attachments.models import Attachment
    from attachments.services import attachment_add
    from tests.factories import PDF_BYTES, upload

    action = Action.objects.get(seed_key="verbinden-1")
    kept = attachment_add(
        target=action,
        user=roles["member"],
        upload=upload("besluit.pdf"),
        name="besluit.pdf",
        mime_type="application/pdf",
        purpose="document",
    )
    removed = attachment_add(
        target=action,
        user=roles["member"],
        upload=upload("oud.pdf"),
        name="oud.pdf",
        mime_type="application/pdf",
        purpose="document",
    )
    removed.delete()
    before = table_contents()
    path = tmp_path / "backup.json"
    call_command("export_data", str(path))
    assert (tmp_path / "backup.json.files" / kept.file.name).read_bytes() == PDF_BYTES

    # A new installation: other storage, an emptied database.
    default_storage.delete(kept.file.name)
    call_command("import_data", str(path), replace=True)

    assert table_contents() == before
    restored = Attachment.objects.get()
    assert restored.target == action and restored.file.name == kept.file.name
    assert default_storage.open(restored.file.name).read() == PDF_BYTES
    assert Attachment.history.filter(name="oud.pdf", history_type="-").exists()


# The tar of `manage.py backup` (the drill that restores one is tests/faults/test_backup_drill.py).


@pytest.fixture
def archive(roles, tmp_path):
    from attachments.services import attachment_add
    from tests.factories import upload

    attachment_add(
        target=Action.objects.get(seed_key="verbinden-1"),
        user=roles["member"],
        upload=upload("besluit.pdf"),
        name="besluit.pdf",
        mime_type="application/pdf",
        purpose="document",
    )
    path = tmp_path / "taskforce.tar"
    call_command("backup", str(path), stdout=open(os.devnull, "w"))
    return path


def test_a_backup_holds_the_dump_the_files_and_their_checksums(archive):
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        assert tar.extractfile("database.dump").read(5) == b"PGDMP"  # pg_dump's custom format
    [name] = manifest["files"]
    assert names == ["database.dump", f"files/{name}", "manifest.json"]


def test_restore_refuses_a_database_that_has_tables(archive, settings, tmp_path):
    empty = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "new")}}
    settings.STORAGES = {**settings.STORAGES, "default": empty}
    with pytest.raises(CommandError, match="already has tables; restore into a new one"):
        call_command("restore", str(archive))


def test_restore_refuses_a_storage_that_already_holds_a_file(archive):
    # The test's storage still holds the file the backup copied.
    with pytest.raises(CommandError, match="The storage already holds attachments/"):
        call_command("restore", str(archive))


def test_restore_refuses_a_damaged_archive_before_touching_anything(archive, tmp_path):
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name.startswith("files/"):
                content = content.replace(b"PDF", b"FDP")
            target.addfile(member, io.BytesIO(content))
    with pytest.raises(CommandError, match="does not match its checksum: the archive is damaged"):
        call_command("restore", str(damaged))


def test_restore_says_what_is_wrong_with_a_file_that_is_not_a_backup(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("not a backup")
    with pytest.raises(CommandError, match="is not a backup written by `manage.py backup`"):
        call_command("restore", str(other))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing.tar"))


def test_a_backup_refuses_when_a_row_points_at_a_file_the_storage_lacks(archive, tmp_path):
    from django.core.files.storage import default_storage

    from attachments.models import Attachment

    default_storage.delete(Attachment.objects.get().file.name)
    with pytest.raises(CommandError, match="which the storage does not hold; nothing was written"):
        call_command("backup", str(tmp_path / "second.tar"))
    assert not (tmp_path / "second.tar").exists() and not (tmp_path / "second.tar.partial").exists()
