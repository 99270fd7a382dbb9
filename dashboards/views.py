"""Dashboards, exports and progress reports: read by everyone logged in, frozen reports made by the taskforce."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from dashboards import exports, reports
from dashboards import selectors as dashboard
from dashboards.models import ProgressReport, WorkstreamSnapshot
from kpis.models import Measurement
from taskforce import spreadsheets
from taskforce.models import Organisation, Taskforce
from taskforce.pagecache import cached_page
from taskforce.permissions import can_generate_report
from workstreams import status
from workstreams.models import Action, Workstream

TREND_DAYS = 14
# Rows per page of the workstream dashboard's open and done actions, as on the workstream page.
ACTIONS_PER_PAGE = 50


def _taskforce() -> Taskforce:
    taskforce = Taskforce.current()
    if taskforce is None:
        raise Http404("No taskforce yet: run seed_taskforce.")
    return taskforce


def _org(value: str | None) -> Organisation | None:
    """The organisation whose view is asked for (?org=EZK); an unknown one is a 404, not a silent full view."""
    value = (value or "").strip()
    if not value:
        return None
    if "\x00" in value:  # PostgreSQL refuses NUL in a string: no such organisation
        raise Http404
    return get_object_or_404(Organisation, short_name=value)


def _common(request: HttpRequest, org: Organisation | None, workstream: Workstream | None = None) -> dict:
    # The exports hold what the page shows: the organisation's view, and on a workstream's page that workstream.
    export_query = {"org": org.short_name} if org else {}
    if workstream is not None:
        export_query["workstream"] = workstream.slug
    return {
        "org": org,
        "export_query": f"?{urlencode(export_query)}" if export_query else "",
        # Ministries, and everyone who owns or shares a recommendation.
        "organisations": Organisation.objects.filter(
            Q(kind=Organisation.Kind.MINISTRY) | Q(recommendations__isnull=False)
        ).distinct(),
        "can_generate_report": can_generate_report(request.user),
        "status_rule": {"red_gap": round(status.RED_GAP * 100), "amber_gap": round(status.AMBER_GAP * 100)},
    }


@require_safe
@cached_page
def overview(request: HttpRequest) -> HttpResponse:
    org = _org(request.GET.get("org"))
    data = dashboard.overview(taskforce=_taskforce(), org=org)
    charts = {f"burnup-{card.workstream.slug}": card.burnup.chart_data() for card in data.cards}
    return render(request, "dashboards/dashboard.html", {"data": data, "charts": charts, **_common(request, org)})


@require_safe
@cached_page
def workstream_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    workstream = get_object_or_404(Workstream, slug=slug)
    org = _org(request.GET.get("org"))
    taskforce = _taskforce()
    now = timezone.now()
    deadline = taskforce.deadline()
    cards = dashboard.workstream_cards(deadline=deadline, now=now, org=org, workstream=workstream)
    dashboard.attach_burnups(cards, deadline, now)
    card = cards[0]

    history = defaultdict(list)
    for measurement in Measurement.objects.filter(kpi__workstream=workstream).order_by("date", "id"):
        history[measurement.kpi_id].append(measurement)
    charts = {f"burnup-{slug}": card.burnup.chart_data()}
    kpis = []
    for row in card.kpis:
        measurements = history[row.kpi.pk]
        kpis.append((row, measurements))
        charts[f"kpi-{row.kpi.pk}"] = {
            "labels": [m.date.strftime("%d-%m") for m in measurements],
            "values": [float(m.value) for m in measurements],
            "target": float(row.kpi.target) if row.kpi.target is not None else None,
            "names": {"values": _("Gemeten waarde"), "target": pgettext("KPI target", "Doel")},
        }

    # The open and the done actions, each a page at a time: a workstream can hold hundreds.
    actions = Action.objects.filter(workstream=workstream).filter(dashboard.action_scope(org)).select_related("owner")
    open_page = Paginator(actions.open(), ACTIONS_PER_PAGE).get_page(request.GET.get("open"))
    done_page = Paginator(actions.filter(status=Action.Status.DONE), ACTIONS_PER_PAGE).get_page(
        request.GET.get("afgerond")
    )
    for page in (open_page, done_page):
        prefetch_related_objects(page.object_list, "recommendations")
    # The status over the last weeks, from the daily snapshots (newest first).
    trend = [
        (snapshot, status.Status(snapshot.status, snapshot.reasons))
        for snapshot in WorkstreamSnapshot.objects.filter(workstream=workstream).order_by("-date")[:TREND_DAYS]
    ]
    return render(
        request,
        "dashboards/dashboard_workstream.html",
        {
            "workstream": workstream,
            "deadline": deadline,
            "card": card,
            "kpis": kpis,
            "charts": charts,
            "open_actions": list(open_page.object_list),
            "done_actions": list(done_page.object_list),
            "open_page": open_page,
            "done_page": done_page,
            "recommendations": dashboard.recommendation_rows(
                deadline=deadline, now=now, org=org, workstream=workstream
            ),
            "trend": trend,
            "meetings": dashboard.next_meetings(now, workstream),
            "changes": dashboard.recent_changes(org, workstream),
            **_common(request, org, workstream),
        },
    )


EXPORTS = {"actions", "recommendations"}
FORMATS = {"csv", "xlsx"}


@require_safe
def export(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    if what not in EXPORTS or fmt not in FORMATS:
        raise Http404
    org = _org(request.GET.get("org"))
    slug = (request.GET.get("workstream") or "").strip()
    workstream = get_object_or_404(Workstream, slug=slug) if slug else None
    deadline = _taskforce().deadline()
    if what == "actions":
        stem, title = _("acties"), _("Acties")
        headers, rows = exports.action_table(deadline=deadline, org=org, workstream=workstream)
    else:
        stem, title = _("aanbevelingen"), _("Aanbevelingen")
        headers, rows = exports.recommendation_table(deadline=deadline, org=org, workstream=workstream)
    name = spreadsheets.filename(stem, slug, org.short_name if org else "", today=deadline.today)
    if fmt == "csv":
        return spreadsheets.csv_response(name, headers, rows)
    return spreadsheets.xlsx_response(name, title, headers, rows)


@require_safe
def report(request: HttpRequest) -> HttpResponse:
    """Today's progress report as a page that also prints well."""
    org = _org(request.GET.get("org"))
    context = reports.report_context(taskforce=_taskforce(), org=org)
    return render(request, "dashboards/report.html", {**context, **_common(request, org)})


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def report_pdf(request: HttpRequest) -> HttpResponse:
    org = _org(request.GET.get("org"))
    taskforce = _taskforce()
    context = reports.report_context(taskforce=taskforce, org=org)
    pdf = reports.report_pdf(reports.report_html(context), title=reports.report_title(context), lang=get_language())
    suffix = f"-{org.short_name}" if org else ""
    return _pdf_response(pdf, f"voortgangsrapportage-week-{context['deadline'].week}{suffix}.pdf")


@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    frozen = list(ProgressReport.objects.select_related("created_by", "organisation").defer("html", "pdf"))
    return render(request, "dashboards/reports.html", {"reports": frozen, **_common(request, None)})


@require_POST
def report_generate(request: HttpRequest) -> HttpResponse:
    if not can_generate_report(request.user):
        raise PermissionDenied
    org = _org(request.POST.get("org"))
    frozen = reports.progress_report_create(taskforce=_taskforce(), user=request.user, org=org, lang=get_language())
    return redirect("report_frozen", token=frozen.token)


@require_safe
def report_frozen(request: HttpRequest, token: str) -> HttpResponse:
    frozen = get_object_or_404(ProgressReport.objects.select_related("created_by", "organisation"), token=token)
    return render(request, "dashboards/report_frozen.html", {"report": frozen})


@require_safe
def report_frozen_pdf(request: HttpRequest, token: str) -> HttpResponse:
    frozen = get_object_or_404(ProgressReport.objects.only("pdf", "week", "token"), token=token)
    return _pdf_response(frozen.pdf, f"voortgangsrapportage-week-{frozen.week}-{frozen.token[:8]}.pdf")


@require_safe
@cached_page
def my_work(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboards/my_work.html", {"work": dashboard.my_work(request.user)})
