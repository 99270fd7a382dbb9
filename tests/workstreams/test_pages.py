"""Mijn werk, the workstream page (filters, sorting, status, KPIs, members) and search."""

import datetime as dt
import re
import threading
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from kpis.models import Measurement
from meetings.models import Meeting
from workstreams import services
from workstreams.models import Action, Membership, Workstream

pytestmark = pytest.mark.django_db

TUESDAY = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)  # week 4


def _titles(html: str, section_id: str) -> list[str]:
    start = html.index(f'id="{section_id}"')
    end = html.find("</section>", start)
    return re.findall(r'<a href="/workstreams/actions/\d+/">([^<]+)</a>', html[start:end])


def _make(workstream, title, owner=None, due=None, status="not_started", touched_days_ago=0):
    return Action.objects.create(
        workstream=workstream,
        title=title,
        owner=owner,
        due_date=due,
        status=status,
        touched_at=timezone.now() - dt.timedelta(days=touched_days_ago),
    )


def test_my_work_groups_overdue_this_week_and_the_rest_by_status(client, member):
    verbinden = Workstream.objects.get(slug="verbinden")
    with time_machine.travel(TUESDAY, tick=False):
        _make(verbinden, "Te laat", member, dt.date(2026, 11, 20))
        _make(verbinden, "Deze week", member, dt.date(2026, 11, 29))
        _make(verbinden, "Geblokkeerd later", member, dt.date(2026, 12, 20), "blocked")
        _make(verbinden, "Bezig later", member, dt.date(2026, 12, 10), "in_progress", touched_days_ago=15)
        _make(verbinden, "Al klaar", member, dt.date(2026, 11, 20), "done")
        _make(verbinden, "Van een ander", None, dt.date(2026, 11, 20))
        client.force_login(member)
        html = client.get(reverse("my_work")).content.decode()
    assert _titles(html, "overdue") == ["Te laat"]
    assert _titles(html, "this-week") == ["Deze week"]
    assert _titles(html, "status-blocked") == ["Geblokkeerd later"]
    assert _titles(html, "status-in_progress") == ["Bezig later"]
    assert html.index('id="status-blocked"') < html.index('id="status-in_progress"')
    assert "Al klaar" not in html and "Van een ander" not in html
    assert html.count("Stil: 14 dagen niet bijgewerkt") == 1


def test_my_work_shows_my_next_workstream_meeting_not_another_workstreams(client, member, other_member):
    with time_machine.travel(TUESDAY, tick=False):
        Meeting.objects.create(
            workstream=Workstream.objects.get(slug="voorkomen"),
            title="Voorkomen wekelijks",
            starts_at=TUESDAY + dt.timedelta(hours=2),
        )
        Meeting.objects.create(title="Taskforce wekelijks", starts_at=TUESDAY + dt.timedelta(hours=3))
        Meeting.objects.create(
            workstream=Workstream.objects.get(slug="verbinden"),
            title="Verbinden vorige week",
            starts_at=TUESDAY - dt.timedelta(days=7),
        )
        Meeting.objects.create(
            workstream=Workstream.objects.get(slug="verbinden"),
            title="Verbinden wekelijks",
            starts_at=TUESDAY + dt.timedelta(days=1),
        )
        client.force_login(member)
        html = client.get(reverse("my_work")).content.decode()
    assert "Verbinden wekelijks" in html
    assert "Voorkomen wekelijks" not in html and "Taskforce wekelijks" not in html


def test_my_work_of_a_taskforce_member_shows_the_taskforce_meeting(client, taskforce_member):
    with time_machine.travel(TUESDAY, tick=False):
        Meeting.objects.create(title="Taskforce wekelijks", starts_at=TUESDAY + dt.timedelta(hours=3))
        client.force_login(taskforce_member)
        html = client.get(reverse("my_work")).content.decode()
    assert "Taskforce wekelijks" in html


def test_workstream_page_shows_goal_trekker_members_organisations_recommendations_and_kpis(client, trekker, member):
    verbinden = Workstream.objects.get(slug="verbinden")
    kpi = verbinden.kpis.first()
    Measurement.objects.create(kpi=kpi, date=dt.date(2026, 11, 10), value=Decimal("3"))
    Measurement.objects.create(kpi=kpi, date=dt.date(2026, 11, 17), value=Decimal("5"))
    client.force_login(member)
    html = client.get(verbinden.get_absolute_url()).content.decode()
    assert verbinden.goal[:40] in html
    assert f"{verbinden.trekker_organisation}: Trekker" in html
    assert "Lid (EZK)" in html
    for link in verbinden.participant_links.select_related("organisation"):
        assert str(link.organisation) in html
    for rec in verbinden.recommendations.all():
        assert rec.title[:30] in html
    assert kpi.name in html and "5 " in html and "17-11-2026" in html


def test_workstream_status_comes_from_the_status_rule(client, member):
    verbinden = Workstream.objects.get(slug="verbinden")
    first, second = list(verbinden.actions.order_by("position")[:2])
    Action.objects.filter(pk__in=[first.pk, second.pk]).update(due_date=dt.date(2026, 11, 10))
    with time_machine.travel(TUESDAY, tick=False):
        client.force_login(member)
        html = client.get(verbinden.get_absolute_url()).content.decode()
    assert "status-red" in html and "Achter op schema" in html
    assert "2 acties over de deadline." in html


def test_workstream_actions_filter_by_status_owner_recommendation_and_due(client, member, trekker):
    verbinden = Workstream.objects.get(slug="verbinden")
    Action.objects.filter(workstream=verbinden).delete()
    with time_machine.travel(TUESDAY, tick=False):
        _make(verbinden, "Laat", member, dt.date(2026, 11, 20), touched_days_ago=2)
        week = _make(verbinden, "Week", trekker, dt.date(2026, 11, 28), "blocked", touched_days_ago=3)
        _make(verbinden, "Later", member, dt.date(2026, 12, 28), "in_progress", touched_days_ago=1)
        _make(verbinden, "Zonder", None, None, touched_days_ago=4)
        rec = verbinden.recommendations.order_by("number").first()
        week.recommendations.add(rec)
        client.force_login(member)
        url = verbinden.get_absolute_url()

        def shown(query):
            return _titles(client.get(url + query).content.decode(), "ws-actions")

        assert shown("?due=overdue") == ["Laat"]
        assert shown("?due=week") == ["Week"]
        assert shown("?due=later") == ["Later"]
        assert shown("?due=none") == ["Zonder"]
        assert shown("?status=blocked") == ["Week"]
        assert shown(f"?owner={member.pk}&sort=title") == ["Laat", "Later"]
        assert shown("?owner=none") == ["Zonder"]
        assert shown(f"?recommendation={rec.number}") == ["Week"]
        assert shown("?sort=due") == ["Laat", "Week", "Later", "Zonder"]
        assert shown("?sort=title") == ["Laat", "Later", "Week", "Zonder"]
        assert shown("?sort=status") == ["Laat", "Zonder", "Later", "Week"]
        assert shown("?sort=updated") == ["Later", "Laat", "Week", "Zonder"]
        services.note_add(action=week, user=member, text="bijgewerkt")
        assert shown("?sort=updated") == ["Week", "Later", "Laat", "Zonder"]
        # Nonsense in the query string is ignored, never an error page.
        assert client.get(url + "?status=zzz&owner=abc&recommendation=99&due=x&sort=y").status_code == 200


def test_trekker_adds_a_member_and_names_a_new_trekker(client, trekker, member, taskforce_member):
    verbinden = Workstream.objects.get(slug="verbinden")
    client.force_login(trekker)
    response = client.post(
        reverse("workstreams:member_add", args=["verbinden"]), {"user": taskforce_member.pk, "role": "member"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(workstream=verbinden, user=taskforce_member, role="member").exists()

    membership = Membership.objects.get(workstream=verbinden, user=member)
    client.post(reverse("workstreams:member_role", args=["verbinden", membership.pk]), {"role": "trekker"})
    roles = dict(Membership.objects.filter(workstream=verbinden).values_list("user__username", "role"))
    assert roles == {"lid": "trekker", "trekker": "member", "taskforcelid": "member"}


def test_adding_a_viewer_or_an_existing_member_is_a_form_error(client, trekker, member, viewer):
    client.force_login(trekker)
    for person in (viewer, member):
        response = client.post(
            reverse("workstreams:member_add", args=["verbinden"]), {"user": person.pk, "role": "member"}
        )
        assert response.status_code == 400
        assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Membership.objects.filter(user=viewer).exists()


def test_trekker_removes_a_member(client, trekker, member):
    client.force_login(trekker)
    membership = Membership.objects.get(workstream__slug="verbinden", user=member)
    client.post(reverse("workstreams:member_remove", args=["verbinden", membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_search_finds_actions_and_recommendations(client, viewer):
    action = Action.objects.filter(workstream__slug="voorkomen").first()
    client.force_login(viewer)
    word = action.title.split()[-1]
    html = client.get(reverse("search:search"), {"q": word}).content.decode()
    assert action.title in html
    html = client.get(reverse("search:search"), {"q": "12"}).content.decode()
    assert '<li><a href="/recommendations/12/">12. ' in html
    long = client.get(reverse("search:search"), {"q": "x" * 300})
    assert long.status_code == 200 and "kortere zoekterm" in long.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_from_the_same_version_cannot_both_win(taskforce, member, trekker):
    action = Action.objects.filter(workstream__slug="verbinden").first()
    barrier = threading.Barrier(2)
    outcomes = []

    def save(user, title):
        try:
            barrier.wait()
            services.action_update(action_id=action.pk, version=1, user=user, fields={"title": title})
            outcomes.append("saved")
        except services.ActionConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(u, t)) for u, t in ((member, "Van lid"), (trekker, "Van trekker"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    action.refresh_from_db()
    assert action.version == 2 and action.title in ("Van lid", "Van trekker")
