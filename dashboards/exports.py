"""Actions and recommendations as CSV and XLSX, for briefings; the same status rule as the dashboards."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards.selectors import action_scope
from recommendations.models import Recommendation
from recommendations.selectors import recommendation_rows
from taskforce.models import Deadline, Organisation, User
from workstreams.models import Action, Workstream


def action_table(
    *, deadline: Deadline, org: Organisation | None = None, workstream: Workstream | None = None
) -> tuple[list[str], list[list]]:
    headers = [
        _("Nummer"),
        _("Werkstroom"),
        _("Actie"),
        _("Status"),
        _("Eigenaar"),
        _("Organisatie eigenaar"),
        _("Deadline"),
        _("Over de deadline"),
        _("Aanbevelingen"),
        _("Resultaat"),
        _("Link naar bewijs"),
        _("Laatst bijgewerkt"),
        # The version each row was exported at: an edited export uploaded again (imports app) is
        # refused row by row where the action changed in the app since.
        _("Versie"),
    ]
    actions = Action.objects.filter(action_scope(org))
    if workstream is not None:  # the export of a workstream's dashboard: that workstream only
        actions = actions.filter(workstream=workstream)
    # Plain values rather than model instances, and the numbers as (action, number) pairs rather than
    # prefetched objects: thousands of rows in a fixed number of queries, without an object per cell.
    numbers = defaultdict(list)
    pairs = Action.recommendations.through.objects.filter(action__in=actions).values_list(
        "action_id", "recommendation__number"
    )
    for action_id, number in pairs.order_by("recommendation__number"):
        numbers[action_id].append(number)
    overdue = set(actions.overdue(deadline.today).values_list("pk", flat=True))
    statuses = {value: str(label) for value, label in Action.Status.choices}
    yes, no = _("ja"), _("nee")
    owners = _OwnerNames()
    values = actions.values_list(
        "pk",
        "workstream__name",
        "title",
        "status",
        "owner_id",
        "owner__username",
        "owner__first_name",
        "owner__last_name",
        "owner__organisation__short_name",
        "due_date",
        "result",
        "evidence_url",
        "touched_at",
        "version",
    )
    rows = []
    for (
        pk,
        workstream,
        title,
        status,
        owner_id,
        username,
        first,
        last,
        org_name,
        due,
        result,
        url,
        touched,
        version,
    ) in values.iterator(chunk_size=2000):
        rows.append(
            [
                pk,
                workstream,
                title,
                statuses.get(status, status),
                owners.name(owner_id, username, first, last),
                org_name or "",
                due,
                yes if pk in overdue else no,
                ", ".join(str(number) for number in numbers[pk]),
                result,
                url,
                timezone.localtime(touched).replace(tzinfo=None, microsecond=0),
                version,
            ]
        )
    return headers, rows


class _OwnerNames:
    """An owner's name as User.__str__ gives it, worked out once per person."""

    def __init__(self):
        self._names: dict[int, str] = {}

    def name(self, pk: int | None, username: str, first_name: str, last_name: str) -> str:
        if pk is None:
            return ""
        if pk not in self._names:
            self._names[pk] = str(User(pk=pk, username=username, first_name=first_name, last_name=last_name))
        return self._names[pk]


def recommendation_table(
    *, deadline: Deadline, org: Organisation | None = None, workstream: Workstream | None = None
) -> tuple[list[str], list[list]]:
    headers = [
        _("Nummer"),
        _("Aanbeveling"),
        _("Eigenaren"),
        _("Thema"),
        _("Wijze van opvolging"),
        _("Werkstromen"),
        _("Status"),
        _("Toelichting status"),
        _("Acties open"),
        _("Acties afgerond"),
        _("Datum laatste signaal"),
        _("Laatste signaal van de eigenaar"),
    ]
    # The owner's latest signal is what the taskforce follows for a recommendation owned elsewhere;
    # a pursued one is followed through its actions (the pages show no signal for it either).
    rows = [
        [
            row.recommendation.number,
            row.recommendation.title,
            ", ".join(str(owner) for owner in row.owners),
            row.recommendation.get_theme_display(),
            row.recommendation.get_tracking_display(),
            ", ".join(ws.name for ws in row.workstreams),
            row.status.label,
            " ".join(row.status.reasons),
            row.figures.open,
            row.figures.done,
            *_signal(row.recommendation),
        ]
        for row in recommendation_rows(deadline=deadline, org=org, workstream=workstream)
    ]
    return headers, rows


def _signal(recommendation: Recommendation) -> tuple[dt.date | None, str]:
    if recommendation.is_pursued:
        return None, ""
    if recommendation.last_signal_date is None:
        return None, _("Nog geen signaal")
    return recommendation.last_signal_date, recommendation.last_signal_note
