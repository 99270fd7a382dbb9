"""Every write of the REST API, sent by every role, answers what ONE permission table says.

The reads are in tests/taskforce/test_url_access.py (every URL, GET). Here each row is one write: a
method, a URL and a body, built from fresh objects, with the expected status per role in the order of
ROLES. The rules are the pages' own (taskforce.permissions), so each row says what the page allows:
a request that succeeds for a role here is one that role can make in the browser, and no other.
A write endpoint of the schema without a row here fails: no write is forgotten in the table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from kpis.models import Measurement
from meetings.models import Meeting
from registers.models import Collaboration, Deliverable, Shortage, Supporter
from taskforce.models import Taskforce
from tests.api.conftest import bearer
from tests.factories import make_action, make_kpi, make_update, make_user
from updates.models import WorkstreamUpdate
from updates.selectors import meeting_date
from workstreams.models import Membership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]

ROLES = ("anonymous", "secretariat", "taskforce", "trekker", "member", "other_member", "viewer")
NO = 403

# Verbinden's actions, notes and registers: secretariat, taskforce members, its trekker and members.
ACTION_EDITORS = (401, "ok", "ok", "ok", "ok", NO, NO)
# Verbinden's members, KPIs' measurements and meetings: the secretariat and its trekker.
MANAGERS = (401, "ok", NO, "ok", NO, NO, NO)
# Taskforce meetings and the last signal of recommendations on the side: the secretariat and the taskforce.
TASKFORCE = (401, "ok", "ok", "ok", NO, NO, NO)
# Verbinden's weekly update: its trekker and the secretariat (and a member the trekker delegates).
UPDATE_WRITERS = (401, "ok", NO, "ok", NO, NO, NO)
# Reviewing what Verbinden's trekker submitted: the taskforce and the secretariat, never that trekker.
REVIEWERS = (401, "ok", "ok", NO, NO, NO, NO)
NOBODY = (401, NO, NO, NO, NO, NO, NO)


@dataclass(frozen=True)
class Write:
    method: str
    path: str  # the schema's path, e.g. /api/actions/{id}/
    build: Callable[[dict], tuple[str, dict | None]]  # objects -> (URL, JSON body)
    expected: tuple
    ok: int = 200
    label: str = ""


def fresh(objects: dict) -> dict:
    """Objects every row may write on, made afresh for each request (each runs in a rolled-back savepoint)."""
    verbinden = objects["verbinden"]
    return objects | {
        "action": make_action(verbinden, "Te wijzigen"),
        "measurement": Measurement.objects.create(kpi=objects["kpi"], value=3),
        "collaboration": Collaboration.objects.create(workstream=verbinden, dutch_company="B", partner="P"),
        "shortage": Shortage.objects.create(
            workstream=verbinden, category="raw_material", item="Glas", nature="existing"
        ),
        "supporter": Supporter.objects.create(workstream=verbinden, party="Partij", sector="private"),
        "deliverable": Deliverable.objects.create(workstream=verbinden, title="Overzicht"),
        "newcomer": make_user("nieuwkomer", "member"),
        "membership": Membership.objects.create(
            workstream=verbinden, user=make_user("vertrekker", "member"), role=Membership.Role.MEMBER
        ),
        "tf_meeting": Meeting.objects.create(title="Taskforce", starts_at=timezone.now() + dt.timedelta(days=2)),
        "ws_meeting": Meeting.objects.create(
            title="Verbinden", workstream=verbinden, starts_at=timezone.now() + dt.timedelta(days=1)
        ),
    }


def draft(objects: dict) -> WorkstreamUpdate:
    """Verbinden's draft for the coming meeting, begun by the secretariat."""
    return WorkstreamUpdate.objects.create(
        workstream=objects["verbinden"], meeting_date=objects["meeting_date"], created_by=objects["secretariat"]
    )


def register_rows(slug: str, key: str, body: dict) -> list[Write]:
    base = f"/api/registers/{slug}/"
    return [
        Write("POST", base, lambda o: (base, {"workstream": o["verbinden"].pk, **body}), ACTION_EDITORS, 201),
        Write(
            "PATCH",
            base + "{id}/",
            lambda o: (f"{base}{o[key].pk}/", {"note": "Bijgewerkt", "version": 1}),
            ACTION_EDITORS,
        ),
        Write(
            "DELETE",
            base + "{id}/",
            lambda o: (f"{base}{o[key].pk}/?version=1&reason=dubbel", None),
            ACTION_EDITORS,
            204,
        ),
    ]


def signal(recommendation: str) -> Callable[[dict], tuple[str, dict]]:
    return lambda o: (
        f"/api/recommendations/{o[recommendation].pk}/",
        {"last_signal_date": "2026-11-20", "last_signal_note": "Gebeld"},
    )


WRITES = [
    # Actions and their notes
    Write(
        "POST",
        "/api/actions/",
        lambda o: ("/api/actions/", {"workstream": o["verbinden"].pk, "title": "Nieuw"}),
        ACTION_EDITORS,
        201,
    ),
    Write(
        "PATCH",
        "/api/actions/{id}/",
        lambda o: (f"/api/actions/{o['action'].pk}/", {"title": "Anders", "version": 1}),
        ACTION_EDITORS,
    ),
    Write(
        "POST",
        "/api/actions/{id}/notes/",
        lambda o: (f"/api/actions/{o['action'].pk}/notes/", {"text": "Gebeld"}),
        ACTION_EDITORS,
        201,
    ),
    # Measurements of a KPI kept by hand
    Write(
        "POST",
        "/api/measurements/",
        lambda o: ("/api/measurements/", {"kpi": o["kpi"].pk, "value": "4", "date": "2026-11-23"}),
        MANAGERS,
        201,
    ),
    Write(
        "PATCH",
        "/api/measurements/{id}/",
        lambda o: (f"/api/measurements/{o['measurement'].pk}/", {"value": "5", "version": 1}),
        MANAGERS,
    ),
    Write(
        "DELETE",
        "/api/measurements/{id}/",
        lambda o: (f"/api/measurements/{o['measurement'].pk}/?version=1&reason=dubbel", None),
        MANAGERS,
        204,
    ),
    # The four registers
    *register_rows("collaborations", "collaboration", {"dutch_company": "Bedrijf", "partner": "Fabrikant"}),
    *register_rows("shortages", "shortage", {"category": "raw_material", "item": "Filters", "nature": "existing"}),
    *register_rows("supporters", "supporter", {"party": "Andere partij", "sector": "private"}),
    *register_rows("deliverables", "deliverable", {"title": "Notitie"}),
    # Members of Verbinden
    Write(
        "POST",
        "/api/memberships/",
        lambda o: ("/api/memberships/", {"workstream": o["verbinden"].pk, "user": o["newcomer"].pk, "role": "member"}),
        MANAGERS,
        201,
    ),
    Write(
        "PATCH",
        "/api/memberships/{id}/",
        lambda o: (f"/api/memberships/{o['membership'].pk}/", {"role": "trekker"}),
        MANAGERS,
    ),
    Write(
        "DELETE", "/api/memberships/{id}/", lambda o: (f"/api/memberships/{o['membership'].pk}/", None), MANAGERS, 204
    ),
    # Meetings: the taskforce's and Verbinden's
    Write(
        "POST",
        "/api/meetings/",
        lambda o: (
            "/api/meetings/",
            {"workstream": None, "title": "Taskforce", "starts_at": "2026-11-26T10:00:00+01:00"},
        ),
        TASKFORCE,
        201,
        "taskforce meeting",
    ),
    Write(
        "POST",
        "/api/meetings/",
        lambda o: (
            "/api/meetings/",
            {"workstream": o["verbinden"].pk, "title": "Verbinden", "starts_at": "2026-11-26T10:00:00+01:00"},
        ),
        MANAGERS,
        201,
        "workstream meeting",
    ),
    Write(
        "PATCH",
        "/api/meetings/{id}/",
        lambda o: (f"/api/meetings/{o['tf_meeting'].pk}/", {"decisions": "Bidbook laten maken"}),
        TASKFORCE,
        label="taskforce meeting",
    ),
    Write(
        "PATCH",
        "/api/meetings/{id}/",
        lambda o: (f"/api/meetings/{o['ws_meeting'].pk}/", {"minutes": "Besproken"}),
        MANAGERS,
        label="workstream meeting",
    ),
    # The owner's last signal: of a recommendation followed on the side; a pursued one takes none
    Write("PATCH", "/api/recommendations/{id}/", signal("sideline"), TASKFORCE, label="on the side"),
    Write("PATCH", "/api/recommendations/{id}/", signal("pursued"), NOBODY, label="pursued"),
    # Verbinden's weekly update: write, go on writing, review what its trekker submitted
    Write(
        "POST",
        "/api/updates/",
        lambda o: ("/api/updates/", {"workstream": o["verbinden"].pk, "rationale": "Loopt"}),
        UPDATE_WRITERS,
        201,
    ),
    Write(
        "PATCH",
        "/api/updates/{id}/",
        lambda o: (f"/api/updates/{draft(o).pk}/", {"rationale": "Loopt", "version": 1}),
        UPDATE_WRITERS,
    ),
    Write(
        "POST",
        "/api/workstreams/{id}/update-delegate/",
        lambda o: (f"/api/workstreams/{o['verbinden'].pk}/update-delegate/", {"user": o["membership"].user.pk}),
        UPDATE_WRITERS,
    ),
    Write(
        "POST",
        "/api/updates/{id}/review/",
        lambda o: (f"/api/updates/{o['submitted'].pk}/review/", {"decision": "approved"}),
        REVIEWERS,
    ),
]


@pytest.fixture
def objects(roles, verbinden, secretariat, trekker, sideline, pursued) -> dict:
    taskforce = Taskforce.current()
    coming = meeting_date(taskforce, timezone.localdate())
    return {
        "verbinden": verbinden,
        "kpi": make_kpi(verbinden),
        "secretariat": secretariat,
        "meeting_date": coming,
        # Last meeting's update of Verbinden, submitted by its trekker and waiting for review.
        "submitted": make_update(verbinden, trekker, coming - dt.timedelta(days=7)),
        "sideline": sideline,
        "pursued": pursued,
    }


def test_the_table_gives_one_answer_per_role():
    assert all(len(write.expected) == len(ROLES) for write in WRITES)


def test_every_write_of_the_schema_has_a_row_in_the_table(api_as, viewer):
    schema = api_as(viewer).get("/api/schema/?format=json").json()
    writes = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    }
    assert writes == {(write.method, write.path) for write in WRITES}


@pytest.mark.parametrize("role", ROLES)
def test_each_write_answers_each_role_as_the_permission_table_says(role, roles, objects):
    user = roles.get(role)
    client = bearer(user) if user else APIClient()
    column = ROLES.index(role)
    wrong = []
    for write in WRITES:
        expected = write.expected[column]
        expected = write.ok if expected == "ok" else expected
        with transaction.atomic():
            url, body = write.build(fresh(objects))
            response = getattr(client, write.method.lower())(url, body, format="json")
            transaction.set_rollback(True)
        if response.status_code != expected:
            detail = response.content[:200].decode(errors="replace")
            wrong.append(
                f"{write.method} {write.path} {write.label}: expected {expected}, got {response.status_code} {detail}"
            )
    assert wrong == []
