"""The progress report (voortgangsrapportage): one HTML fragment for the browser, the PDF and the frozen copy."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict

from django.contrib.staticfiles import finders
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from dashboards.models import ProgressReport
from dashboards.selectors import action_scope, workstream_cards
from recommendations.selectors import recommendation_rows
from taskforce.models import Organisation, Taskforce
from updates.services import facts_freeze
from workstreams.models import Action


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
    actions = defaultdict(lambda: {"done": [], "open": []})
    for action in (
        Action.objects.filter(action_scope(org))
        .exclude(status=Action.Status.DROPPED)
        .select_related("owner")
        .prefetch_related("recommendations")
    ):
        actions[action.workstream_id]["done" if action.status == Action.Status.DONE else "open"].append(action)
    for card in cards:
        card.done_actions = actions[card.workstream.pk]["done"]
        card.open_actions = actions[card.workstream.pk]["open"]
    return {
        "taskforce": taskforce,
        "deadline": deadline,
        "org": org,
        "cards": cards,
        "recommendations": recommendation_rows(deadline=deadline, now=now, org=org),
        "generated_at": now,
    }


def report_html(context: dict) -> str:
    """The report's body, the part stored in a frozen report."""
    return render_to_string("dashboards/_report.html", context)


def report_pdf(html: str, *, title: str, lang: str = "nl") -> bytes:
    from weasyprint import CSS, HTML  # heavy import, only where a PDF is made

    document = render_to_string("dashboards/report_document.html", {"body": html, "title": title, "lang": lang})
    stylesheets = [CSS(filename=finders.find("css/report.css"))]
    return HTML(string=document).write_pdf(stylesheets=stylesheets)


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
    title = f"{taskforce.name} week {context['deadline'].week}"
    token = secrets.token_urlsafe(18)
    pdf = report_pdf(html, title=title, lang=lang)
    with transaction.atomic():
        # The facts the comparison page ("what changed since the last report") sets side by side.
        facts_freeze(token=token, taskforce=taskforce, week=context["deadline"].week, today=today)
        return ProgressReport.objects.create(
            token=token, created_by=user, week=context["deadline"].week, organisation=org, html=html, pdf=pdf
        )
