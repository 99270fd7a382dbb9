"""What a script can do through the REST API: with a personal token, with the person's own rights."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import Token, token_digest
from dashboards import selectors as dashboard
from kpis.models import KPI, Measurement
from meetings.models import Meeting
from registers.models import Collaboration, Deliverable, Shortage, Supporter
from taskforce.models import Taskforce
from tests.factories import make_action, make_user
from updates.models import WorkstreamUpdate
from workstreams.models import Action

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]


def test_a_person_makes_a_token_that_is_shown_once_and_stored_hashed(client, member):
    client.force_login(member)
    response = client.post(reverse("api_tokens"), {"name": "Spreadsheet"})
    assert response.status_code == 200
    key = response.context["key"]
    assert key.encode() in response.content
    token = Token.objects.get(user=member)
    assert token.digest == token_digest(key) and key not in token.digest and token.prefix == key[:8]
    assert key.encode() not in client.get(reverse("api_tokens")).content  # never shown again
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/workstreams/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_without_a_name_is_refused_and_the_page_says_why(client, member):
    client.force_login(member)
    response = client.post(reverse("api_tokens"), {"name": ""})
    assert response.status_code == 400 and b"is-invalid" in response.content
    assert not Token.objects.exists()


def test_a_revoked_token_no_longer_works(client, member):
    token, key = Token.issue(user=member, name="oud")
    client.force_login(member)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/workstreams/").status_code == 401


def test_nobody_revokes_another_persons_token(client, member, other_member):
    token, _key = Token.issue(user=member, name="van lid")
    client.force_login(other_member)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_without_credentials_or_with_a_wrong_token_the_api_answers_401():
    assert APIClient().get("/api/actions/").status_code == 401
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert api.get("/api/actions/").status_code == 401


def test_a_browser_session_writes_only_with_its_csrf_token(member, verbinden):
    action = make_action(verbinden, "Via de sessie")
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(member)
    response = api.patch(f"/api/actions/{action.pk}/", {"title": "Nieuw", "version": 1}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_a_member_edits_an_action_of_their_workstream_with_the_version_they_read(api_as, member, verbinden):
    action = make_action(verbinden, "Oud")
    response = api_as(member).patch(
        f"/api/actions/{action.pk}/", {"title": "Nieuw", "status": "in_progress", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.json()
    action.refresh_from_db()
    assert (action.title, action.status, action.version) == ("Nieuw", "in_progress", 2)
    assert response.json()["version"] == 2
    assert action.history.first().history_user == member


def test_a_stale_edit_answers_409_with_what_the_other_person_changed(api_as, member, trekker, verbinden):
    action = make_action(verbinden, "Oud")
    assert api_as(trekker).patch(f"/api/actions/{action.pk}/", {"title": "Van trekker", "version": 1}, format="json")
    response = api_as(member).patch(f"/api/actions/{action.pk}/", {"title": "Van lid", "version": 1}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 2
    assert [(c["field"], c["new"]) for c in body["changes"][0]["changes"]] == [("title", "Van trekker")]
    action.refresh_from_db()
    assert action.title == "Van trekker"


def test_an_edit_without_a_version_is_refused(api_as, member, verbinden):
    action = make_action(verbinden, "Oud")
    response = api_as(member).patch(f"/api/actions/{action.pk}/", {"title": "Nieuw"}, format="json")
    assert response.status_code == 400 and "version" in response.json()


def test_the_pages_rules_hold_in_the_api_an_action_done_needs_a_result(api_as, member, verbinden):
    action = make_action(verbinden, "Oud")
    response = api_as(member).patch(f"/api/actions/{action.pk}/", {"status": "done", "version": 1}, format="json")
    assert response.status_code == 400 and "result" in response.json()
    too_early = api_as(member).post(
        "/api/actions/", {"workstream": verbinden.pk, "title": "Te vroeg", "due_date": "2020-01-01"}, format="json"
    )
    assert too_early.status_code == 400 and "due_date" in too_early.json()


def test_viewer_cannot_write_anything(api_as, viewer, verbinden, kpi):
    action = make_action(verbinden, "Oud")
    api = api_as(viewer)
    assert api.patch(f"/api/actions/{action.pk}/", {"title": "x", "version": 1}, format="json").status_code == 403
    assert api.post("/api/actions/", {"workstream": verbinden.pk, "title": "x"}, format="json").status_code == 403
    assert api.post(f"/api/actions/{action.pk}/notes/", {"text": "x"}, format="json").status_code == 403
    assert api.post("/api/measurements/", {"kpi": kpi.pk, "value": "1"}, format="json").status_code == 403
    assert Action.objects.get(pk=action.pk).title == "Oud"


def test_member_of_another_workstream_cannot_edit_this_ones_action(api_as, other_member, verbinden):
    action = make_action(verbinden, "Oud")
    response = api_as(other_member).patch(f"/api/actions/{action.pk}/", {"title": "x", "version": 1}, format="json")
    assert response.status_code == 403
    response = api_as(other_member).post("/api/actions/", {"workstream": verbinden.pk, "title": "x"}, format="json")
    assert response.status_code == 403


def test_a_member_adds_an_action_and_a_note_and_reads_its_history(api_as, member, verbinden):
    api = api_as(member)
    created = api.post("/api/actions/", {"workstream": verbinden.pk, "title": "Nieuwe actie"}, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    note = api.post(f"/api/actions/{pk}/notes/", {"text": "Gebeld met de fabrikant."}, format="json")
    assert note.status_code == 201
    assert api.get(f"/api/actions/{pk}/notes/").json()["results"][0]["text"] == "Gebeld met de fabrikant."
    api.patch(f"/api/actions/{pk}/", {"title": "Hernoemd", "version": 1}, format="json")
    history = api.get(f"/api/actions/{pk}/history/").json()
    assert history[0]["created"] and history[-1]["changes"][0]["new"] == "Hernoemd"


def test_the_trekker_records_and_corrects_a_measurement_and_a_member_may_not(api_as, trekker, member, verbinden):
    kpi = KPI.objects.create(workstream=verbinden, name="Met de hand", text="-", target=10)
    assert api_as(member).post("/api/measurements/", {"kpi": kpi.pk, "value": "3"}, format="json").status_code == 403
    api = api_as(trekker)
    created = api.post("/api/measurements/", {"kpi": kpi.pk, "value": "3", "date": "2026-11-23"}, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api.patch(f"/api/measurements/{pk}/", {"value": "4", "version": 1}, format="json").status_code == 200
    stale = api.patch(f"/api/measurements/{pk}/", {"value": "5", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert api.delete(f"/api/measurements/{pk}/?version=2").status_code == 400  # a reason is required
    assert api.delete(f"/api/measurements/{pk}/?version=2&reason=dubbel").status_code == 204
    assert not Measurement.objects.filter(pk=pk).exists()


def test_a_member_keeps_a_register_with_the_version_check(api_as, member, other_member, verbinden):
    api = api_as(member)
    data = {"workstream": verbinden.pk, "dutch_company": "Bedrijf", "partner": "Fabrikant"}
    created = api.post("/api/registers/collaborations/", data, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    first = api.patch(f"/api/registers/collaborations/{pk}/", {"note": "Eerste gesprek", "version": 1}, format="json")
    assert first.status_code == 200, first.json()
    stale = api.patch(f"/api/registers/collaborations/{pk}/", {"partner": "Ander", "version": 1}, format="json")
    assert stale.status_code == 409
    assert api_as(other_member).post("/api/registers/collaborations/", data, format="json").status_code == 403
    future = api.patch(
        f"/api/registers/collaborations/{pk}/", {"started_on": "2030-01-01", "version": 2}, format="json"
    )
    assert future.status_code == 400 and "started_on" in future.json()
    assert Collaboration.objects.get(pk=pk).partner == "Fabrikant"


def test_viewers_read_approved_updates_only(api_as, viewer, member, verbinden):
    for days, state in ((7, WorkstreamUpdate.State.APPROVED), (0, WorkstreamUpdate.State.DRAFT)):
        WorkstreamUpdate.objects.create(
            workstream=verbinden,
            meeting_date=dt.date(2026, 11, 26) - dt.timedelta(days=days),
            state=state,
            created_by=member,
        )
    assert [u["state"] for u in api_as(viewer).get("/api/updates/").json()["results"]] == ["approved"]
    assert len(api_as(member).get("/api/updates/").json()["results"]) == 2


def test_the_dashboard_figures_are_the_dashboard_pages_figures(api_as, client, viewer, verbinden):
    make_action(verbinden, "Over de deadline", due=dt.date(2026, 11, 10), status="in_progress")
    body = api_as(viewer).get("/api/dashboard/").json()
    client.force_login(viewer)
    page = client.get(reverse("dashboard")).context["data"]
    assert [
        (c["workstream"], c["status"], c["figures"]["overdue"], c["figures"]["total"]) for c in body["workstreams"]
    ] == [(card.workstream.slug, card.status.colour, card.figures.overdue, card.figures.total) for card in page.cards]
    assert body["deadline"]["week"] == 4


def test_lists_are_paginated_filtered_and_ordered(api_as, member, verbinden, voorkomen):
    for n in range(3):
        make_action(verbinden, f"Actie {n}", due=dt.date(2026, 12, 1 + n))
    api = api_as(member)
    page = api.get("/api/actions/", {"workstream": verbinden.pk, "ordering": "-due_date", "page_size": 2}).json()
    assert len(page["results"]) == 2 and page["next"]
    assert page["results"][0]["due_date"] >= page["results"][1]["due_date"]
    assert all(a["workstream"] == verbinden.pk for a in page["results"])
    assert api.get("/api/actions/", {"page_size": 10_000}).json()["count"] == Action.objects.count()


# Every list of the API, and the dashboard.
LISTS = [
    "/api/recommendations/",
    "/api/workstreams/",
    "/api/memberships/",
    "/api/actions/",
    "/api/kpis/",
    "/api/measurements/",
    "/api/meetings/",
    "/api/updates/",
    *(f"/api/registers/{slug}/" for slug in ("collaborations", "shortages", "supporters", "deliverables")),
    "/api/dashboard/",
]


@pytest.mark.parametrize("url", LISTS)
def test_query_counts_stay_flat_as_data_grows(url, api_as, member, verbinden, kpi, django_assert_max_num_queries):
    api = api_as(member)
    grown = [0]

    def grow(n: int) -> None:
        for i in range(grown[0], grown[0] + n):
            action = make_action(verbinden, f"Groei {i}", owner=member)
            action.recommendations.set(verbinden.recommendations.all()[:2])
            Measurement.objects.create(kpi=kpi, value=i, recorded_by=member)
            Collaboration.objects.create(workstream=verbinden, dutch_company=f"B{i}", partner=f"P{i}")
            Shortage.objects.create(workstream=verbinden, category="raw_material", item=f"I{i}", nature="existing")
            Supporter.objects.create(workstream=verbinden, party=f"Partij {i}", sector="private")
            Deliverable.objects.create(workstream=verbinden, title=f"Stuk {i}")
            person = make_user(f"groei{i}", "member", workstream="verbinden")
            meeting = Meeting.objects.create(title=f"Overleg {i}", workstream=verbinden, starts_at=timezone.now())
            meeting.attendees.set([member, person])
            WorkstreamUpdate.objects.create(
                workstream=verbinden, meeting_date=dt.date(2026, 11, 26) - dt.timedelta(weeks=i), created_by=person
            )
        grown[0] += n

    grow(3)
    api.get(url)  # warm caches (the taskforce, the content types)
    with django_assert_max_num_queries(40) as small:
        assert api.get(url).status_code == 200
    grow(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert api.get(url).status_code == 200


def test_the_schema_and_its_documentation_are_served(api_as, client, viewer):
    schema = api_as(viewer).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    client.force_login(viewer)
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200 and b"swagger-ui" in docs.content and b"//cdn" not in docs.content
    assert Taskforce.current() is not None and dashboard is not None
