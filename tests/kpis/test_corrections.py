"""A typo in a measurement can be corrected or deleted; the history keeps who, when, what and why.

The chart, the KPI's standing, the dashboard and the digest read the measurements, so they follow.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards.selectors import kpi_rows
from kpis.models import KPI, Measurement, Standing
from mailings.digest import changes_between
from taskforce.models import current_deadline

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py

D = dt.date


def _record(client, kpi, date: str, value: str, note: str = "") -> Measurement:
    response = client.post(reverse("kpis:record", args=[kpi.pk]), {"date": date, "value": value, "note": note})
    assert response.status_code == 302
    return Measurement.objects.filter(kpi=kpi).latest("id")


def _edit_url(m: Measurement) -> str:
    return reverse("kpis:measurement_edit", args=[m.kpi_id, m.pk])


def _delete_url(m: Measurement) -> str:
    return reverse("kpis:measurement_delete", args=[m.kpi_id, m.pk])


def _correct(client, m: Measurement, version=None, **changes):
    data = {"date": m.date.isoformat(), "value": str(m.value), "note": m.note, "version": version or m.version}
    return client.post(_edit_url(m), {**data, **changes})


def _page(client, kpi):
    return client.get(reverse("kpis:detail", args=[kpi.pk]))


def test_trekker_corrects_a_typo_and_the_chart_and_standing_follow(client, trekker, kpi):
    client.force_login(trekker)
    _record(client, kpi, "2026-11-10", "2")
    typo = _record(client, kpi, "2026-11-17", "70", "Na het matchmaking event")
    before = _page(client, kpi)
    assert before.context["chart"]["values"] == [2.0, 70.0]
    assert before.context["standing"] == Standing.ON_TRACK  # 70 of 20 is far ahead

    response = _correct(client, typo, value="3", date="2026-11-18", reason="Tikfout: 70 moest 3 zijn")

    assert response.status_code == 302
    page = _page(client, kpi)
    assert page.context["chart"]["values"] == [2.0, 3.0]
    assert page.context["chart"]["labels"] == ["10-11-2026", "18-11-2026"]
    assert page.context["standing"] == Standing.BEHIND  # 3 of 20 after three weeks of twelve trails the line
    [correction] = page.context["corrections"]
    assert correction.who == trekker and not correction.deleted and correction.reason == "Tikfout: 70 moest 3 zijn"
    assert [(c.label, c.old, c.new) for c in correction.changes] == [
        ("datum", "17-11-2026", "18-11-2026"),
        ("waarde", "70", "3"),
    ]
    html = page.content.decode()
    assert "Correcties" in html and "Tikfout: 70 moest 3 zijn" in html
    typo.refresh_from_db()
    assert (typo.value, typo.version, typo.recorded_by) == (3, 2, trekker)


def test_the_dashboard_and_the_digest_read_the_corrected_value(client, trekker, kpi):
    client.force_login(trekker)
    typo = _record(client, kpi, "2026-11-23", "70")
    _correct(client, typo, value="7")
    deadline = current_deadline()

    [row] = [row for row in kpi_rows(deadline)[kpi.workstream_id] if row.kpi.pk == kpi.pk]
    assert (row.latest, row.standing) == (7, Standing.ON_TRACK)
    week = changes_between(timezone.now() - dt.timedelta(days=7), timezone.now(), deadline.today)
    assert [m.value for m in week[kpi.workstream_id].measurements] == [7]

    client.post(_delete_url(Measurement.objects.get(pk=typo.pk)), {"reason": "Dubbel ingevoerd", "version": 2})
    [row] = [row for row in kpi_rows(deadline)[kpi.workstream_id] if row.kpi.pk == kpi.pk]
    assert (row.latest, row.standing) == (None, Standing.NOT_MEASURED)
    week = changes_between(timezone.now() - dt.timedelta(days=7), timezone.now(), deadline.today)
    assert week[kpi.workstream_id].measurements == []


def test_deleting_asks_first_needs_a_reason_and_keeps_the_measurement_in_the_history(client, trekker, kpi):
    client.force_login(trekker)
    kept = _record(client, kpi, "2026-11-10", "2")
    wrong = _record(client, kpi, "2026-11-17", "5", "Verkeerde KPI")

    confirm = client.get(_delete_url(wrong))
    assert confirm.status_code == 200
    assert "verwijderen?" in confirm.content.decode() and Measurement.objects.filter(pk=wrong.pk).exists()

    refused = client.post(_delete_url(wrong), {"reason": "", "version": wrong.version})
    assert refused.status_code == 400
    assert "Vul in waarom deze meting weg moet." in refused.content.decode()
    assert Measurement.objects.filter(pk=wrong.pk).exists()

    done = client.post(_delete_url(wrong), {"reason": "Hoort bij een andere KPI", "version": wrong.version})
    assert done.status_code == 302
    assert not Measurement.objects.filter(pk=wrong.pk).exists()
    page = _page(client, kpi)
    assert page.context["chart"]["values"] == [2.0]
    assert [m.pk for m in page.context["measurements"]] == [kept.pk]
    [deletion] = page.context["corrections"]
    assert (deletion.deleted, deletion.reason, deletion.who) == (True, "Hoort bij een andere KPI", trekker)
    assert (deletion.measured_on, deletion.value) == ("17-11-2026", "5")
    assert "Hoort bij een andere KPI" in page.content.decode()


def test_a_correction_from_an_old_version_is_refused_and_keeps_what_was_typed(client, trekker, secretariat, kpi):
    client.force_login(trekker)
    m = _record(client, kpi, "2026-11-17", "70")
    opened_at = m.version
    client.force_login(secretariat)
    assert _correct(client, m, value="7").status_code == 302  # the secretariat corrects it first

    client.force_login(trekker)
    response = _correct(client, m, version=opened_at, value="8", note="Mijn correctie")

    assert response.status_code == 409
    html = response.content.decode()
    assert "iemand anders heeft deze meting intussen gewijzigd" in html
    assert response.context["form"]["value"].value() == "8"
    assert response.context["form"]["note"].value() == "Mijn correctie"
    assert response.context["form"]["version"].value() == "2"  # saving again is a deliberate choice
    m.refresh_from_db()
    assert m.value == 7
    again = client.post(_edit_url(m), {**response.context["form"].data.dict()})
    assert again.status_code == 302
    m.refresh_from_db()
    assert (m.value, m.version) == (8, 3)


def test_a_delete_from_an_old_version_is_refused(client, trekker, secretariat, kpi):
    client.force_login(trekker)
    m = _record(client, kpi, "2026-11-17", "70")
    _correct(client, m, value="7")

    response = client.post(_delete_url(m), {"reason": "Tikfout", "version": 1})

    assert response.status_code == 409
    assert Measurement.objects.get(pk=m.pk).value == 7
    assert "Niet verwijderd" in response.content.decode()


def test_bad_input_in_a_correction_rerenders_with_errors_and_keeps_the_input(client, trekker, kpi):
    client.force_login(trekker)
    m = _record(client, kpi, "2026-11-17", "70")

    response = _correct(client, m, value="zeventig", date="2019-01-01", note="Bijna goed")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Vul een getal in" in html and "tikfout" in html
    assert response.context["form"]["value"].value() == "zeventig"
    assert response.context["form"]["note"].value() == "Bijna goed"
    assert Measurement.objects.get(pk=m.pk).value == 70


def test_a_computed_value_or_another_kpi_s_measurement_cannot_be_reached(client, secretariat, kpi, verbinden):
    computed_kpi = next(k for k in KPI.objects.filter(workstream=verbinden) if k.is_computed)
    computed = Measurement.objects.create(kpi=computed_kpi, date=D(2026, 11, 20), value=3, computed=True)
    client.force_login(secretariat)
    other = _record(client, kpi, "2026-11-17", "7")

    assert client.get(reverse("kpis:measurement_edit", args=[computed_kpi.pk, computed.pk])).status_code == 404
    assert client.get(reverse("kpis:measurement_delete", args=[computed_kpi.pk, computed.pk])).status_code == 404
    assert client.get(reverse("kpis:measurement_edit", args=[computed_kpi.pk, other.pk])).status_code == 404
    assert client.post(reverse("kpis:measurement_delete", args=[computed_kpi.pk, other.pk])).status_code == 404


@pytest.mark.parametrize("role", ["taskforce", "member", "other_member", "viewer"])
def test_only_who_records_measurements_may_correct_or_delete_them(client, roles, trekker, kpi, role):
    client.force_login(trekker)
    m = _record(client, kpi, "2026-11-17", "70")
    client.force_login(roles[role])

    assert client.get(_edit_url(m)).status_code == 403
    assert _correct(client, m, value="7").status_code == 403
    assert client.post(_delete_url(m), {"reason": "Weg", "version": 1}).status_code == 403
    m.refresh_from_db()
    assert (m.value, m.version) == (70, 1)
    page = _page(client, kpi).content.decode()
    assert _edit_url(m) not in page and _delete_url(m) not in page


def test_a_measurement_deleted_meanwhile_can_no_longer_be_corrected(client, trekker, kpi):
    client.force_login(trekker)
    m = _record(client, kpi, "2026-11-17", "70")
    form = client.get(_edit_url(m)).context["form"]
    Measurement.objects.filter(pk=m.pk).delete()

    response = client.post(_edit_url(m), {**form.initial, "date": "2026-11-17", "value": "7"})

    assert response.status_code == 404  # the page of a deleted measurement is gone
