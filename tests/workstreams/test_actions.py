"""Creating and editing actions, quick status changes, notes, check-ins and the history."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Recommendation
from tests.factories import edit_data
from workstreams.models import Action, ProgressNote, Workstream

pytestmark = pytest.mark.django_db


def test_member_creates_an_action_in_their_workstream(client, member):
    client.force_login(member)
    recs = list(Recommendation.objects.filter(number__in=[1, 2]))
    response = client.post(
        reverse("workstreams:action_create", args=["verbinden"]),
        {
            "title": "Matchmakingdag organiseren",
            "description": "Met NFIA en Health~Holland.",
            "recommendations": [r.pk for r in recs],
            "status": "not_started",
            "owner": member.pk,
            "due_date": "2026-12-01",
        },
    )
    action = Action.objects.get(title="Matchmakingdag organiseren")
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    assert action.workstream.slug == "verbinden"
    assert {r.number for r in action.recommendations.all()} == {1, 2}
    assert action.history.first().history_user == member


def test_empty_title_and_early_due_date_re_render_with_errors_and_keep_the_text(client, member):
    client.force_login(member)
    response = client.post(
        reverse("workstreams:action_create", args=["verbinden"]),
        {
            "title": "",
            "description": "Mijn zorgvuldig getypte omschrijving",
            "status": "not_started",
            "due_date": "2026-10-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit veld is verplicht" in html
    assert "vóór de start van de taskforce (02-11-2026)" in html
    assert "Mijn zorgvuldig getypte omschrijving" in html
    assert not Action.objects.filter(description__startswith="Mijn zorgvuldig").exists()


def test_oversized_text_is_refused_with_a_message(client, member, action):
    client.force_login(member)
    response = client.post(
        reverse("workstreams:action_edit", args=[action.pk]),
        edit_data(action, title="x" * 201, description="y" * 5001),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "niet meer dan 200 tekens" in html and "niet meer dan 5000 tekens" in html
    assert "y" * 5001 in html  # the typed text is still there
    action.refresh_from_db()
    assert action.version == 1


def test_a_tampered_recommendation_or_owner_id_is_a_form_error(client, member, viewer, action):
    client.force_login(member)
    response = client.post(
        reverse("workstreams:action_edit", args=[action.pk]),
        edit_data(action, recommendations=[999999], owner=viewer.pk),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "999999 is geen beschikbare keuze" in html
    assert html.count("Selecteer een geldige keuze") == 4  # at both fields and in the summary at the top
    action.refresh_from_db()
    assert action.owner_id != viewer.pk


def test_a_post_to_another_workstream_or_an_unknown_one_is_refused(client, member, action):
    client.force_login(member)
    data = {"title": "Sneaky", "status": "not_started"}
    assert client.post(reverse("workstreams:action_create", args=["voorkomen"]), data).status_code == 403
    assert client.post(reverse("workstreams:action_create", args=["bestaat-niet"]), data).status_code == 404
    assert client.post(reverse("workstreams:action_status", args=[999999]), {"status": "done"}).status_code == 404
    assert not Action.objects.filter(title="Sneaky").exists()


def test_edit_saves_bumps_the_version_and_touches_the_action(client, member, action):
    client.force_login(member)
    before = action.touched_at
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        response = client.post(
            reverse("workstreams:action_edit", args=[action.pk]), edit_data(action, status="in_progress")
        )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress" and action.version == 2
    assert action.touched_at > before


def test_a_save_from_an_older_version_is_refused_and_shows_what_changed(client, member, trekker, action):
    stale_form = edit_data(action, title="Mijn nieuwe titel")
    client.force_login(trekker)
    client.post(reverse("workstreams:action_edit", args=[action.pk]), edit_data(action, status="blocked"))

    client.force_login(member)
    response = client.post(reverse("workstreams:action_edit", args=[action.pk]), stale_form)
    html = response.content.decode()
    assert response.status_code == 409
    assert "iemand anders heeft deze actie intussen gewijzigd" in html
    assert "Trekker" in html and "Niet gestart" in html and "Geblokkeerd" in html
    assert 'value="Mijn nieuwe titel"' in html  # typed text kept
    assert 'name="version" value="2"' in html  # a second save is a conscious choice
    # What the member left alone now shows the other person's value, so saving again keeps it.
    assert '<option value="blocked" selected>' in html
    action.refresh_from_db()
    assert action.title != "Mijn nieuwe titel" and action.status == "blocked" and action.version == 2


def test_quick_status_change_works_without_javascript(client, member, action):
    client.force_login(member)
    response = client.post(
        reverse("workstreams:action_status", args=[action.pk]), {"status": "in_progress", "version": action.version}
    )
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_quick_status_change_with_htmx_returns_only_the_panel(client, member, action):
    client.force_login(member)
    response = client.post(
        reverse("workstreams:action_status", args=[action.pk]),
        {"status": "blocked", "version": action.version},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<div id="action-panel">') and "<html" not in html
    assert "Status gewijzigd" in html and "Geblokkeerd" in html


def test_quick_status_from_an_older_version_is_refused(client, member, action):
    client.force_login(member)
    client.post(reverse("workstreams:action_status", args=[action.pk]), {"status": "in_progress", "version": 1})
    response = client.post(reverse("workstreams:action_status", args=[action.pk]), {"status": "blocked", "version": 1})
    assert "iemand anders heeft deze actie intussen gewijzigd" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_marking_done_requires_a_result_and_keeps_the_evidence_link(client, member, action):
    client.force_login(member)
    url = reverse("workstreams:action_status", args=[action.pk])
    response = client.post(url, {"status": "done", "evidence_url": "https://example.org/verslag", "version": 1})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vul bij een afgeronde actie in één regel het resultaat in." in html
    assert "https://example.org/verslag" in html
    action.refresh_from_db()
    assert action.status == "not_started"

    client.post(
        url,
        {"status": "done", "result": "Overzicht gedeeld", "evidence_url": "https://example.org/verslag", "version": 1},
    )
    action.refresh_from_db()
    assert action.status == "done" and action.result == "Overzicht gedeeld"
    assert action.evidence_url == "https://example.org/verslag" and action.completed_at is not None


def test_note_and_check_in_touch_the_action_without_a_new_version(client, member, action):
    client.force_login(member)
    Action.objects.filter(pk=action.pk).update(touched_at=timezone.now() - dt.timedelta(days=20))
    action.refresh_from_db()
    assert action.is_stale()

    client.post(reverse("workstreams:action_note", args=[action.pk]), {"text": "Eerste gesprek gevoerd"})
    action.refresh_from_db()
    assert not action.is_stale() and action.version == 1

    client.post(reverse("workstreams:action_check_in", args=[action.pk]))
    kinds = list(action.notes.values_list("kind", "author__username"))
    assert kinds == [(ProgressNote.Kind.CHECK_IN, "lid"), (ProgressNote.Kind.NOTE, "lid")]


def test_an_empty_note_is_an_error_not_a_note(client, member, action):
    client.force_login(member)
    response = client.post(reverse("workstreams:action_note", args=[action.pk]), {"text": ""})
    assert response.status_code == 200 and "Dit veld is verplicht" in response.content.decode()
    assert not action.notes.exists()


def test_the_action_page_shows_who_changed_what_including_recommendations_and_notes(client, member, trekker, action):
    client.force_login(trekker)
    rec = Recommendation.objects.get(number=7)
    client.post(
        reverse("workstreams:action_edit", args=[action.pk]),
        edit_data(
            action, status="in_progress", recommendations=[*action.recommendations.values_list("pk", flat=True), rec.pk]
        ),
    )
    client.force_login(member)
    client.post(reverse("workstreams:action_note", args=[action.pk]), {"text": "Afspraak met NFIA staat"})
    html = client.get(action.get_absolute_url()).content.decode()
    assert "Afspraak met NFIA staat" in html
    timeline = html[html.index('data-testid="timeline"') :]
    assert "Trekker" in timeline
    assert "Niet gestart</span> → Bezig" in timeline
    assert "Aanbevelingen" in timeline and "7" in timeline
    assert "Actie aangemaakt" in timeline


def test_a_workstream_id_smuggled_into_the_create_form_is_ignored(client, member):
    client.force_login(member)
    voorkomen = Workstream.objects.get(slug="voorkomen")
    client.post(
        reverse("workstreams:action_create", args=["verbinden"]),
        {"title": "Gesmokkeld", "status": "not_started", "workstream": voorkomen.pk},
    )
    assert Action.objects.get(title="Gesmokkeld").workstream.slug == "verbinden"


def test_an_owner_who_left_the_workstream_does_not_block_editing(client, trekker, other_member, action):
    action.owner = other_member
    action.save()
    client.force_login(trekker)
    response = client.post(reverse("workstreams:action_edit", args=[action.pk]), edit_data(action, title="Nieuw"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Nieuw" and action.owner == other_member


def test_quick_status_conflict_with_htmx_shows_the_message_inside_the_panel(client, member, trekker, action):
    client.force_login(trekker)
    client.post(reverse("workstreams:action_status", args=[action.pk]), {"status": "in_progress", "version": 1})
    client.force_login(member)
    response = client.post(
        reverse("workstreams:action_status", args=[action.pk]),
        {"status": "blocked", "version": 1},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.startswith('<div id="action-panel">')
    assert "iemand anders heeft deze actie intussen gewijzigd" in html and "Niet gestart</span> → Bezig" in html
    assert '<option value="blocked" selected>' in html and 'name="version" value="2"' in html


# --- Nothing typed is lost: status and note are one form --------------------------------------------


def test_saving_the_status_keeps_a_typed_note_unsaved_on_the_page(client, member, action):
    client.force_login(member)
    data = {"status": "in_progress", "result": "", "evidence_url": "", "version": action.version, "text": "Gebeld"}
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):  # without JavaScript, and with htmx
        action.refresh_from_db()
        data["version"] = action.version
        response = client.post(reverse("workstreams:action_status", args=[action.pk]), data, **headers)
        html = response.content.decode()
        assert response.status_code == 200  # not a redirect, which would lose the note
        assert "Gebeld</textarea>" in html and "De notitie hieronder is nog niet toegevoegd." in html
    assert not ProgressNote.objects.filter(action=action).exists()


def test_adding_a_note_keeps_a_picked_status_unsaved_on_the_page(client, member, action):
    client.force_login(member)
    data = {"status": "blocked", "result": "", "evidence_url": "", "version": action.version, "text": "Wacht op EZK"}
    response = client.post(reverse("workstreams:action_note", args=[action.pk]), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    action.refresh_from_db()
    assert action.status == "not_started" and action.notes.get().text == "Wacht op EZK"
    assert '<option value="blocked" selected>' in html
    assert "De status hieronder is nog niet opgeslagen." in html


def test_a_save_with_nothing_else_typed_still_goes_back_to_the_clean_page(client, member, action):
    client.force_login(member)
    data = {"status": "in_progress", "result": "", "evidence_url": "", "version": action.version, "text": ""}
    response = client.post(reverse("workstreams:action_status", args=[action.pk]), data)
    assert response.status_code == 302


def test_a_deadline_in_9999_is_refused_and_the_allowed_range_is_shown(client, member, action):
    client.force_login(member)
    url = reverse("workstreams:action_edit", args=[action.pk])
    assert 'max="2028-11-01"' in client.get(url).content.decode()
    response = client.post(url, edit_data(action, due_date="9999-12-31"))
    assert "is vast een tikfout" in response.content.decode()
    action.refresh_from_db()
    assert action.due_date != dt.date(9999, 12, 31)
