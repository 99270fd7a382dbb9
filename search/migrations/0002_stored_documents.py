"""A stored search document (`search_document`, tsvector) on the largest sources: actions, progress
notes and meetings, kept by a trigger, with a GIN index; it replaces 0001's expression indexes.

Computing to_tsvector for every matching row at query time made a common word ("vaccin") take seconds
at 5,000 actions and tens of thousands of notes: the expression index only finds the rows, ranking them
recomputed every document. A BEFORE INSERT OR UPDATE trigger fills the column in the same statement as
every write, whatever writes it: save(), bulk_create(), update(), imports, seeding, raw SQL. The column
is not a model field on purpose: Django never loads it with an action, note or meeting (pages that list
thousands would carry every document), simple-history's tables do not copy it, and SQLite's fallback,
which has no full text search, does without. search.selectors.STORED reads it.

PostgreSQL only; each document is the title fields weighted A and the body fields B, in the 'dutch' and
the 'simple' configuration, as search.selectors.document() builds it for the smaller sources.
"""

import importlib

from django.db import migrations

# (table, title columns, body columns); the search kind is the index's and trigger's name.
DOCUMENTS = {
    "action": ("workstreams_action", ("title",), ("description", "result")),
    "note": ("workstreams_progressnote", (), ("text",)),
    "meeting": ("workstreams_meeting", ("title",), ("agenda", "minutes", "decisions")),
}
OLD_INDEXES = ("search_action_document", "search_note_document", "search_meeting_document")


def expression(row: str, title: tuple[str, ...], body: tuple[str, ...]) -> str:
    parts = []
    for config in ("dutch", "simple"):
        for columns, weight in ((title, "A"), (body, "B")):
            if columns:
                text = " || ' ' || ".join(f"COALESCE({row}\"{column}\", '')" for column in columns)
                parts.append(f"setweight(to_tsvector('{config}'::regconfig, {text}), '{weight}')")
    return " || ".join(parts)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in OLD_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for kind, (table, title, body) in DOCUMENTS.items():
        columns = ", ".join(f'"{column}"' for column in (*title, *body))
        schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN search_document tsvector")
        schema_editor.execute(
            f"CREATE FUNCTION search_{kind}_document() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN NEW.search_document := {expression('NEW.', title, body)}; RETURN NEW; END $$"
        )
        # On UPDATE only when a searched column is written (Django's save() writes every column).
        schema_editor.execute(
            f"CREATE TRIGGER search_{kind}_document BEFORE INSERT OR UPDATE OF {columns} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION search_{kind}_document()"
        )
        schema_editor.execute(f"UPDATE {table} SET search_document = {expression('', title, body)}")
        schema_editor.execute(f"CREATE INDEX search_{kind}_document ON {table} USING gin (search_document)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind, (table, _title, _body) in DOCUMENTS.items():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS search_{kind}_document ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS search_{kind}_document()")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")
    importlib.import_module("search.migrations.0001_search_indexes").create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_indexes"),
        ("workstreams", "0004_action_quick_win"),
    ]

    operations = [migrations.RunPython(create, drop)]
