"""The stored search documents of actions, notes and meetings (search/migrations/0002) follow every
write, whatever path it takes, and a page of results costs the same number of queries at any size."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.urls import reverse

from meetings.models import Meeting
from search import selectors
from tests.factories import at, make_action, make_meeting
from workstreams.models import Action, ProgressNote
from workstreams.services import action_update, note_add

pytestmark = pytest.mark.django_db

stored = importlib.import_module("search.migrations.0002_stored_documents")


def _found(user, query, kind):
    return [hit.obj.pk for hit in selectors.search(user, query, kind=kind).hits]


def test_the_service_writes_of_an_import_are_found_at_once(member, verbinden):
    action = make_action(verbinden, "Koelcel plannen")
    action_update(action_id=action.pk, version=action.version, user=member, fields={"title": "Rotterdamse koelcel"})
    assert _found(member, "rotterdamse", "action") == [action.pk]
    assert _found(member, "plannen", "action") == []  # the old title is gone from the document
    note = note_add(action=Action.objects.get(pk=action.pk), user=member, text="Offerte van de aannemer binnen.")
    assert _found(member, "aannemer", "note") == [note.pk]


def test_bulk_creates_and_queryset_updates_are_found(member, verbinden):
    action = make_action(verbinden, "Vulstraat")
    notes = ProgressNote.objects.bulk_create(
        ProgressNote(action=action, author=member, text=f"Vulstraat stap {i}") for i in range(3)
    )
    assert sorted(_found(member, "vulstraat", "note")) == sorted(note.pk for note in notes)
    ProgressNote.objects.filter(pk=notes[0].pk).update(text="Lyofilisator geleverd")
    Action.objects.filter(pk=action.pk).update(result="Lyofilisator draait")
    assert _found(member, "lyofilisator", "note") == [notes[0].pk]
    assert _found(member, "lyofilisator", "action") == [action.pk]
    meeting = make_meeting("Weekoverleg", at(dt.date(2026, 11, 17)), verbinden)
    Meeting.objects.filter(pk=meeting.pk).update(decisions="Chromatograaf huren")
    assert _found(member, "chromatograaf", "meeting") == [meeting.pk]


def test_every_stored_document_is_what_the_migration_computes_from_its_row(taskforce, member, verbinden):
    """The trigger (on every insert: the seed's actions, a note, a meeting) and the migration's backfill agree."""
    note_add(action=Action.objects.first(), user=member, text="Eerste levering vaccins")
    make_meeting("Weekoverleg", at(dt.date(2026, 11, 17)), verbinden, agenda="Vriesdrogen", minutes="Besproken")
    with connection.cursor() as cursor:
        for table, title, body in stored.DOCUMENTS.values():
            cursor.execute(
                f"SELECT count(*), count(*) FILTER (WHERE search_document IS DISTINCT FROM "
                f"{stored.expression('', title, body)}) FROM {table}"
            )
            rows, stale = cursor.fetchone()
            assert rows and stale == 0, table
        cursor.execute("SELECT count(*) FROM workstreams_action WHERE search_document IS NULL")
        assert cursor.fetchone() == (0,)


def test_a_later_page_and_a_page_of_one_kind_take_as_many_queries_as_the_first(
    client, member, verbinden, django_assert_num_queries, django_assert_max_num_queries
):
    action = make_action(verbinden, "Afvullijn")
    ProgressNote.objects.bulk_create(
        ProgressNote(action=action, author=member, text=f"Afvullijn stap {i}") for i in range(45)
    )
    client.force_login(member)
    url = reverse("search:search")
    with django_assert_max_num_queries(25) as first:
        client.get(url, {"q": "afvullijn"})
    for params in ({"pagina": 3}, {"soort": "note", "pagina": 2}, {"soort": "action"}):
        with django_assert_num_queries(len(first.captured_queries)):
            response = client.get(url, {"q": "afvullijn", **params})
        assert response.status_code == 200
    html = client.get(url, {"q": "afvullijn", "soort": "note", "pagina": 3}).content.decode()
    assert "Pagina 3 van 3 (resultaten 41–45)." in html
    assert html.count("<mark>Afvullijn</mark>") == 5  # the five notes of the last page, each marked
    # A page past the end (a stale link) shows the last one.
    assert "Pagina 3 van 3 (resultaten 41–46)." in client.get(url, {"q": "afvullijn", "pagina": 99}).content.decode()
