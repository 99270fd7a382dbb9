"""The workstream page lists actions 50 at a time; filters and sorting survive paging, the figures count all."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from workstreams.models import Action, Workstream
from workstreams.views import ACTIONS_PER_PAGE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py


def _titles(html: str) -> list[str]:
    start = html.index('id="ws-actions"')
    end = html.find("</section>", start)
    return re.findall(r'<a href="/workstreams/actions/\d+/">([^<]+)</a>', html[start:end])


@pytest.fixture
def verbinden(taskforce, member) -> Workstream:
    """Verbinden with 120 actions "Actie 000" to "Actie 119"; every third one blocked and overdue."""
    verbinden = Workstream.objects.get(slug="verbinden")
    Action.objects.filter(workstream=verbinden).delete()
    today = timezone.localdate()
    Action.objects.bulk_create(
        Action(
            workstream=verbinden,
            title=f"Actie {i:03}",
            owner=member,
            status=Action.Status.BLOCKED if i % 3 == 0 else Action.Status.IN_PROGRESS,
            due_date=today - dt.timedelta(days=1) if i % 3 == 0 else today + dt.timedelta(days=30),
            touched_at=timezone.now(),
        )
        for i in range(120)
    )
    return verbinden


def test_the_action_list_shows_fifty_actions_a_page_and_the_figures_count_them_all(client, member, verbinden):
    client.force_login(member)
    response = client.get(verbinden.get_absolute_url() + "?sort=title")
    html = response.content.decode()
    assert _titles(html) == [f"Actie {i:03}" for i in range(ACTIONS_PER_PAGE)]
    assert "120 acties van 120 getoond." in html
    assert "Pagina 1 van 3 (acties 1–50)." in html
    assert response.context["figures"].total == 120
    assert response.context["figures"].blocked == 40

    html = client.get(verbinden.get_absolute_url() + "?sort=title&pagina=3").content.decode()
    assert _titles(html) == [f"Actie {i:03}" for i in range(100, 120)]
    assert 'href="?sort=title&amp;pagina=2#ws-actions"' in html  # "Vorige" keeps the sorting
    assert 'aria-current="page">3<' in html


def test_paging_keeps_the_filters_and_counts_the_filtered_actions(client, member, verbinden):
    client.force_login(member)
    html = client.get(verbinden.get_absolute_url() + "?status=blocked&sort=title").content.decode()
    assert "40 acties van 120 getoond." in html
    assert _titles(html) == [f"Actie {i:03}" for i in range(0, 120, 3)]
    assert "pagination" not in html  # 40 blocked actions fit on one page

    html = client.get(verbinden.get_absolute_url() + "?due=later&sort=title&pagina=2").content.decode()
    assert "80 acties van 120 getoond." in html
    later = [f"Actie {i:03}" for i in range(120) if i % 3]
    assert _titles(html) == later[ACTIONS_PER_PAGE:]
    assert 'href="?due=later&amp;sort=title&amp;pagina=1#ws-actions"' in html


def test_a_page_number_out_of_range_or_nonsense_shows_a_page_not_an_error(client, member, verbinden):
    client.force_login(member)
    html = client.get(verbinden.get_absolute_url() + "?sort=title&pagina=99").content.decode()
    assert _titles(html)[0] == "Actie 100"
    html = client.get(verbinden.get_absolute_url() + "?sort=title&pagina=abc").content.decode()
    assert _titles(html)[0] == "Actie 000"
