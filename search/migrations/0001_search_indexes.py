"""GIN indexes over the text search expression of the largest sources (actions, notes, meetings).

PostgreSQL only (SQLite has no full text search; its fallback scans). Each expression is the SQL that
search.selectors.document() compiles to for that source, so the planner matches the search's WHERE
clause to it; tests/search/test_search_index.py checks that it still does.
"""

from django.db import migrations

INDEXES = [
    (
        "search_action_document",
        "workstreams_action",
        "(((setweight(to_tsvector('dutch'::regconfig, COALESCE(\"title\", '')), 'A') || "
        "setweight(to_tsvector('dutch'::regconfig, COALESCE(\"description\", '') || ' ' || COALESCE(\"result\", '')), 'B')) || "
        "setweight(to_tsvector('simple'::regconfig, COALESCE(\"title\", '')), 'A')) || "
        "setweight(to_tsvector('simple'::regconfig, COALESCE(\"description\", '') || ' ' || COALESCE(\"result\", '')), 'B'))",
    ),
    (
        "search_note_document",
        "workstreams_progressnote",
        "(setweight(to_tsvector('dutch'::regconfig, COALESCE(\"text\", '')), 'B') || "
        "setweight(to_tsvector('simple'::regconfig, COALESCE(\"text\", '')), 'B'))",
    ),
    (
        "search_meeting_document",
        "workstreams_meeting",
        "(((setweight(to_tsvector('dutch'::regconfig, COALESCE(\"title\", '')), 'A') || "
        "setweight(to_tsvector('dutch'::regconfig, COALESCE(\"agenda\", '') || ' ' || COALESCE(\"minutes\", '') || ' ' || "
        "COALESCE(\"decisions\", '')), 'B')) || "
        "setweight(to_tsvector('simple'::regconfig, COALESCE(\"title\", '')), 'A')) || "
        "setweight(to_tsvector('simple'::regconfig, COALESCE(\"agenda\", '') || ' ' || COALESCE(\"minutes\", '') || ' ' || "
        "COALESCE(\"decisions\", '')), 'B'))",
    ),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, expression in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("workstreams", "0002_meeting_snapshot_to_their_apps"),
        ("meetings", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
