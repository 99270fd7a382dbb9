"""The workstream page (filters, sorting, status, KPIs, members) and simultaneous saves."""

import datetime as dt
import re
import threading
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from kpis.models import Measurement
from tests.factories import make_action
from workstreams import services
from workstreams.models import Action, Membership, Workstream

pytestmark = pytest.mark.django_db

TUESDAY = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)  # week 4


def _titles(html: str, section_id: str) -> list[str]:
    start = html.index(f'id="{section_id}"')
    end = html.find("</section>", start)
    return re.findall(r'<a href="/workstreams/actions/\d+/">([^<]+)</a>', html[start:end])


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
        make_action(verbinden, "Laat", member, dt.date(2026, 11, 20), touched_days_ago=2)
        week = make_action(verbinden, "Week", trekker, dt.date(2026, 11, 28), "blocked", touched_days_ago=3)
        make_action(verbinden, "Later", member, dt.date(2026, 12, 28), "in_progress", touched_days_ago=1)
        make_action(verbinden, "Zonder", None, None, touched_days_ago=4)
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


def test_the_workstream_page_names_the_first_members_and_links_to_all_of_them(client, trekker, member):
    verbinden = Workstream.objects.get(slug="verbinden")
    client.force_login(trekker)
    page = client.get(verbinden.get_absolute_url()).content.decode()
    members_url = reverse("workstreams:members", args=["verbinden"])
    # The trekker manages the members on their own page; the workstream page carries no member forms.
    assert f'href="{members_url}">Leden beheren (2 leden)</a>' in page
    assert "Rol wijzigen" not in page and 'name="user"' not in page
    listed = client.get(members_url).content.decode()
    assert listed.count("Rol wijzigen") == 2 and 'name="user"' in listed
    assert "Lid (EZK)" in listed


def test_a_member_reads_all_members_without_the_forms_to_change_them(client, trekker, member):
    client.force_login(member)
    members_url = reverse("workstreams:members", args=["verbinden"])
    page = client.get(Workstream.objects.get(slug="verbinden").get_absolute_url()).content.decode()
    assert members_url not in page  # both members are named on the page already
    listed = client.get(members_url).content.decode()
    assert str(trekker) in listed and str(member) in listed
    assert "Rol wijzigen" not in listed and "verwijderen</button>" not in listed


def test_a_refused_member_to_add_keeps_the_choice_on_the_members_page(client, trekker, member):
    client.force_login(trekker)
    response = client.post(
        reverse("workstreams:member_add", args=["verbinden"]), {"user": member.pk, "role": "trekker"}
    )
    assert response.status_code == 400
    assert response.templates[0].name == "workstreams/members.html"
    form = response.content.decode().split('id="lid-toevoegen"')[1]
    assert 'id="member-user-error"' in form and '<option value="trekker" selected>' in form


def test_trekker_adds_a_member_and_names_a_new_trekker(client, trekker, member, taskforce_member):
    verbinden = Workstream.objects.get(slug="verbinden")
    client.force_login(trekker)
    response = client.post(
        reverse("workstreams:member_add", args=["verbinden"]), {"user": taskforce_member.pk, "role": "member"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(workstream=verbinden, user=taskforce_member, role="member").exists()

    membership = Membership.objects.get(workstream=verbinden, user=member)
    url = reverse("workstreams:member_role", args=["verbinden", membership.pk])
    # First the question, saying what happens to the current trekker; nothing changes yet.
    asked = client.post(url, {"role": "trekker"}).content.decode()
    assert "trekker maken?" in asked and "wordt dan lid" in asked and 'name="confirm"' in asked
    assert Membership.objects.get(workstream=verbinden, user=trekker).role == "trekker"
    done = client.post(url, {"role": "trekker", "confirm": "1"}, follow=True).content.decode()
    roles = dict(Membership.objects.filter(workstream=verbinden).values_list("user__username", "role"))
    assert roles == {"lid": "trekker", "trekker": "member", "taskforcelid": "member"}
    # The message names both, in the members section where the page lands.
    members = done[done.index('id="leden"') :]
    assert f"{member} is nu trekker van Verbinden; {trekker} is nu lid." in members


def test_adding_a_viewer_or_an_existing_member_is_a_form_error(client, trekker, member, viewer):
    client.force_login(trekker)
    for person in (viewer, member):
        response = client.post(
            reverse("workstreams:member_add", args=["verbinden"]), {"user": person.pk, "role": "member"}
        )
        assert response.status_code == 400
        assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Membership.objects.filter(user=viewer).exists()


def test_trekker_removes_a_member_after_confirming(client, trekker, member):
    client.force_login(trekker)
    membership = Membership.objects.get(workstream__slug="verbinden", user=member)
    url = reverse("workstreams:member_remove", args=["verbinden", membership.pk])
    assert "verwijderen?" in client.post(url).content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()  # one click asks, it does not remove
    done = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert "is uit de werkstroom verwijderd" in done[done.index('id="leden"') :]


def test_a_trekker_cannot_remove_herself(client, trekker):
    client.force_login(trekker)
    own = Membership.objects.get(workstream__slug="verbinden", user=trekker)
    url = reverse("workstreams:member_remove", args=["verbinden", own.pk])
    page = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()
    assert "U kunt uzelf niet uit de werkstroom verwijderen" in page


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
