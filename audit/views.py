"""The secretariat's audit page: the entries, filtered and paged, and the same selection as CSV."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from audit import selectors
from audit.forms import EntryFilterForm
from taskforce.permissions import can_read_audit_log
from taskforce.spreadsheets import csv_response, filename

ENTRIES_PER_PAGE = 50


def _filters(request: HttpRequest) -> EntryFilterForm:
    if not can_read_audit_log(request.user):
        raise PermissionDenied
    return EntryFilterForm(request.GET, object_types=selectors.object_types())


@require_safe
def entry_list(request: HttpRequest) -> HttpResponse:
    form = _filters(request)
    entries = selectors.entries_filtered(**form.filters())
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "audit/entries.html",
        {
            "form": form,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "entries": list(page.object_list),
            "filtered": bool(form.filters()),
        },
    )


@require_safe
def export(request: HttpRequest) -> HttpResponse:
    form = _filters(request)
    entries = selectors.entries_filtered(**form.filters()).order_by("seq")
    headers = [
        _("Volgnummer"),
        _("Tijdstip"),
        _("Soort"),
        _("Gebruikersnummer"),
        _("Gebruikersnaam"),
        _("Omschrijving"),
        _("IP-adres"),
        _("Browser"),
        _("Methode"),
        _("Adres"),
        _("Soort object"),
        _("Object-id"),
        _("Object"),
        _("Vorige hash"),
        _("Hash"),
    ]
    rows = (
        [
            e.seq,
            timezone.localtime(e.at).isoformat(timespec="seconds"),
            e.get_kind_display(),
            e.user_id,
            e.username,
            e.text,
            e.ip,
            e.user_agent,
            e.method,
            e.path,
            e.object_type,
            e.object_id,
            e.object_repr,
            e.prev_hash,
            e.hash,
        ]
        for e in entries.iterator(chunk_size=2000)
    )
    return csv_response(filename("auditlog", today=timezone.localdate()), headers, rows)
