"""The public pages of the publications (no login), and the secretariat's publish and revoke pages.

Public pages carry `Cache-Control: no-store`: a revoked link must stop working at once, so no browser or
proxy may keep a copy of the list, a document page or a PDF.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import patch_cache_control
from django.views.decorators.http import require_safe

from dashboards.models import ProgressReport
from publications import services
from publications.forms import PublicationForm
from publications.models import Publication
from taskforce.models import Organisation
from taskforce.permissions import can_publish_report


def _no_store(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, no_store=True)
    return response


def _publication(token: str, *, pdf: bool = False) -> Publication:
    publications = Publication.objects.select_related("report", "organisation")
    # The page shows the report's HTML, the download its PDF: each loads only its own.
    publications = publications.defer("report__html") if pdf else publications.defer("report__pdf")
    return get_object_or_404(publications, token=token)


def _gone(request: HttpRequest, publication: Publication) -> HttpResponse:
    return render(request, "publications/gone.html", {"publication": publication}, status=410)


@login_not_required
@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    publications = list(Publication.objects.live().select_related("organisation", "report"))
    return _no_store(render(request, "publications/list.html", {"publications": publications}))


@login_not_required
@require_safe
def public_detail(request: HttpRequest, token: str) -> HttpResponse:
    publication = _publication(token)
    if not publication.is_live:
        return _no_store(_gone(request, publication))
    return _no_store(render(request, "publications/detail.html", {"publication": publication}))


@login_not_required
@require_safe
def public_pdf(request: HttpRequest, token: str) -> HttpResponse:
    publication = _publication(token, pdf=True)
    if not publication.is_live:
        return _no_store(_gone(request, publication))
    response = HttpResponse(bytes(publication.report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_("openbaar")}-{publication.document_date:%Y-%m-%d}.pdf"'
    return _no_store(response)


def _secretariat_only(request: HttpRequest) -> None:
    if not can_publish_report(request.user):
        raise PermissionDenied


def publish(request: HttpRequest, report_token: str) -> HttpResponse:
    _secretariat_only(request)
    report = get_object_or_404(ProgressReport.objects.defer("html", "pdf"), token=report_token)
    live = report.publications.live().first()
    if live is not None:
        messages.info(request, _("Deze rapportage is al openbaar gemaakt."))
        return redirect("reports")
    initial = {
        "title": _("Voortgangsrapportage Taskforce Vaccins, week %(week)s") % {"week": report.week},
        "document_date": timezone.localdate(report.created_at),
        "category": "",
        "organisation": Organisation.objects.filter(short_name="VWS").first(),
    }
    form = PublicationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_create(report=report, user=request.user, **form.cleaned_data)
        except services.AlreadyPublished:
            messages.info(request, _("Deze rapportage is al openbaar gemaakt."))
        else:
            messages.success(request, _("De rapportage is openbaar gemaakt."))
        return redirect("reports")
    return render(request, "publications/publish.html", {"form": form, "report": report})


def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; POST revokes."""
    _secretariat_only(request)
    publication = get_object_or_404(Publication.objects.select_related("report"), pk=pk)
    if request.method == "POST":
        if services.publication_revoke(publication=publication, user=request.user):
            messages.success(request, _("De openbare link is ingetrokken; hij werkt niet meer."))
        else:
            messages.info(request, _("Deze openbare link was al ingetrokken."))
        return redirect("reports")
    return render(request, "publications/revoke.html", {"publication": publication})
