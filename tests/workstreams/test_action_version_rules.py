"""The optimistic version check on saving an action: a save from an old version is refused with what
changed since, a save from the current one goes through and moves the version on by exactly one."""

import datetime as dt

import pytest
import time_machine

from recommendations.models import Recommendation
from taskforce.models import User
from workstreams.models import Action, Workstream
from workstreams.services import ActionConflict, action_update

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def workstream(db) -> Workstream:
    return Workstream.objects.create(slug="verbinden", name="Verbinden", goal="-")


@pytest.fixture
def people(db) -> tuple[User, User]:
    return (
        User.objects.create_user(username="anna", first_name="Anna", password="pw"),
        User.objects.create_user(username="bram", first_name="Bram", password="pw"),
    )


def recommendation(number: int) -> Recommendation:
    return Recommendation.objects.create(
        number=number, title=f"Aanbeveling {number}", theme=Recommendation.Theme.values[0],
        tracking=Recommendation.Tracking.PURSUED,
    )  # fmt: skip


@pytest.fixture
def action(workstream, people) -> Action:
    action = Action(workstream=workstream, title="Eerst", touched_at=T0 - dt.timedelta(days=3))
    action._history_user = people[0]
    action.save()
    return action


def test_a_save_from_the_current_version_goes_through_and_moves_the_version_on_by_one(action, people):
    anna, bram = people
    with time_machine.travel(T0, tick=False):
        saved = action_update(action_id=action.pk, version=1, user=bram, fields={"title": "Tweede"})
    action.refresh_from_db()
    assert (saved.version, action.version, action.title, action.touched_at) == (2, 2, "Tweede", T0)
    last = action.history.order_by("-history_id").first()
    assert (last.version, last.history_user, last.title) == (2, bram, "Tweede")
    saved = action_update(action_id=action.pk, version=2, user=anna, fields={"title": "Derde"})
    assert saved.version == 3


@pytest.mark.parametrize("stale_version", [0, 1, 3])
def test_a_save_from_any_other_version_is_refused_and_changes_nothing(action, people, stale_version):
    anna, bram = people
    action_update(action_id=action.pk, version=1, user=anna, fields={"title": "Van Anna"})
    with pytest.raises(ActionConflict) as refused:
        action_update(action_id=action.pk, version=stale_version, user=bram, fields={"title": "Van Bram"})
    action.refresh_from_db()
    assert (action.version, action.title) == (2, "Van Anna")
    assert refused.value.action.pk == action.pk
    assert refused.value.action.version == 2
    assert str(refused.value) == f"Action {action.pk} is at version 2"
    assert action.history.count() == 2


def test_the_refusal_carries_what_the_other_person_changed_since_the_version_loaded(action, people):
    anna, bram = people
    action_update(action_id=action.pk, version=1, user=anna, fields={"title": "Van Anna"})
    action_update(action_id=action.pk, version=2, user=anna, fields={"status": Action.Status.BLOCKED})
    with pytest.raises(ActionConflict) as refused:
        action_update(action_id=action.pk, version=2, user=bram, fields={"title": "Van Bram"})
    changes = refused.value.changes
    assert [entry.version for entry in changes] == [3]
    assert [(c.field, c.new) for c in changes[0].changes] == [("status", "Geblokkeerd")]
    assert changes[0].who == anna


def test_recommendations_are_set_when_given_and_kept_when_not(action, people):
    anna, _bram = people
    first, second = recommendation(1), recommendation(2)
    action_update(action_id=action.pk, version=1, user=anna, fields={}, recommendations=[first, second])
    assert set(action.recommendations.values_list("number", flat=True)) == {1, 2}
    action_update(action_id=action.pk, version=2, user=anna, fields={"title": "Anders"})
    assert set(action.recommendations.values_list("number", flat=True)) == {1, 2}
    action_update(action_id=action.pk, version=3, user=anna, fields={}, recommendations=[second])
    assert set(action.recommendations.values_list("number", flat=True)) == {2}
    action_update(action_id=action.pk, version=4, user=anna, fields={}, recommendations=[])
    assert not action.recommendations.exists()


# Measured: the save with its history row and one look at the current recommendations; writing the
# same set again would add queries.
QUERIES_OF_A_SAVE_WITH_THE_SAME_RECOMMENDATIONS = 8


def test_unchanged_recommendations_are_not_written_again(action, people, django_assert_num_queries):
    anna, _bram = people
    first = recommendation(1)
    action_update(action_id=action.pk, version=1, user=anna, fields={}, recommendations=[first])
    history_rows = action.history.count()
    with django_assert_num_queries(QUERIES_OF_A_SAVE_WITH_THE_SAME_RECOMMENDATIONS):
        action_update(action_id=action.pk, version=2, user=anna, fields={}, recommendations=[first])
    # One historical record for the save itself; a rewrite of the set would add m2m history as well.
    assert action.history.count() == history_rows + 1
    assert list(action.recommendations.all()) == [first]


def test_a_field_that_the_form_cannot_set_is_refused(action, people):
    with pytest.raises(ValueError, match="version cannot be set"):
        action_update(action_id=action.pk, version=1, user=people[0], fields={"version": 9})
    action.refresh_from_db()
    assert action.version == 1
