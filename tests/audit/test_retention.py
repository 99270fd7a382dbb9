"""Retention: old entries go to a JSON-lines archive with their hashes; the chain goes on from there."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command

from audit.models import ChainHead, Entry, Kind, content_hash
from audit.services import archive, record
from audit.tasks import archive_audit_log_task

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def archive_dir(settings, tmp_path):
    settings.AUDIT_RETENTION_DAYS = 730
    settings.AUDIT_ARCHIVE_DIR = str(tmp_path / "archief")
    return tmp_path / "archief"


def entries_at(*days_ago: int) -> None:
    for n, days in enumerate(days_ago):
        with time_machine.travel(NOW - dt.timedelta(days=days), tick=False):
            record(Kind.LOGIN, username=f"persoon{n}", text=f"{days} dagen geleden")


def verify(*args) -> None:
    call_command("verify_audit_log", *args, stdout=open("/dev/null", "w"))


def test_entries_older_than_the_retention_go_to_the_archive_with_their_hashes(archive_dir):
    entries_at(800, 760, 731, 729, 10)
    kept_hashes = dict(Entry.objects.values_list("seq", "hash"))
    with time_machine.travel(NOW, tick=False):
        count, path = archive()

    assert count == 3 and path == archive_dir / "audit-000000000001-000000000003.jsonl"
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["seq"] for line in lines] == [1, 2, 3]
    assert [line["hash"] for line in lines] == [kept_hashes[1], kept_hashes[2], kept_hashes[3]]
    assert all(content_hash({k: v for k, v in line.items() if k != "hash"}) == line["hash"] for line in lines)
    assert list(Entry.objects.order_by("seq").values_list("seq", flat=True)) == [4, 5, 6]
    head = ChainHead.objects.get()
    assert (head.anchor_seq, head.anchor_hash, head.anchor_file) == (3, kept_hashes[3], path.name)
    assert Entry.objects.get(seq=6).kind == Kind.ARCHIVED
    # What is left chains on the anchor, and the archive ends on it.
    verify()
    verify("--archive", str(archive_dir))


def test_a_second_run_archives_only_what_became_old_and_the_archives_join_up(archive_dir):
    entries_at(800, 700, 5)
    with time_machine.travel(NOW, tick=False):
        archive()
    with time_machine.travel(NOW + dt.timedelta(days=40), tick=False):
        count, path = archive()
    # The 700-day one only: the 5-day one after it stays, so everything after it stays too.
    assert count == 1 and path.name == "audit-000000000002-000000000002.jsonl"
    verify("--archive", str(archive_dir))


def test_an_edited_archive_line_is_found(archive_dir):
    entries_at(800, 760, 10)
    with time_machine.travel(NOW, tick=False):
        _count, path = archive()
    lines = path.read_text().splitlines()
    changed = json.loads(lines[1]) | {"username": "iemand-anders"}
    path.write_text("\n".join([lines[0], json.dumps(changed)]) + "\n")
    with pytest.raises(CommandError, match="Archive broken at entry #2: its content does not match its hash"):
        verify("--archive", str(archive_dir))
    verify()  # the database itself is still intact


def test_nothing_old_means_no_file(archive_dir):
    entries_at(10, 5)
    with time_machine.travel(NOW, tick=False):
        assert archive() == (0, None)
    assert not archive_dir.exists() and Entry.objects.count() == 2


def test_the_daily_task_archives(archive_dir):
    entries_at(900, 1)
    with time_machine.travel(NOW, tick=False):
        assert archive_audit_log_task.apply().get() == 1
    assert (archive_dir / "audit-000000000001-000000000001.jsonl").is_file()
