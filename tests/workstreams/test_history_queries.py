"""An action's page and its htmx updates issue as many queries for 500 saves as for 5, and the
timeline shows the newest items with a link to the rest."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import Recommendation
from workstreams import services
from workstreams.models import Action, ProgressNote
from workstreams.views import TIMELINE_LIMIT

pytestmark = pytest.mark.django_db


def _save_until(action: Action, saves: int, member, trekker) -> None:
    """Saves that change the status, the owner and the recommendations, by two people in turn."""
    recs = list(Recommendation.objects.order_by("number")[:3])
    statuses = [Action.Status.IN_PROGRESS, Action.Status.BLOCKED, Action.Status.NOT_STARTED]
    while action.history.count() < saves:
        i = action.history.count()
        action.refresh_from_db()
        services.action_update(
            action_id=action.pk,
            version=action.version,
            user=member if i % 2 else trekker,
            fields={"status": statuses[i % 3], "owner": member if i % 2 else trekker},
            recommendations=recs[: 1 + i % 3],
        )


def _count(client, method: str, url: str, **options) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, **options)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize(
    ("method", "name", "data"),
    [
        ("get", "workstreams:action", None),
        ("post", "workstreams:action_check_in", {}),
        ("post", "workstreams:action_note", {"text": "Gebeld met het ministerie"}),
    ],
)
def test_action_page_and_htmx_updates_do_not_query_more_for_a_longer_history(
    client, member, trekker, action, method, name, data
):
    client.force_login(member)
    url = reverse(name, args=[action.pk])
    options = {"headers": {"HX-Request": "true"}} if method == "post" else {}
    if data is not None:
        options["data"] = data
    _save_until(action, 5, member, trekker)
    # The first post of a person on an action also makes them follow it (one insert): measure from the second.
    _count(client, method, url, **options)
    small, _html = _count(client, method, url, **options)
    _save_until(action, 500, member, trekker)
    large, html = _count(client, method, url, **options)
    assert action.history.count() >= 500
    assert large == small
    assert small <= 18  # 15, plus the unread-notification badge, attachments and the follow button
    assert "Geblokkeerd" in html  # the diffs are still there


def test_status_post_does_not_query_more_for_a_longer_history(client, member, trekker, action):
    client.force_login(member)
    url = reverse("workstreams:action_status", args=[action.pk])

    def post() -> int:
        action.refresh_from_db()
        # Both posts change the status, so both tell the action's followers (a fixed number of queries).
        status = "done" if action.status != "done" else "blocked"
        data = {"status": status, "result": "", "evidence_url": "", "version": action.version}
        count, _html = _count(client, "post", url, data=data, headers={"HX-Request": "true"})
        return count

    _save_until(action, 5, member, trekker)
    small = post()
    _save_until(action, 500, member, trekker)
    assert post() == small


def test_the_timeline_shows_the_newest_items_and_links_to_the_whole_history(client, member, trekker, action):
    _save_until(action, 10, member, trekker)
    for i in range(TIMELINE_LIMIT + 5):
        ProgressNote.objects.create(action=action, author=member, text=f"Notitie nummer {i}")
    client.force_login(member)

    html = client.get(action.get_absolute_url()).content.decode()
    timeline = html[html.index('data-testid="timeline"') :]
    assert timeline.count('class="list-group-item"') == TIMELINE_LIMIT
    assert f"Notitie nummer {TIMELINE_LIMIT + 4}<" in timeline
    assert "Notitie nummer 0<" not in timeline
    assert "Actie aangemaakt" not in timeline
    assert "?alles=1" in timeline and "Toon de hele geschiedenis" in timeline

    html = client.get(action.get_absolute_url() + "?alles=1").content.decode()
    timeline = html[html.index('data-testid="timeline"') :]
    assert "Notitie nummer 0<" in timeline
    assert "Actie aangemaakt" in timeline
    assert "Toon de hele geschiedenis" not in timeline


def test_a_short_timeline_has_no_link_to_the_whole_history(client, member, action):
    client.force_login(member)
    html = client.get(action.get_absolute_url()).content.decode()
    assert "Actie aangemaakt" in html
    assert "Toon de hele geschiedenis" not in html
