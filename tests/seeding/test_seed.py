"""The seeded taskforce matches the implementation proposal of 1 April 2021."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from kpis.models import KPI
from recommendations.models import Recommendation
from taskforce.models import Organisation, Taskforce, User
from tests.conftest import SOURCE_DOCUMENT
from workstreams.models import Action, Workstream

pytestmark = pytest.mark.django_db


def normalise(text: str) -> str:
    # The document's text extraction breaks lines (sometimes mid-word after a hyphen) and doubles spaces.
    return re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "-", text)).strip()


@pytest.fixture(scope="module")
def document() -> str:
    """The proposal's text (TASKFORCE_SOURCE_DOCUMENT); tests using it carry the source_document marker,
    and tests/conftest.py deselects them, saying so, where the document is absent."""
    return normalise(SOURCE_DOCUMENT.read_text(encoding="utf-8"))


# number: (owners in the document's order, theme, tracking, workstreams)
EXPECTED = {
    1: (["EZK", "VNO-NCW"], "verbinden", "pursued", {"verbinden"}),
    2: (["EZK", "Brancheverenigingen", "EC"], "verbinden", "pursued", {"verbinden"}),
    3: (["EC", "EZK", "VWS", "Bedrijfsleven"], "voorkomen", "pursued", {"voorkomen"}),
    4: (["EZK", "VNO-NCW"], "voorkomen", "pursued", {"voorkomen"}),
    5: (["Biotech Training Facility", "OCW"], "voorkomen", "pursued", {"voorkomen"}),
    6: (["EC"], "voorkomen", "pursued", {"verbinden", "voorbereiden"}),
    7: (["VWS", "EC"], "voorkomen", "pursued", {"voorbereiden"}),
    8: (["EC"], "supply_chain", "sideline", set()),
    9: (["EC"], "regulation", "sideline", set()),
    10: (["EMA"], "regulation", "sideline", set()),
    11: (["VWS", "EC"], "regulation", "sideline", set()),
    12: (["VIG", "Individuele bedrijven"], "communication", "sideline", set()),
    13: (["VWS", "RIVM", "Topsector Creatief"], "communication", "sideline", set()),
    14: (["VWS", "EZK", "VIG", "HollandBIO", "VNO-NCW"], "voorbereiden", "pursued", {"voorbereiden"}),
    15: (["Topsector LSH"], "voorbereiden", "pursued", {"voorbereiden"}),
}


def test_there_are_15_recommendations_9_pursued_and_6_on_the_side(taskforce):
    assert Recommendation.objects.count() == 15
    assert Recommendation.objects.filter(tracking="pursued").count() == 9
    assert set(Recommendation.objects.filter(tracking="sideline").values_list("number", flat=True)) == set(range(8, 14))
    assert Workstream.objects.count() == 3


@pytest.mark.source_document
@pytest.mark.parametrize("number", range(1, 16))
def test_each_recommendation_has_the_documents_owners_theme_tracking_and_workstreams(taskforce, document, number):
    rec = Recommendation.objects.prefetch_related("owner_links__organisation", "workstreams").get(number=number)
    owners, theme, tracking, workstreams = EXPECTED[number]
    assert [org.short_name for org in rec.owner_list()] == owners
    assert rec.theme == theme
    assert rec.tracking == tracking
    assert {ws.slug for ws in rec.workstreams.all()} == workstreams
    # The title is the introduction table's, word for word, numbered as there.
    assert f"{number}. {rec.title}" in document


def test_recommendation_6_sits_in_two_workstreams(taskforce):
    assert Recommendation.objects.get(number=6).workstreams.count() == 2


@pytest.mark.source_document
@pytest.mark.parametrize(
    "slug, trekker, participants, recommendations, n_actions, n_kpis",
    [
        ("verbinden", "NFIA", ["NFIA", "VWS", "EZK", "VNO-NCW", "VIG"], {1, 2, 6}, 3, 1),
        ("voorkomen", "VNO-NCW", ["VNO-NCW", "EZK", "VWS", "VIG", "logistieke expertise"], {3, 4, 5}, 5, 1),
        (
            "voorbereiden",
            "Health-Holland",
            ["Health-Holland", "VWS", "EZK", "VIG", "HollandBIO", "VNO-NCW", "NFIA"],
            {6, 7, 14, 15},
            6,
            2,
        ),
    ],
)
def test_each_workstream_has_the_documents_participants_trekker_actions_and_kpis(
    taskforce, document, slug, trekker, participants, recommendations, n_actions, n_kpis
):
    ws = Workstream.objects.get(slug=slug)
    assert ws.trekker_organisation.short_name == trekker
    assert [org.short_name for org in ws.participant_list()] == participants
    assert set(ws.recommendations.values_list("number", flat=True)) == recommendations
    assert normalise(ws.goal) in document
    actions = list(ws.actions.order_by("position"))
    assert len(actions) == n_actions
    for action in actions:
        # Each action is one "Aanpak" bullet, word for word, serving the workstream's recommendations.
        assert normalise(action.description) in document
        assert action.status == Action.Status.NOT_STARTED
        served = set(action.recommendations.values_list("number", flat=True))
        assert served and served <= recommendations
    kpis = list(ws.kpis.all())
    assert len(kpis) == n_kpis
    for kpi in kpis:
        assert normalise(kpi.text) in document


def test_every_workstream_recommendation_is_served_by_an_action(taskforce):
    for ws in Workstream.objects.all():
        served = set(Action.objects.filter(workstream=ws).values_list("recommendations__number", flat=True))
        assert set(ws.recommendations.values_list("number", flat=True)) == served


def test_kpis_have_measurable_definitions(taskforce):
    voorkomen = KPI.objects.get(workstream__slug="voorkomen")
    assert voorkomen.kind == KPI.Kind.ZERO and voorkomen.target == 0
    overview = KPI.objects.get(seed_key="voorbereiden-kpi-1")
    assert overview.kind == KPI.Kind.MILESTONE and overview.target == 1
    assert KPI.objects.get(workstream__slug="verbinden").kind == KPI.Kind.COUNT


@pytest.mark.source_document
def test_the_taskforce_has_the_documents_goal_participants_and_sizes(taskforce, document):
    assert taskforce.name == "Taskforce Vaccins"
    assert normalise(taskforce.goal) in document
    assert [o.short_name for o in taskforce.participant_list()] == [
        "Special Envoy",
        "VWS",
        "EZK",
        "VNO-NCW",
        "NFIA",
        "Health-Holland",
    ]
    assert (taskforce.planned_size, taskforce.workstream_size_min, taskforce.workstream_size_max) == (6, 5, 7)


@pytest.mark.source_document
def test_every_organisation_the_document_names_exists(taskforce, document):
    for org in Organisation.objects.all():
        assert org.short_name in document


def test_seeding_twice_changes_nothing(taskforce):
    counts = [m.objects.count() for m in (Organisation, Recommendation, Workstream, Action, KPI)]
    call_command("seed_taskforce", start_date=dt.date(2030, 1, 7))
    assert [m.objects.count() for m in (Organisation, Recommendation, Workstream, Action, KPI)] == counts
    assert Taskforce.objects.get().start_date == dt.date(2026, 11, 2)


def test_reseeding_never_overwrites_what_people_edited(taskforce):
    action = Action.objects.get(seed_key="verbinden-1")
    action.title = "Bedrijven in kaart (bewerkt)"
    action.status = Action.Status.DONE
    action.save()
    action.recommendations.set([Recommendation.objects.get(number=2)])
    rec = Recommendation.objects.get(number=8)
    rec.title = "Eigen titel"
    rec.save()
    ws = Workstream.objects.get(slug="voorkomen")
    ws.goal = "Nieuw doel"
    ws.save()

    call_command("seed_taskforce")

    action.refresh_from_db()
    assert (action.title, action.status) == ("Bedrijven in kaart (bewerkt)", "done")
    assert list(action.recommendations.values_list("number", flat=True)) == [2]
    assert Recommendation.objects.get(number=8).title == "Eigen titel"
    assert Workstream.objects.get(slug="voorkomen").goal == "Nieuw doel"


def test_seeded_actions_are_due_at_the_11_week_mark(taskforce):
    assert set(Action.objects.values_list("due_date", flat=True)) == {dt.date(2026, 11, 2) + dt.timedelta(weeks=11)}


def test_demo_users_get_one_login_per_role(taskforce, settings, capsys):
    settings.DEBUG = True
    call_command("seed_taskforce", demo_users=True)
    out = capsys.readouterr().out
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "secretariaat": "secretariat",
        "taskforce": "taskforce",
        "trekker": "taskforce",
        "lid": "member",
        "ministerie": "viewer",
    }
    assert User.objects.get(username="trekker").memberships.get().role == "trekker"
    password = re.search(r"lid\s+(\S+)", out).group(1)
    assert User.objects.get(username="lid").check_password(password)


def test_demo_users_are_refused_in_production(taskforce, settings):
    settings.DEBUG = False
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_taskforce", demo_users=True)
    assert not User.objects.filter(username="lid").exists()


def test_a_duplicate_recommendation_number_is_refused(taskforce):
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(number=3, title="Dubbel", theme="voorkomen", tracking="pursued")


def test_a_recommendation_number_outside_1_to_15_is_refused(taskforce):
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(number=16, title="Zestien", theme="voorkomen", tracking="pursued")


def test_a_workstream_has_at_most_one_trekker(taskforce):
    from tests.factories import make_user

    make_user("t1", "taskforce", workstream="verbinden", ws_role="trekker")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user("t2", "taskforce", workstream="verbinden", ws_role="trekker")
