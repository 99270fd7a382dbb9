"""Ids of another workstream's objects, in URLs and in POSTs, are refused and change nothing.

Completes the tampering tests in tests/workstreams, tests/registers, tests/kpis and tests/meetings:
here the person is a rightful editor of Verbinden and reaches for Voorkomen's things.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kpis.models import KPI, Measurement
from meetings.models import Meeting
from registers.models import Collaboration
from tests.factories import make_collaboration
from workstreams.models import Action, Membership, Workstream

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py


def _ws(slug: str) -> Workstream:
    return Workstream.objects.get(slug=slug)


def _meeting(slug: str) -> Meeting:
    return Meeting.objects.create(
        title=f"Weekoverleg {slug}", workstream=_ws(slug), starts_at=timezone.now() + dt.timedelta(days=1)
    )


def test_verbinden_s_trekker_cannot_change_a_kpi_of_voorkomen(client, trekker):
    kpi = KPI.objects.filter(workstream__slug="voorkomen").first()
    definition = kpi.definition
    client.force_login(trekker)

    assert client.get(reverse("kpis:edit", args=[kpi.pk])).status_code == 403
    edit = client.post(reverse("kpis:edit", args=[kpi.pk]), {"definition": "gekaapt", "kind": kpi.kind})
    record = client.post(reverse("kpis:record", args=[kpi.pk]), {"date": "2026-11-03", "value": "7"})

    assert (edit.status_code, record.status_code) == (403, 403)
    kpi.refresh_from_db()
    assert kpi.definition == definition
    assert not Measurement.objects.filter(kpi=kpi, recorded_by=trekker).exists()


def test_verbinden_s_trekker_cannot_edit_a_meeting_of_voorkomen_or_add_items_to_it(client, trekker):
    meeting = _meeting("voorkomen")
    client.force_login(trekker)

    assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 403
    edit = client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        {"title": "Gekaapt", "starts_at": "2026-11-24T10:00", "decisions": "Besluit"},
    )
    item = client.post(reverse("meetings:add_action_item", args=[meeting.pk]), {"title": "Gekaapt"})

    assert (edit.status_code, item.status_code) == (403, 403)
    meeting.refresh_from_db()
    assert meeting.title == "Weekoverleg voorkomen" and not meeting.decisions
    assert not Action.objects.filter(title="Gekaapt").exists()


def test_an_action_item_of_a_verbinden_meeting_stays_in_verbinden_whatever_workstream_is_posted(client, trekker):
    meeting = _meeting("verbinden")
    client.force_login(trekker)

    response = client.post(
        reverse("meetings:add_action_item", args=[meeting.pk]),
        {"title": "Bidbook", "workstream": _ws("voorkomen").pk},
    )

    assert response.status_code == 302
    assert Action.objects.get(title="Bidbook").workstream.slug == "verbinden"


def test_a_voorkomen_record_cannot_be_edited_through_verbinden_s_url_by_a_verbinden_member(client, member):
    record = make_collaboration(_ws("voorkomen"), "Bestaand")
    client.force_login(member)
    target = reverse("registers:edit", args=["verbinden", "collaborations", record.pk])
    form = {"dutch_company": "Gekaapt", "partner": "X", "kind": "fill_finish", "stage": "started", "version": 1}

    assert client.get(target).status_code == 404
    assert client.post(target, form).status_code == 404
    # And through its own workstream's URL the member of Verbinden may not edit it at all.
    own = reverse("registers:edit", args=["voorkomen", "collaborations", record.pk])
    assert client.post(own, form).status_code == 403
    record.refresh_from_db()
    assert record.dutch_company == "Bestaand" and record.workstream.slug == "voorkomen"


def test_a_workstream_id_smuggled_into_a_register_form_is_ignored(client, member):
    client.force_login(member)
    response = client.post(
        reverse("registers:new", args=["verbinden", "collaborations"]),
        {
            "dutch_company": "Batavia",
            "partner": "Moderna",
            "kind": "fill_finish",
            "stage": "started",
            "started_on": "2026-11-05",
            "workstream": _ws("voorkomen").pk,
        },
    )

    assert response.status_code == 302
    assert Collaboration.objects.get(dutch_company="Batavia").workstream.slug == "verbinden"


def test_verbinden_s_trekker_cannot_change_the_role_of_a_voorkomen_member(client, trekker, other_member):
    membership = Membership.objects.get(workstream__slug="voorkomen", user=other_member)
    client.force_login(trekker)

    through_verbinden = client.post(
        reverse("workstreams:member_role", args=["verbinden", membership.pk]), {"role": "trekker"}
    )
    through_voorkomen = client.post(
        reverse("workstreams:member_role", args=["voorkomen", membership.pk]), {"role": "trekker"}
    )

    assert (through_verbinden.status_code, through_voorkomen.status_code) == (404, 403)
    membership.refresh_from_db()
    assert membership.role == "member"


def test_a_verbinden_member_cannot_update_a_voorkomen_action_in_any_way(client, member):
    action = Action.objects.filter(workstream__slug="voorkomen").first()
    before = (action.status, action.version, action.title)
    client.force_login(member)

    answers = [
        client.post(reverse("workstreams:action_status", args=[action.pk]), {"status": "done", "result": "x"}),
        client.post(
            reverse("workstreams:action_status", args=[action.pk]),
            {"status": "blocked", "version": action.version},
            headers={"HX-Request": "true"},
        ),
        client.post(reverse("workstreams:action_note", args=[action.pk]), {"text": "x"}),
        client.post(reverse("workstreams:action_check_in", args=[action.pk])),
        client.post(reverse("workstreams:action_edit", args=[action.pk]), {"title": "Gekaapt"}),
        client.post(reverse("workstreams:action_create", args=["voorkomen"]), {"title": "Gekaapt"}),
    ]

    assert [r.status_code for r in answers] == [403] * 6
    action.refresh_from_db()
    assert (action.status, action.version, action.title) == before
    assert not action.notes.exists() and not Action.objects.filter(title="Gekaapt").exists()
