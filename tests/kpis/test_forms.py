"""Recording a KPI value and editing its definition: bad input re-renders with errors and keeps the text."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from kpis.models import KPI, Measurement

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC), tick=False):
        yield


def record(client, kpi, **data):
    return client.post(f"/kpis/{kpi.pk}/measurements/", {"date": "2026-11-20", "value": "3", "note": "", **data})


def test_trekker_records_a_value_and_sees_it_in_table_and_chart_data(client, trekker, kpi):
    client.force_login(trekker)
    response = record(client, kpi, value="7", note="Twee nieuwe samenwerkingen")
    assert response.status_code == 302 and response["Location"] == f"/kpis/{kpi.pk}/"
    measurement = Measurement.objects.get(kpi=kpi)
    assert (measurement.value, measurement.date, measurement.recorded_by) == (
        Decimal(7),
        dt.date(2026, 11, 20),
        trekker,
    )
    page = client.get(f"/kpis/{kpi.pk}/")
    assert page.context["chart"]["values"] == [7.0]
    assert page.context["chart"]["labels"] == ["20-11-2026"]
    assert "Twee nieuwe samenwerkingen" in page.content.decode()


def test_a_value_that_is_not_a_number_re_renders_with_an_error_and_keeps_the_input(client, trekker, kpi):
    client.force_login(trekker)
    response = record(client, kpi, value="twaalf", note="mijn toelichting")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vul een getal in" in html
    assert 'value="twaalf"' in html
    assert 'value="mijn toelichting"' in html
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e30", "", "3.14159"])
def test_odd_numbers_are_refused_without_a_server_error(client, trekker, kpi, value):
    client.force_login(trekker)
    response = record(client, kpi, value=value)
    assert response.status_code == 200
    assert response.context["form"].errors["value"]
    assert not Measurement.objects.exists()


def test_a_decimal_comma_is_understood(client, trekker, kpi):
    client.force_login(trekker)
    assert record(client, kpi, value="12,5").status_code == 302
    assert Measurement.objects.get(kpi=kpi).value == Decimal("12.5")


def test_a_date_in_the_future_re_renders_with_an_error_and_keeps_the_input(client, trekker, kpi):
    client.force_login(trekker)
    response = record(client, kpi, date="2026-11-24", value="4")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Een meting kan niet in de toekomst liggen." in html
    assert 'value="2026-11-24"' in html and 'value="4"' in html
    assert not Measurement.objects.exists()


def test_a_garbled_date_is_an_error_not_a_crash(client, trekker, kpi):
    client.force_login(trekker)
    response = record(client, kpi, date="31-31-2026")
    assert response.status_code == 200
    assert response.context["form"].errors["date"]


def test_trekker_edits_the_measurable_definition(client, trekker, kpi):
    client.force_login(trekker)
    response = client.post(
        f"/kpis/{kpi.pk}/edit/",
        {"definition": "Aantal getekende MoU's", "unit": "MoU's", "kind": "count", "target": "5", "direction": "up"},
    )
    assert response.status_code == 302
    kpi.refresh_from_db()
    assert (kpi.definition, kpi.unit, kpi.target) == ("Aantal getekende MoU's", "MoU's", Decimal(5))
    assert kpi.history.first().history_user == trekker


def test_a_bad_target_or_kind_re_renders_the_definition_form(client, trekker, kpi):
    client.force_login(trekker)
    response = client.post(
        f"/kpis/{kpi.pk}/edit/",
        {"definition": "Nieuw", "unit": "x", "kind": "onzin", "target": "veel", "direction": "up"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "target"}
    assert 'value="veel"' in response.content.decode()
    assert KPI.objects.get(pk=kpi.pk).definition != "Nieuw"


# --- Impossible values are refused, with the limits shown beforehand -------------------------------


def test_a_measurement_from_1900_or_below_zero_is_refused_and_the_limits_are_on_the_form(client, trekker, kpi):
    client.force_login(trekker)
    page = client.get(f"/kpis/{kpi.pk}/").content.decode()
    assert 'min="2025-11-02"' in page and "Een aantal: 0 of meer." in page
    old = client.post(f"/kpis/{kpi.pk}/measurements/", {"date": "1900-01-01", "value": "3"})
    assert "is vast een tikfout" in old.content.decode() and 'value="3"' in old.content.decode()
    negative = client.post(f"/kpis/{kpi.pk}/measurements/", {"date": "2026-11-10", "value": "-1"})
    assert "de waarde is 0 of meer" in negative.content.decode()
    assert not kpi.measurements.exists()
