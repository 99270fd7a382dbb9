"""The backup drill, as README "Backups" tells an operator to run it: `manage.py backup` of a populated
database with attachments, `createdb` and `manage.py restore` into a fresh database and an empty
storage, then the app under gunicorn on each, asked for the same pages by the same person (the same
session, which the backup holds): every response is the same, byte for byte, but for the CSRF tokens
and the CSP nonces, which are new on every response; every attachment is the same file.

It runs with the fault tests, after the rest: it starts the app twice under gunicorn and copies a whole
database, which the parallel run should not share its two cores with.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from attachments.models import Attachment
from attachments.services import attachment_add
from calendars.models import CalendarFeed
from dashboards.reports import progress_report_create
from kpis.models import KPI
from meetings.models import Meeting
from taskforce.models import Taskforce
from tests.factories import PDF_BYTES, make_shortage, upload
from tests.faults.conftest import Visitor
from tests.taskforce.test_backup import populate
from tests.workers import ROOT, subprocess_database_url
from workstreams.models import Action, Workstream

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.real_clock]

# A value that is new on every response, masked before comparing: the CSRF token in forms, in htmx's
# headers and in the meta tag scripts read it from, and the nonce of the Content-Security-Policy.
PER_RESPONSE = [
    re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+'),
    re.compile(rb'("X-CSRFToken"\s*:\s*")[^"]+'),
    re.compile(rb'(name="csrf-token" content=")[^"]+'),
    re.compile(rb'(nonce=")[^"]+'),
]


def masked(content: bytes) -> bytes:
    for pattern in PER_RESPONSE:
        content = pattern.sub(rb"\1<masked>", content)
    return content


def storage_options(location) -> str:
    return json.dumps({"location": str(location), "base_url": None})


def manage(*args: str, database_url: str, storage) -> str:
    """`python manage.py ...` as the operator runs it, on the given database and storage folder."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "FILE_STORAGE_OPTIONS": storage_options(storage),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def fresh_database():
    """A database of its own for the restore (`createdb`), dropped at the end."""
    name = f"{connection.settings_dict['NAME']}_restored"
    url = subprocess_database_url().rsplit("/", 1)[0] + f"/{name}"
    host = ["-h", connection.settings_dict["HOST"] or "127.0.0.1", "-U", connection.settings_dict["USER"] or "postgres"]
    subprocess.run(["dropdb", *host, "--if-exists", "--force", name], check=True)
    subprocess.run(["createdb", *host, name], check=True)
    yield url
    subprocess.run(["dropdb", *host, "--if-exists", "--force", name], check=True)


def attach(target, user, name: str, content: bytes, purpose: str = "document") -> Attachment:
    return attachment_add(
        target=target, user=user, upload=upload(name, content), name=name, mime_type="application/pdf", purpose=purpose
    )


@pytest.fixture
def tmp_path() -> Iterator[Path]:
    """A folder of the test's own under test-artifacts/, not pytest's: on a machine shared by several
    test runs, another run's clean-up of old pytest folders may remove that while this test runs."""
    path = ROOT / "test-artifacts" / f"run-{uuid.uuid4().hex}"
    path.mkdir(parents=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def file_storage(settings, tmp_path) -> Path:
    """The original installation's storage, in the folder above."""
    location = tmp_path / "storage"
    default = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(location)}}
    settings.STORAGES = {**settings.STORAGES, "default": default}
    return location


def test_a_restored_backup_serves_the_same_pages_and_files(roles, file_storage, tmp_path, fresh_database, gunicorn):
    secretariat = roles["secretariat"]
    populate(roles)
    action = Action.objects.get(seed_key="verbinden-1")
    meeting = Meeting.objects.get(decisions="Besluit 1")
    big = PDF_BYTES + os.urandom(300_000)  # bytes of every value, larger than one read
    attachments = [
        attach(action, roles["member"], "besluit.pdf", big),
        attach(meeting, secretariat, "verslag.pdf", PDF_BYTES + b"Verslag", purpose="minutes"),
    ]
    shortage = make_shortage(Workstream.objects.get(slug="voorkomen"), item="Glazen flacons")
    attachments.append(attach(shortage, secretariat, "offerte.pdf", PDF_BYTES + b"Offerte"))
    attach(action, roles["member"], "oud.pdf", PDF_BYTES).delete()  # removed: its history row stays
    frozen = progress_report_create(taskforce=Taskforce.current(), user=secretariat)
    # The person who compares the pages, logged in before the backup: the backup holds the session.
    original_reader = Visitor("", secretariat, host="127.0.0.1")
    # ...and has opened the meetings page before, which made their calendar address (a page's first
    # visit after the backup would make a different one on each side).
    feed = CalendarFeed.for_user(secretariat)

    archive = tmp_path / "taskforce.tar"
    began = time.monotonic()
    backup_output = manage("backup", str(archive), database_url=subprocess_database_url(), storage=file_storage)
    backed_up = time.monotonic()
    empty_storage = tmp_path / "restored-storage"
    restore_output = manage("restore", str(archive), database_url=fresh_database, storage=empty_storage)
    restored = time.monotonic()
    assert "3 files" in backup_output and "3 files" in restore_output

    original = gunicorn(FILE_STORAGE_OPTIONS=storage_options(file_storage))
    copy = gunicorn(DATABASE_URL=fresh_database, FILE_STORAGE_OPTIONS=storage_options(empty_storage))
    original_reader.base_url = original
    copy_reader = Visitor(copy, session_key=original_reader.session_key, host="127.0.0.1")
    kpi = KPI.objects.first()
    pages = [
        reverse("home"),
        reverse("dashboard"),
        reverse("dashboard_workstream", args=["verbinden"]),
        reverse("workstreams:list"),
        reverse("workstreams:detail", args=["verbinden"]),
        reverse("workstreams:action", args=[action.pk]),
        reverse("kpis:list"),
        reverse("kpis:detail", args=[kpi.pk]),
        reverse("registers:index"),
        reverse("registers:workstream", args=["voorkomen"]),
        reverse("registers:list", args=["voorkomen", "shortages"]),
        reverse("registers:edit", args=["voorkomen", "shortages", shortage.pk]),
        reverse("meetings:list"),
        reverse("meetings:detail", args=[meeting.pk]),
        reverse("calendars:personal_feed", args=[feed.token]),
        reverse("calendars:meeting_ics", args=[meeting.pk]),
        reverse("reports"),
        reverse("report_frozen", args=[frozen.token]),
        reverse("report_frozen_pdf", args=[frozen.token]),
        *[reverse("attachments:download", args=[a.pk]) for a in attachments],
        "/api/actions/",
        "/api/kpis/",
        "/api/meetings/",
    ]

    differences, compared = [], 0
    for path in pages:
        first, second = original_reader.get(path), copy_reader.get(path)
        assert (first.status, second.status) == (200, 200), (path, first.status, second.status)
        assert first.content_type == second.content_type, path
        if masked(first.content) != masked(second.content):
            differences.append(path)
            # Both sides kept, to diff by hand.
            folder = ROOT / "test-artifacts" / "backup-drill"
            folder.mkdir(parents=True, exist_ok=True)
            slug = path.strip("/").replace("/", "-") or "home"
            (folder / f"{slug}-original").write_bytes(first.content)
            (folder / f"{slug}-restored").write_bytes(second.content)
        compared += len(first.content)
    assert differences == []

    for attachment in attachments:
        name = attachment.file.name
        assert (empty_storage / name).read_bytes() == (file_storage / name).read_bytes()
        download = copy_reader.get(reverse("attachments:download", args=[attachment.pk]))
        assert download.content == (file_storage / name).read_bytes()
    pdf = copy_reader.get(reverse("report_frozen_pdf", args=[frozen.token]))
    assert pdf.content == bytes(frozen.pdf) and pdf.content.startswith(b"%PDF")

    figures = {
        "pages_compared": len(pages),
        "bytes_compared": compared,
        "differences": len(differences),
        "files_restored": len(attachments),
        "archive_bytes": archive.stat().st_size,
        "backup_seconds": round(backed_up - began, 1),
        "restore_seconds": round(restored - backed_up, 1),
    }
    print(f"\nbackup drill figures: {json.dumps(figures)}")
    (ROOT / "test-artifacts" / "backup-drill.json").write_text(json.dumps(figures, indent=1) + "\n")
