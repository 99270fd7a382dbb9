"""Pages come from the cache only while nothing was written since they were rendered (taskforce/pagecache.py).

These tests commit (transaction=True): in a test's own transaction every write is uncommitted, and a
connection with uncommitted writes stores no page at all.
"""

import os
import subprocess
import sys

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from taskforce import pagecache
from tests.factories import make_action
from tests.workers import ROOT, subprocess_database_url
from workstreams.models import Action

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def action(verbinden, trekker):
    return make_action(verbinden, "Leveranciers in kaart brengen", owner=trekker)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _queries(client: Client, url: str, **extra) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_page_seen_twice_is_served_from_the_cache(trekker, action):
    client = _client(trekker)
    url = reverse("workstreams:action", args=[action.pk])
    first, rendered = _queries(client, url)
    second, cached = _queries(client, url)
    assert second == first.replace(_csrf(first), _csrf(second))
    assert cached < rendered


def test_a_write_in_another_process_shows_on_the_next_request(trekker, action):
    client = _client(trekker)
    url = reverse("workstreams:detail", args=[action.workstream.slug])
    assert "Leveranciers in kaart brengen" in client.get(url).content.decode()
    assert "Leveranciers in kaart brengen" in client.get(url).content.decode()  # now from the cache

    code = (
        "from workstreams.models import Action; "
        f"Action.objects.filter(pk={action.pk}).update(title='Fabrikanten benaderd')"
    )
    env = {**os.environ, "DATABASE_URL": subprocess_database_url(), "REDIS_URL": os.environ["REDIS_URL"]}
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True, timeout=120)

    page = client.get(url).content.decode()
    assert "Fabrikanten benaderd" in page
    assert "Leveranciers in kaart brengen" not in page


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda action: Action.objects.filter(pk=action.pk).update(title="Nieuw"), id="bulk update"),
        pytest.param(lambda action: Action.objects.filter(pk=action.pk).first().save(), id="save"),
        pytest.param(
            lambda action: connection.cursor().execute(
                f"UPDATE {Action._meta.db_table} SET title = %s WHERE id = %s", ["Nieuw", action.pk]
            ),
            id="raw SQL",
        ),
        pytest.param(lambda action: Action.objects.filter(pk=action.pk).delete(), id="delete"),
    ],
)
def test_every_kind_of_write_retires_the_cached_pages(trekker, action, write):
    client = _client(trekker)
    url = reverse("dashboard")
    client.get(url)
    before = pagecache.data_version()
    write(action)
    assert pagecache.data_version() != before
    _page, queries = _queries(client, url)
    assert queries > 3  # rendered again


def test_what_a_transaction_wrote_is_not_cached_before_it_commits(trekker, action):
    client = _client(trekker)
    url = reverse("workstreams:action", args=[action.pk])
    client.get(url)
    with transaction.atomic():
        Action.objects.filter(pk=action.pk).update(title="Nog niet vastgelegd")
        inside = client.get(url).content.decode()
        assert "Nog niet vastgelegd" in inside
        transaction.set_rollback(True)
    # Rolled back: neither the page rendered inside the transaction nor its title comes back.
    page = client.get(url).content.decode()
    assert "Nog niet vastgelegd" not in page
    assert "Leveranciers in kaart brengen" in page


def test_a_commit_retires_pages_read_while_it_was_open(trekker, action):
    version = pagecache.data_version()
    with transaction.atomic():
        Action.objects.filter(pk=action.pk).update(title="Vastgelegd")
        during = pagecache.data_version()
    assert during != version
    assert pagecache.data_version() != during


def test_each_person_and_language_has_their_own_page(trekker, member, action):
    url = reverse("dashboard")
    trekkers = _client(trekker)
    trekkers.get(url)
    members_page = _client(member).get(url).content.decode()
    assert member.get_full_name() in members_page or member.username in members_page
    # The language is the person's own choice, kept in their profile.
    trekker.language = "en"
    trekker.save(update_fields=["language"])
    assert 'lang="en"' in trekkers.get(url).content.decode()
    trekker.language = "nl"
    trekker.save(update_fields=["language"])
    assert 'lang="nl"' in trekkers.get(url).content.decode()


def _csrf(page: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_a_cached_page_carries_this_requests_csrf_token(trekker, action):
    client = Client(enforce_csrf_checks=True)
    client.force_login(trekker)
    url = reverse("workstreams:action", args=[action.pk])
    client.get(url)
    cached = client.get(url).content.decode()
    assert pagecache.CSRF_PLACEHOLDER not in cached
    # A fresh login gets a fresh token, which the cached page carries and the form's POST passes.
    client.logout()
    client.force_login(trekker)
    page = client.get(url).content.decode()
    token = _csrf(page)
    response = client.post(
        reverse("workstreams:action_note", args=[action.pk]), {"text": "Gebeld.", "csrfmiddlewaretoken": token}
    )
    assert response.status_code in (200, 302)
    assert action.notes.filter(text="Gebeld.").exists()


def test_a_message_is_shown_once_and_never_cached(trekker, action):
    client = _client(trekker)
    url = reverse("workstreams:action", args=[action.pk])
    client.get(url)
    client.get(url)  # cached
    assert client.post(reverse("workstreams:action_check_in", args=[action.pk])).status_code == 302
    notice = "Vastgelegd: geen wijziging deze week."
    assert notice in client.get(url).content.decode()
    assert notice not in client.get(url).content.decode()
    assert notice not in client.get(url).content.decode()


def test_pages_render_without_the_cache_when_it_is_away(settings, trekker, action):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    client = _client(trekker)
    url = reverse("workstreams:action", args=[action.pk])
    assert client.get(url).status_code == 200
    Action.objects.filter(pk=action.pk).update(title="Zonder cache")
    assert "Zonder cache" in client.get(url).content.decode()


def test_the_page_cache_can_be_turned_off(settings, trekker, action):
    settings.PAGE_CACHE_SECONDS = 0
    client = _client(trekker)
    url = reverse("workstreams:action", args=[action.pk])
    client.get(url)
    _page, queries = _queries(client, url)
    assert queries > 3


def test_the_api_reads_are_cached_per_person_after_their_own_checks(trekker, viewer, action):
    from tests.api.conftest import bearer

    url = reverse("api:action-detail", args=[action.pk])
    trekkers = bearer(trekker)
    assert trekkers.get(url).json()["title"] == "Leveranciers in kaart brengen"
    with CaptureQueriesContext(connection) as queries:
        assert trekkers.get(url).json()["title"] == "Leveranciers in kaart brengen"
    # From the cache: authenticating the token is all that is left.
    assert len(queries) <= 3
    Action.objects.filter(pk=action.pk).update(title="Fabrikanten benaderd")
    assert trekkers.get(url).json()["title"] == "Fabrikanten benaderd"
    # A token that no longer opens the API gets nothing from the cache.
    anonymous = bearer(viewer)
    anonymous.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert anonymous.get(url).status_code == 401
