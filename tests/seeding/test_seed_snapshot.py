"""The `taskforce` fixture's copy of the seed holds exactly what the command writes."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests import seed_snapshot
from tests.conftest import START
from workstreams.models import Action

pytestmark = pytest.mark.django_db
TIMESTAMPTZ = 1184  # PostgreSQL's type oid


def _rows() -> dict[str, list[str]]:
    """Every row of every non-empty table, sorted, without ids, references and timestamps: those differ
    from run to run of the command (new ids, another moment)."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            kept = [
                i
                for i, column in enumerate(cursor.description)
                if column.type_code != TIMESTAMPTZ and not column.name.endswith("id")
            ]
            rows = sorted(repr(tuple(row[i] for i in kept)) for row in cursor.fetchall())
            if rows:
                tables[table] = rows
    return tables


def test_the_copy_holds_the_rows_the_command_writes(_seeded_once):
    assert _seeded_once is not None, "the seed could not be kept"
    seed_snapshot.seed(START)
    seeded = _rows()
    with connection.cursor() as cursor:
        tables = ", ".join(connection.ops.quote_name(t) for t in _seeded_once.tables)
        # The deferred foreign-key checks must run before TRUNCATE may empty the tables.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {tables} CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert _seeded_once.restore()
    assert _rows() == seeded


def test_the_command_finds_everything_of_the_copy_in_place(_seeded_once):
    assert _seeded_once.restore()
    out = io.StringIO()
    call_command("seed_taskforce", start_date=START, stdout=out)
    assert "Seed: 0 object(s) created" in out.getvalue()


def test_the_copy_refuses_tables_that_already_hold_rows(_seeded_once):
    assert _seeded_once.restore()
    assert not _seeded_once.restore()


def test_the_copys_timestamps_end_at_the_tests_own_now(_seeded_once):
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC), tick=False):
        assert _seeded_once.restore()
        latest = Action.objects.latest("touched_at").touched_at
        earliest = Action.objects.earliest("touched_at").touched_at
        assert latest <= timezone.now()
        assert timezone.now() - earliest < dt.timedelta(minutes=5)
    history = Action.history.order_by("history_date").last()
    assert history.history_date.date() == dt.date(2026, 11, 24)


def test_new_rows_after_the_copy_get_fresh_ids(_seeded_once):
    assert _seeded_once.restore()
    first = Action.objects.order_by("id").first()
    copy = Action.objects.create(
        workstream=first.workstream, title="Nieuw", description="", position=99, due_date=first.due_date
    )
    assert copy.pk > Action.objects.exclude(pk=copy.pk).order_by("-id").first().pk
