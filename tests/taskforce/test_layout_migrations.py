"""A database filled when meetings, snapshots, reports and deliveries still lived in workstreams and the
core migrates forward to the app-per-feature layout with every row where it was."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

# The last migrations of the old layout, and the apps that did not exist then.
OLD_LAYOUT = [("taskforce", "0001_initial"), ("workstreams", "0001_initial")]
NEW_APPS = ["meetings", "dashboards", "mailings"]
MOVED = {
    ("workstreams", "meeting"): "meetings",
    ("workstreams", "historicalmeeting"): "meetings",
    ("workstreams", "workstreamsnapshot"): "dashboards",
    ("taskforce", "progressreport"): "dashboards",
    ("taskforce", "delivery"): "mailings",
}


def _migrate(targets):
    """Migrates to `targets`; the models as the applied migrations define them."""
    MigrationExecutor(connection).migrate(targets)
    executor = MigrationExecutor(connection)
    return executor._create_project_state(with_applied_migrations=True).apps


def test_rows_written_at_the_old_layout_are_found_at_the_new_one():
    old = _migrate([*OLD_LAYOUT, *((app, None) for app in NEW_APPS)])
    ContentType = old.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(model__in=[model for _app, model in MOVED]).delete()
    old_types = {key: ContentType.objects.create(app_label=key[0], model=key[1]).pk for key in MOVED}

    org = old.get_model("taskforce", "Organisation").objects.create(short_name="VWS")
    user = old.get_model("taskforce", "User").objects.create(username="anna", email="anna@example.org")
    workstream = old.get_model("workstreams", "Workstream").objects.create(slug="verbinden", name="Verbinden", goal="g")
    meeting = old.get_model("workstreams", "Meeting").objects.create(
        workstream=workstream, title="Weekoverleg", starts_at=timezone.now()
    )
    meeting.attendees.add(user)
    old.get_model("workstreams", "HistoricalMeeting").objects.create(
        id=meeting.pk,
        title="Weekoverleg",
        starts_at=meeting.starts_at,
        created_at=meeting.created_at,
        updated_at=meeting.updated_at,
        history_date=timezone.now(),
        history_type="+",
    )
    action = old.get_model("workstreams", "Action").objects.create(
        workstream=workstream, title="Bellen", meeting=meeting
    )
    old.get_model("workstreams", "WorkstreamSnapshot").objects.create(
        workstream=workstream, date=dt.date(2026, 11, 30), actions_total=4, status="amber"
    )
    old.get_model("taskforce", "ProgressReport").objects.create(
        token="t0k3n", week=5, organisation=org, created_by=user, html="<p>stand</p>", pdf=b"%PDF"
    )
    old.get_model("taskforce", "Delivery").objects.create(kind="digest", period="2026-12-01", user=user, status="sent")

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    from django.contrib.contenttypes.models import ContentType as NewContentType

    from dashboards.models import ProgressReport, WorkstreamSnapshot
    from mailings.models import Delivery
    from meetings.models import Meeting
    from workstreams.models import Action

    moved_meeting = Meeting.objects.get(pk=meeting.pk)
    assert moved_meeting.title == "Weekoverleg" and moved_meeting.workstream.slug == "verbinden"
    assert list(moved_meeting.attendees.values_list("username", flat=True)) == ["anna"]
    assert moved_meeting.history.count() == 1
    assert Action.objects.get(pk=action.pk).meeting == moved_meeting
    assert WorkstreamSnapshot.objects.get(workstream__slug="verbinden").actions_total == 4
    report = ProgressReport.objects.get(token="t0k3n")
    assert (report.week, report.organisation.short_name, report.created_by.username) == (5, "VWS", "anna")
    assert bytes(report.pdf) == b"%PDF"
    assert Delivery.objects.get(user__username="anna").status == "sent"
    # Admin history and permissions keep pointing at the same content type, now under the new app.
    for (old_app, model), new_app in MOVED.items():
        assert NewContentType.objects.get(pk=old_types[(old_app, model)]).app_label == new_app
