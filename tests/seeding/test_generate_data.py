"""The data generator behind `make bench` produces the counts its scale asks for, deterministically."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from dashboards.models import WorkstreamSnapshot
from kpis.models import KPI, Measurement
from meetings.models import Meeting
from seeding import seed_data
from seeding.data_generator import SCALES, Scale, generate
from taskforce.models import User
from workstreams.models import Action, HistoricalAction_recommendations, Membership, ProgressNote, Workstream

pytestmark = pytest.mark.django_db

TINY = Scale(
    workstreams=5,
    actions=40,
    notes=120,
    action_history=100,
    people=30,
    kpis_per_new_workstream=2,
    measurements_per_kpi=3,
    meeting_weeks=2,
    snapshot_days=7,
)


def fingerprint() -> list[tuple]:
    """What the data looks like, without database ids (sequences differ between runs)."""
    return [
        (action.title, action.status, action.workstream.slug, action.owner and action.owner.username)
        for action in Action.objects.select_related("workstream", "owner").order_by("title")
    ] + sorted(ProgressNote.objects.values_list("action__title", "author__username", "kind", "text"))


def test_tiny_scale_creates_exactly_the_requested_counts(taskforce):
    seeded_kpis = KPI.objects.count()

    generate(TINY)

    assert Workstream.objects.count() == 5
    assert Action.objects.count() == 40
    assert ProgressNote.objects.count() == 120
    assert Action.history.count() == 100
    assert User.objects.count() == 30
    assert KPI.objects.count() == seeded_kpis + 2 * 2
    assert Measurement.objects.count() == KPI.objects.count() * 3
    assert Meeting.objects.count() == (1 + 5) * 2
    assert Meeting.history.count() == Meeting.objects.count()
    assert WorkstreamSnapshot.objects.count() == 5 * 7


def test_generated_actions_have_creation_history_with_their_recommendations(taskforce):
    generate(TINY)

    generated = Action.objects.filter(seed_key__isnull=True)
    assert generated.count() == 40 - len(Action.objects.exclude(seed_key__isnull=True))
    for action in generated:
        created = action.history.get(history_type="+")
        linked = set(
            HistoricalAction_recommendations.objects.filter(history=created).values_list("recommendation_id", flat=True)
        )
        assert linked == set(action.recommendations.values_list("id", flat=True))
        assert linked


def test_owners_and_note_authors_belong_to_the_action_workstream(taskforce):
    generate(TINY)

    members = set(Membership.objects.values_list("workstream_id", "user_id"))
    for action in Action.objects.exclude(owner=None):
        assert (action.workstream_id, action.owner_id) in members
    for note in ProgressNote.objects.select_related("action"):
        assert (note.action.workstream_id, note.author_id) in members


def test_the_same_seed_gives_the_same_data(taskforce):
    with transaction.atomic():
        generate(TINY, seed=7)
        first = fingerprint()
        transaction.set_rollback(True)
    with transaction.atomic():
        generate(TINY, seed=7)
        second = fingerprint()
        transaction.set_rollback(True)
    generate(TINY, seed=8)

    assert first == second
    assert fingerprint() != first


def test_real_scale_adds_demo_like_users_and_a_few_notes_to_the_seeded_actions(taskforce):
    out = io.StringIO()
    call_command("generate_data", scale="real", stdout=out)

    assert set(User.objects.values_list("username", flat=True)) == {user[0] for user in seed_data.DEMO_USERS}
    assert Membership.objects.get(user__username="trekker").role == Membership.Role.TREKKER
    assert Action.objects.count() == SCALES["real"].actions
    assert ProgressNote.objects.count() == SCALES["real"].notes
    assert not User.objects.get(username="lid").has_usable_password()
    assert "Generated (real)" in out.getvalue()


def test_generating_twice_into_one_database_is_refused(taskforce):
    call_command("generate_data", scale="real", stdout=io.StringIO())

    with pytest.raises(CommandError, match="fresh"):
        call_command("generate_data", scale="real", stdout=io.StringIO())


def test_a_password_makes_the_generated_people_able_to_log_in(taskforce, client):
    call_command("generate_data", scale="real", password="bench-pw", stdout=io.StringIO())

    assert User.objects.get(username="lid").check_password("bench-pw")
