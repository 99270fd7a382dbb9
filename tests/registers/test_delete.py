"""A register record typed by mistake can be deleted (asked first, with a reason) and, by the secretariat,
put back; the KPIs that count the register are recounted at once and nothing silently vanishes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kpis.models import Measurement
from registers import services
from registers.kpi_rules import kpi_record_computed
from registers.models import Collaboration, Supporter
from tests.factories import make_collaboration, make_supporter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py

D = dt.date


def url(name, *args):
    return reverse(f"registers:{name}", args=args)


def todays_value(kpi) -> int | None:
    today = Measurement.objects.filter(kpi=kpi, date=timezone.localdate(), computed=True).first()
    return None if today is None else int(today.value)


@pytest.fixture
def started(kpis):
    """Verbinden's KPI counting the collaborations started since the taskforce began."""
    return kpis["verbinden-kpi-1"]


def test_a_member_deletes_a_collaboration_and_the_kpi_is_recounted(client, member, workstreams, started):
    ws = workstreams["verbinden"]
    make_collaboration(ws, "Batavia", "Moderna", started_on=D(2026, 11, 5))
    typo = make_collaboration(ws, "Batvia", "Moderna", started_on=D(2026, 11, 5))
    kpi_record_computed()  # the daily job (or any register write) counted both
    assert todays_value(started) == 2
    client.force_login(member)

    confirm = client.get(url("delete", "verbinden", "collaborations", typo.pk))
    assert confirm.status_code == 200 and "Batvia – Moderna verwijderen?" in confirm.text
    response = client.post(
        url("delete", "verbinden", "collaborations", typo.pk), {"reason": "Dubbel, met tikfout", "version": 1}
    )

    assert response.status_code == 302
    assert not Collaboration.objects.filter(pk=typo.pk).exists()
    assert todays_value(started) == 1
    evidence = client.get(url("kpi_evidence", started.pk))
    assert evidence.context["value"] == 1


def test_a_deleted_record_shows_under_verwijderd_with_who_and_why(client, member, viewer, workstreams):
    typo = make_collaboration(workstreams["verbinden"], "Batvia", "Moderna")
    client.force_login(member)
    client.post(url("delete", "verbinden", "collaborations", typo.pk), {"reason": "Tikfout", "version": 1})

    client.force_login(viewer)
    page = client.get(url("list", "verbinden", "collaborations"))
    [entry] = page.context["deleted"]
    assert (entry.id, entry.history_user, entry.history_change_reason) == (typo.pk, member, "Tikfout")
    assert "Verwijderd" in page.text and "Batvia – Moderna" in page.text and "Tikfout" in page.text
    assert "Terugzetten" not in page.text  # only the secretariat puts records back
    assert page.context["records"] == []


def test_deleting_needs_a_reason_and_keeps_the_record(client, member, workstreams):
    record = make_collaboration(workstreams["verbinden"])
    client.force_login(member)

    response = client.post(url("delete", "verbinden", "collaborations", record.pk), {"reason": " ", "version": 1})

    assert response.status_code == 400
    assert "Vul in waarom dit record weg moet." in response.text
    assert Collaboration.objects.filter(pk=record.pk).exists()


def test_a_delete_from_an_old_version_is_refused(client, member, trekker, workstreams):
    record = make_supporter(workstreams["verbinden"], "Partij A")
    client.force_login(trekker)
    client.post(
        url("edit", "verbinden", "supporters", record.pk),
        {"party": "Partij A", "sector": "public", "version": 1},
    )
    client.force_login(member)

    response = client.post(url("delete", "verbinden", "supporters", record.pk), {"reason": "Weg", "version": 1})

    assert response.status_code == 409
    assert "Niet verwijderd" in response.text and 'name="version" value="2"' in response.text
    assert Supporter.objects.get(pk=record.pk).sector == "public"


@pytest.mark.parametrize("role", ["other_member", "viewer"])
def test_who_may_not_edit_the_register_cannot_delete_from_it(client, roles, workstreams, role):
    record = make_collaboration(workstreams["verbinden"])
    client.force_login(roles[role])

    assert client.get(url("delete", "verbinden", "collaborations", record.pk)).status_code == 403
    assert client.post(url("delete", "verbinden", "collaborations", record.pk), {"reason": "x"}).status_code == 403
    assert Collaboration.objects.filter(pk=record.pk).exists()


def test_a_record_of_another_workstream_cannot_be_deleted_through_this_one(client, secretariat, workstreams):
    record = make_collaboration(workstreams["voorkomen"])
    client.force_login(secretariat)

    response = client.post(url("delete", "verbinden", "collaborations", record.pk), {"reason": "x", "version": 1})

    assert response.status_code == 404
    assert Collaboration.objects.filter(pk=record.pk).exists()


def test_the_secretariat_puts_a_deleted_record_back_and_the_kpi_counts_it_again(
    client, member, secretariat, workstreams, started
):
    record = make_collaboration(workstreams["verbinden"], "Batavia", "Moderna", started_on=D(2026, 11, 5))
    created_at = record.created_at
    client.force_login(member)
    client.post(url("delete", "verbinden", "collaborations", record.pk), {"reason": "Per ongeluk", "version": 1})
    assert todays_value(started) == 0
    assert client.post(url("restore", "verbinden", "collaborations", record.pk)).status_code == 403

    client.force_login(secretariat)
    response = client.post(url("restore", "verbinden", "collaborations", record.pk))

    assert response.status_code == 302
    restored = Collaboration.objects.get(pk=record.pk)
    assert (restored.dutch_company, restored.created_at, restored.version) == ("Batavia", created_at, 2)
    assert todays_value(started) == 1
    page = client.get(url("list", "verbinden", "collaborations"))
    assert page.context["deleted"] == []
    kinds = [
        str(item["kind"])
        for item in client.get(url("edit", "verbinden", "collaborations", record.pk)).context["history"]
    ]
    assert kinds == ["Hersteld", "Verwijderd", "Aangemaakt"]
    again = client.post(url("restore", "verbinden", "collaborations", record.pk), follow=True)
    assert "niet terug te zetten" in again.text


def test_a_deleted_party_that_was_added_again_is_not_put_back_twice(client, member, secretariat, workstreams):
    ws = workstreams["verbinden"]
    first = make_supporter(ws, "Partij A")
    client.force_login(member)
    client.post(url("delete", "verbinden", "supporters", first.pk), {"reason": "Dubbel", "version": 1})
    make_supporter(ws, "Partij A")

    client.force_login(secretariat)
    response = client.post(url("restore", "verbinden", "supporters", first.pk), follow=True)

    assert "niet terug te zetten" in response.text
    assert Supporter.objects.filter(workstream=ws, party="Partij A").count() == 1


def test_saving_a_record_deleted_meanwhile_says_so_and_saves_nothing(client, member, workstreams):
    record = make_collaboration(workstreams["verbinden"], "Batavia", "Moderna")
    client.force_login(member)
    data = {"dutch_company": "Batavia B.V.", "partner": "Moderna", "kind": "other", "stage": "lead", "version": 1}
    services.record_delete(model=Collaboration, pk=record.pk, version=1, user=member, reason="Weg")

    response = client.post(url("edit", "verbinden", "collaborations", record.pk), data)
    assert response.status_code == 404  # its edit page is gone with it
    assert not Collaboration.objects.exists()
