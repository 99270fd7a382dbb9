"""KPI list grouped by workstream and the KPI page; query counts stay fixed as data grows."""

import datetime as dt

import pytest

from kpis import services
from kpis.models import KPI, Measurement
from workstreams.models import Workstream

pytestmark = pytest.mark.django_db


def test_kpi_list_groups_kpis_under_their_workstream(client, viewer):
    client.force_login(viewer)
    response = client.get("/kpis/")
    groups = response.context["groups"]
    assert [ws.slug for ws, _ in groups] == list(Workstream.objects.values_list("slug", flat=True))
    for ws, rows in groups:
        assert all(kpi.workstream_id == ws.pk for kpi, _latest, _behind in rows)
    assert sum(len(rows) for _, rows in groups) == KPI.objects.count()


def test_kpi_page_shows_definition_target_and_direction(client, viewer, kpi):
    kpi.target = 4
    kpi.save()
    client.force_login(viewer)
    html = client.get(f"/kpis/{kpi.pk}/").content.decode()
    for text in [kpi.text, kpi.definition, kpi.unit, kpi.get_kind_display(), kpi.get_direction_display()]:
        assert str(text) in html
    assert "4 samenwerkingen" in html


def test_a_zero_kpi_above_zero_shows_as_behind(client, viewer, voorkomen):
    zero = KPI.objects.get(workstream=voorkomen, kind="zero")
    Measurement.objects.create(kpi=zero, date=dt.date(2026, 11, 10), value=2)
    client.force_login(viewer)
    response = client.get(f"/kpis/{zero.pk}/")
    assert response.context["standing"] == "behind"
    assert "Achter op doel" in response.content.decode()


@pytest.mark.parametrize("url", ["/kpis/", "/kpis/{pk}/"])
def test_kpi_pages_take_the_same_number_of_queries_with_more_measurements(
    client, trekker, kpi, url, django_assert_max_num_queries
):
    client.force_login(trekker)
    # The KPI page also reads its corrections: one query however many there are. Both count the
    # menu's unread notifications (one query).
    most = 9 if "{pk}" in url else 8
    url = url.format(pk=kpi.pk)
    client.get(url)
    with django_assert_max_num_queries(most):
        client.get(url)
    for n in range(25):
        for each in KPI.objects.all():
            Measurement.objects.create(
                kpi=each, date=dt.date(2026, 11, 2) + dt.timedelta(days=n), value=n, recorded_by=trekker
            )
    for measurement in list(kpi.measurements.all()[:10]):
        fields = {"date": measurement.date, "value": measurement.value + 1, "note": "gecorrigeerd"}
        services.measurement_update(measurement_id=measurement.pk, version=1, user=trekker, fields=fields)
    with django_assert_max_num_queries(most):
        response = client.get(url)
    assert response.status_code == 200


def test_a_kpi_without_a_target_says_so_instead_of_on_track(client, viewer, kpi):
    kpi.target = None
    kpi.save()
    client.force_login(viewer)
    html = client.get(f"/kpis/{kpi.pk}/").content.decode()
    assert "Nog geen doel" in html and "Op koers" not in html


def test_a_computed_kpi_shows_its_evidence_and_takes_no_typed_values(client, trekker, verbinden):
    computed = KPI.objects.get(seed_key="verbinden-kpi-1")
    client.force_login(trekker)
    html = client.get(f"/kpis/{computed.pk}/").content.decode()
    assert f"/registers/kpi/{computed.pk}/" in html
    assert "Meting opslaan" not in html
    client.post(f"/kpis/{computed.pk}/measurements/", {"date": "2026-11-20", "value": "9"})
    assert not Measurement.objects.filter(kpi=computed, computed=False).exists()


# --- One standing, from one function, everywhere --------------------------------------------------


def test_a_kpi_without_target_or_measurement_reads_the_same_on_every_page(client, trekker):
    from kpis.models import KPI
    from workstreams.models import Workstream

    verbinden = Workstream.objects.get(slug="verbinden")
    kpi = KPI.objects.create(workstream=verbinden, name="Nieuw zonder doel", text="t", target=None)
    client.force_login(trekker)
    for url in ["/kpis/", f"/kpis/{kpi.pk}/", "/workstreams/verbinden/"]:
        html = client.get(url).content.decode()
        row = html[html.index(">Nieuw zonder doel<") :][:1500]
        assert "Nog geen doel" in row, url
        assert "Op schema" not in row and "Achter op doel" not in row, url


def test_a_new_hand_measured_kpi_is_not_behind_before_anyone_measured_it(client, trekker):
    from kpis.models import KPI, Standing
    from taskforce.models import current_deadline
    from workstreams.models import Workstream
    from workstreams.selectors import workstream_figures

    verbinden = Workstream.objects.get(slug="verbinden")
    deadline = current_deadline()
    before = workstream_figures(deadline=deadline)[verbinden.pk].kpis_behind
    kpi = KPI.objects.create(workstream=verbinden, name="Nog te meten", text="t", target=10)
    assert kpi.standing(None, 0.5) == Standing.NOT_MEASURED
    assert workstream_figures(deadline=deadline)[verbinden.pk].kpis_behind == before
    client.force_login(trekker)
    html = client.get(f"/kpis/{kpi.pk}/").content.decode()
    assert "Nog niet gemeten" in html and "Achter op doel" not in html
