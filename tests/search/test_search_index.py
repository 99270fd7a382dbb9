"""The GIN indexes of search/migrations/0002 on the stored documents are what PostgreSQL uses to find
matching actions, notes and meetings."""

import pytest
from django.db import connection

from search import selectors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["action", "note", "meeting"])
def test_the_search_of_a_large_source_uses_its_index(member, kind):
    source = selectors.KINDS[kind]
    queryset = (
        source.queryset(member)
        .annotate(search_vector=selectors._vector(source, member))
        .filter(search_vector=selectors.search_query("vriesdroger"))
        .order_by()
        .values("pk")
    )
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # The test tables are small: ask whether the planner can use the index, not whether it would.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # a GIN index is read by a bitmap scan
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"search_{kind}_document" in plan, plan
