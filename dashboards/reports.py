"""The progress report (voortgangsrapportage): one HTML fragment for the browser, the PDF and the frozen copy.

It opens with a one-page summary (the deadline, each workstream's status, the KPI standings, the
actions that are blocked or overdue, what needs a decision), then the detail per workstream with its
burn-up as inline SVG, then the recommendations. The PDF is tagged PDF/UA-1, so screen readers follow
its headings, tables and figures; a frozen report keeps the PDF it was made with.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.staticfiles import finders
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards.charts import burnup_svg
from dashboards.models import ProgressReport
from dashboards.selectors import WorkstreamCard, action_scope, attach_burnups, workstream_cards
from kpis.models import Standing
from mandate.selectors import governance
from meetings.models import Meeting
from recommendations.selectors import recommendation_rows
from taskforce.models import Deadline, Organisation, Taskforce
from updates.services import facts_freeze
from workstreams.models import Action
from workstreams.status import RED

# The summary fits one page: it names this many blocked or overdue actions and counts the rest.
SUMMARY_ACTIONS = 5
SUMMARY_AGENDA_ITEMS = 5

# Tagged PDF for accessibility (PDF/UA-1: structure tree, language, title); WeasyPrint's variant.
PDF_VARIANT = "pdf/ua-1"


@dataclass
class Summary:
    """Page one of the report."""

    kpi_standings: list[tuple[str, int]]  # (label, how many KPIs), in the order of kpis.models.Standing
    attention: list[tuple[Action, bool]]  # the first blocked or overdue actions (and whether overdue)
    attention_more: int  # how many more there are
    red: list[WorkstreamCard]  # workstreams behind schedule: the taskforce decides how to steer
    next_meeting: Meeting | None  # the next taskforce meeting, whose free agenda items are up for decision
    agenda: list[str] = field(default_factory=list)


def report_summary(*, cards: list[WorkstreamCard], open_actions: list[Action], deadline: Deadline, now) -> Summary:
    """What needs attention, from what the report already loaded, plus the next taskforce meeting (one query)."""
    standings = Counter(row.standing for card in cards for row in card.kpis)
    attention = sorted(
        (a for a in open_actions if a.status == Action.Status.BLOCKED or a.is_overdue(deadline.today)),
        key=lambda a: (a.due_date or dt.date.max, a.status != Action.Status.BLOCKED, a.pk),
    )
    meeting = Meeting.objects.taskforce().upcoming(now).first()
    return Summary(
        kpi_standings=[(str(label), standings[value]) for value, label in Standing.choices],
        attention=[(action, action.is_overdue(deadline.today)) for action in attention[:SUMMARY_ACTIONS]],
        attention_more=max(len(attention) - SUMMARY_ACTIONS, 0),
        red=[card for card in cards if card.status.colour == RED],
        next_meeting=meeting,
        agenda=meeting.free_items()[:SUMMARY_AGENDA_ITEMS] if meeting else [],
    )


def report_context(
    *,
    taskforce: Taskforce,
    org: Organisation | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> dict:
    """Per workstream its goal, status and reasons, KPIs, actions done and open; then the matrix."""
    now = now or timezone.now()
    deadline = taskforce.deadline(today or timezone.localdate())
    cards = workstream_cards(deadline=deadline, now=now, org=org)
    attach_burnups(cards, deadline, now)
    actions: dict[int, dict[str, list[Action]]] = defaultdict(lambda: {"done": [], "open": []})
    workstreams = {card.workstream.pk: card.workstream for card in cards}
    for action in (
        Action.objects.filter(action_scope(org))
        .exclude(status=Action.Status.DROPPED)
        .select_related("owner")
        .prefetch_related("recommendations")
    ):
        action.workstream = workstreams[action.workstream_id]  # already loaded: no query per action
        actions[action.workstream_id]["done" if action.status == Action.Status.DONE else "open"].append(action)
    for card in cards:
        card.done_actions = actions[card.workstream.pk]["done"]
        card.open_actions = actions[card.workstream.pk]["open"]
        card.burnup_svg = burnup_svg(card.burnup) if card.burnup else None
    open_actions = [action for card in cards for action in card.open_actions]
    return {
        "taskforce": taskforce,
        "deadline": deadline,
        "org": org,
        "cards": cards,
        "summary": report_summary(cards=cards, open_actions=open_actions, deadline=deadline, now=now),
        "recommendations": recommendation_rows(deadline=deadline, now=now, org=org),
        "generated_at": now,
        "governance": governance(taskforce=taskforce, deadline=deadline),
    }


def report_html(context: dict) -> str:
    """The report's body, the part stored in a frozen report."""
    return render_to_string("dashboards/_report.html", context)


def report_title(context: dict) -> str:
    """The PDF's title (its metadata, shown by readers in place of the file name)."""
    title = _("Voortgangsrapportage %(name)s, week %(week)s van 12") % {
        "name": context["taskforce"].name,
        "week": context["deadline"].week,
    }
    return f"{title} ({context['org'].short_name})" if context["org"] else title


def report_pdf(html: str, *, title: str, lang: str = "nl") -> bytes:
    from weasyprint import CSS, HTML  # heavy import, only where a PDF is made

    document = render_to_string("dashboards/report_document.html", {"body": html, "title": title, "lang": lang})
    stylesheets = [CSS(filename=finders.find("css/report.css"))]
    return HTML(string=document).write_pdf(stylesheets=stylesheets, pdf_variant=PDF_VARIANT)


def progress_report_create(
    *,
    taskforce: Taskforce,
    user,
    org: Organisation | None = None,
    today: dt.date | None = None,
    lang: str = "nl",
) -> ProgressReport:
    """Stores a frozen copy (HTML and PDF) of today's report with a permanent, unguessable link."""
    context = report_context(taskforce=taskforce, org=org, today=today)
    html = report_html(context)
    title = report_title(context)
    token = secrets.token_urlsafe(18)
    pdf = report_pdf(html, title=title, lang=lang)
    with transaction.atomic():
        # The facts the comparison page ("what changed since the last report") sets side by side.
        facts_freeze(token=token, taskforce=taskforce, week=context["deadline"].week, today=today)
        return ProgressReport.objects.create(
            token=token, created_by=user, week=context["deadline"].week, organisation=org, html=html, pdf=pdf
        )
