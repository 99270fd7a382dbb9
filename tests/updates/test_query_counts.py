"""Query counts stay flat however many updates there are: 10 or 1,000."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from taskforce.models import Taskforce
from updates.models import Review, UpdateVersion, WorkstreamUpdate
from updates.selectors import update_summaries
from updates.services import baseline_freeze
from workstreams.models import Workstream

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]


def _updates(count: int, author, reviewer) -> None:
    """`count` more approved updates spread over the workstreams and past meetings, in bulk."""
    workstreams = list(Workstream.objects.all())
    first = WorkstreamUpdate.objects.count()
    updates = WorkstreamUpdate.objects.bulk_create(
        [
            WorkstreamUpdate(
                workstream=workstreams[i % len(workstreams)],
                meeting_date=dt.date(2026, 11, 17) - dt.timedelta(weeks=i // len(workstreams)),
                state="approved",
                rating="amber",
                rationale=f"Update {i}",
                created_by=author,
            )
            for i in range(first, first + count)
        ]
    )
    now = timezone.now()
    versions = UpdateVersion.objects.bulk_create(
        [
            UpdateVersion(
                update=u,
                number=1,
                rating="amber",
                rationale=u.rationale,
                computed_colour="amber",
                submitted_by=author,
                submitted_at=now,
            )
            for u in updates
        ]
    )
    Review.objects.bulk_create(
        [Review(version=v, decision="approved", rating="red", reviewer=reviewer, reviewed_at=now) for v in versions]
    )


def _count(func) -> int:
    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)


@pytest.mark.parametrize("pages", [("dashboard", []), ("updates:list", []), ("dashboard_workstream", ["verbinden"])])
def test_pages_and_selectors_issue_as_many_queries_with_1000_updates_as_with_10(
    client, pages, trekker, taskforce_member, secretariat
):
    name, args = pages
    taskforce = Taskforce.current()
    baseline_freeze(taskforce=taskforce, user=secretariat)
    client.force_login(taskforce_member)
    counts = []
    for count in (10, 990):  # 10, then 1,000 in all
        _updates(count, trekker, taskforce_member)
        client.get(reverse(name, args=args))  # warm caches (session, settings row)
        counts.append(
            (
                _count(lambda: client.get(reverse(name, args=args))),
                _count(lambda: update_summaries(deadline=taskforce.deadline(), taskforce=taskforce)),
            )
        )
    assert WorkstreamUpdate.objects.count() == 1000
    assert counts[0] == counts[1]
    assert counts[0][1] <= 6  # versions (2), this meeting's, plans, baseline, action counts


def test_the_digest_context_does_not_grow_with_updates(trekker, taskforce_member):
    from mailings.digest import digest_context

    counts = []
    for count in (10, 990):
        _updates(count, trekker, taskforce_member)
        counts.append(_count(lambda: digest_context(today=timezone.localdate(), people=[trekker])))
    assert counts[0] == counts[1]
