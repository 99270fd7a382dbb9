"""The one optimistic lock (taskforce.versioning), asked directly: the row comes back locked only when it is
still at the version the person loaded; otherwise VersionConflict carries the row as it is now."""

import pytest
from django.db import transaction

from kpis.models import KPI, Measurement
from taskforce.versioning import VersionConflict, lock_at_version
from workstreams.models import Workstream

pytestmark = pytest.mark.django_db


@pytest.fixture
def measurement(db) -> Measurement:
    workstream = Workstream.objects.create(slug="verbinden", name="Verbinden", goal="-")
    kpi = KPI.objects.create(workstream=workstream, name="Bezoekers", text="-")
    return Measurement.objects.create(kpi=kpi, value=70, version=3)


def test_the_current_version_gets_the_row(measurement):
    with transaction.atomic():
        assert lock_at_version(Measurement.objects, pk=measurement.pk, version=3) == measurement


@pytest.mark.parametrize("version", [2, 4, None, 0])
def test_any_other_version_is_a_conflict_carrying_the_row_as_it_is_now(measurement, version):
    with transaction.atomic(), pytest.raises(VersionConflict) as caught:
        lock_at_version(Measurement.objects, pk=measurement.pk, version=version)
    assert (caught.value.current.pk, caught.value.current.version) == (measurement.pk, 3)
    assert str(caught.value) == f"Measurement {measurement.pk} is at version 3"


def test_a_row_deleted_meanwhile_says_so(measurement):
    Measurement.objects.filter(pk=measurement.pk).delete()
    with transaction.atomic(), pytest.raises(Measurement.DoesNotExist):
        lock_at_version(Measurement.objects, pk=measurement.pk, version=3)


@pytest.mark.django_db(transaction=True)
def test_the_lock_is_refused_outside_a_transaction():
    # Outside atomic() the lock would end with the query itself: a silent non-lock.
    with pytest.raises(RuntimeError):
        lock_at_version(Measurement.objects, pk=1, version=3)


def test_the_queryset_limits_what_can_be_locked(measurement):
    with transaction.atomic(), pytest.raises(Measurement.DoesNotExist):
        lock_at_version(Measurement.objects.filter(computed=True), pk=measurement.pk, version=3)
