"""The seeded taskforce, seeded once per test database and copied in for every test that asks for it.

Most tests start from the taskforce that `seed_taskforce` loads (about 450 queries). Each test database
runs the command once, keeps the rows it wrote in a schema of their own, and hands each test a copy in
two statements. The copy is what the command writes: the same rows and ids, with every timestamp moved
so the last one is "now" on the test's own clock (time-machine's, when it travels), as if the command
had just run. Where the copy could differ from a real run (the tables already hold rows, the start date
is another one) the command itself runs.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

SCHEMA = "seed_snapshot"


class _Rollback(Exception):
    pass


@dataclass(frozen=True)
class Snapshot:
    start_date: dt.date
    taken_at: dt.datetime  # "now" when the command had just finished
    tables: tuple[str, ...]  # those the command writes to
    any_rows_sql: str  # true when a table the copy fills already holds rows
    copy_sql: str  # every INSERT ... SELECT, then every sequence moved past the copied ids

    def restore(self) -> bool:
        """Copies the seeded rows in; False (and nothing written) when the tables are not empty."""
        with connection.cursor() as cursor:
            cursor.execute(self.any_rows_sql)
            if cursor.fetchone()[0]:
                return False
            cursor.execute(self.copy_sql, {"shift": timezone.now() - self.taken_at})
        return True


def seed(start_date: dt.date) -> None:
    call_command("seed_taskforce", start_date=start_date, stdout=open(os.devnull, "w"))


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _row_counts(cursor, tables: list[str]) -> dict[str, int]:
    cursor.execute(" UNION ALL ".join(f"SELECT {i}, count(*) FROM {_quote(t)}" for i, t in enumerate(tables)))
    return {tables[i]: count for i, count in cursor.fetchall()}


def take(start_date: dt.date) -> Snapshot | None:
    """Runs the command inside a transaction that is rolled back, keeping a copy of what it wrote.

    None when the copy could not stand for the command: a table it writes to held rows before.
    """
    if connection.vendor != "postgresql":
        return None
    tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
    dumps: dict[str, str] = {}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            before = _row_counts(cursor, tables)
            seed(start_date)
            taken_at = timezone.now()
            after = _row_counts(cursor, tables)
            written = [t for t in tables if after[t] != before[t]]
            # Nothing written (the data was there already) or written over rows that were: no copy to keep,
            # and the command's writes are rolled back either way.
            if written and not any(before[t] for t in written):
                for table in written:
                    buffer = io.StringIO()
                    cursor.cursor.copy_expert(f"COPY {_quote(table)} TO STDOUT", buffer)
                    dumps[table] = buffer.getvalue()
            raise _Rollback
    except _Rollback:
        pass
    if not dumps:
        return None

    inserts, sequences = [], []
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SCHEMA}")
        for table, dump in dumps.items():
            kept = f"{SCHEMA}.{_quote(table)}"
            cursor.execute(f"CREATE TABLE {kept} (LIKE {_quote(table)})")
            cursor.cursor.copy_expert(f"COPY {kept} FROM STDIN", io.StringIO(dump))
            cursor.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
                [table],
            )
            columns = cursor.fetchall()
            names = ", ".join(_quote(name) for name, _ in columns)
            values = ", ".join(
                f"{_quote(name)} + %(shift)s" if kind == "timestamp with time zone" else _quote(name)
                for name, kind in columns
            )
            inserts.append(f"INSERT INTO {_quote(table)} ({names}) SELECT {values} FROM {kept}")
            for sequence in connection.introspection.get_sequences(cursor, table):
                column = _quote(sequence["column"])
                sequences.append(
                    f"setval(pg_get_serial_sequence('{_quote(table)}', '{sequence['column']}'), "
                    f"(SELECT max({column}) FROM {_quote(table)}))"
                )
    any_rows = " OR ".join(f"EXISTS (SELECT 1 FROM {_quote(table)})" for table in dumps)
    copy_sql = "; ".join(inserts) + ("; SELECT " + ", ".join(sequences) if sequences else "")
    return Snapshot(
        start_date=start_date,
        taken_at=taken_at,
        tables=tuple(dumps),
        any_rows_sql=f"SELECT {any_rows}",
        copy_sql=copy_sql,
    )
