"""The GIN indexes of search/migrations/0001 are what PostgreSQL uses to find matching actions, notes and
meetings: if search.selectors.document() changes, this fails until a migration indexes the new expression."""

import pytest
from django.db import connection

from search import selectors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["action", "note", "meeting"])
def test_the_search_of_a_large_source_uses_its_index(member, kind):
    source = selectors.KINDS[kind]
    queryset = (
        source.queryset(member)
        .annotate(search_vector=selectors.document(source.title, source.body_for(member)))
        .filter(search_vector=selectors.search_query("vriesdroger"))
        .values("pk")
    )
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test tables are small; ask whether it can
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"search_{kind}_document" in plan, plan
