"""Register pages: per workstream a list with filters, forms, exports; per KPI the records it counts."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from attachments.selectors import attachment_panel
from kpis.models import KPI
from registers import selectors, services
from registers.forms import RecordDeleteForm
from registers.kpi_rules import RULE_EXPLANATIONS, RULE_REGISTER, kpi_changes_since, kpi_compute
from registers.specs import REGISTERS, Register
from taskforce import spreadsheets
from taskforce.models import Taskforce
from taskforce.pagecache import cached_page
from taskforce.permissions import can_edit_register, can_restore_register_record
from taskforce.versioning import VersionConflict
from workstreams.models import Workstream


def _workstream(slug: str) -> Workstream:
    return get_object_or_404(Workstream, slug=slug)


def _record(register: Register, workstream: Workstream, pk: int):
    """A record of this register in this workstream: a record of another workstream is a 404."""
    return get_object_or_404(register.records(workstream), pk=pk)


def _require_edit(request: HttpRequest, workstream: Workstream) -> None:
    if not can_edit_register(request.user, workstream.pk):
        raise PermissionDenied


def _sections(workstreams: list[Workstream], today: dt.date) -> list[dict]:
    """Per workstream: its register-based KPIs with today's value, and its registers with their sizes."""
    ids = [ws.pk for ws in workstreams]
    counts = {
        slug: dict(
            register.model.objects.filter(workstream_id__in=ids)
            .values_list("workstream_id")
            .annotate(n=Count("id"))
            .values_list("workstream_id", "n")
        )
        for slug, register in REGISTERS.items()
    }
    kpis_by_ws: dict[int, list[KPI]] = {}
    for kpi in KPI.objects.filter(workstream_id__in=ids).select_related("workstream"):
        kpis_by_ws.setdefault(kpi.workstream_id, []).append(kpi)
    sections = []
    for ws in workstreams:
        kpis = kpis_by_ws.get(ws.pk, [])
        fed = {RULE_REGISTER[kpi.source] for kpi in kpis if kpi.is_computed}
        used = {slug for slug in REGISTERS if counts[slug].get(ws.pk)}
        shown = (fed | used) or set(REGISTERS)
        sections.append(
            {
                "workstream": ws,
                "kpis": [
                    {"kpi": kpi, "value": kpi_compute(kpi, today)[0] if kpi.is_computed else None} for kpi in kpis
                ],
                "registers": [
                    {"register": register, "count": counts[slug].get(ws.pk, 0)}
                    for slug, register in REGISTERS.items()
                    if slug in shown
                ],
                "other_registers": [register for slug, register in REGISTERS.items() if slug not in shown],
            }
        )
    return sections


@require_safe
@cached_page
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "registers/index.html",
        {"sections": _sections(list(Workstream.objects.all()), today), "today": today},
    )


@require_safe
def workstream_registers(request: HttpRequest, slug: str) -> HttpResponse:
    workstream = _workstream(slug)
    today = timezone.localdate()
    return render(
        request,
        "registers/workstream.html",
        {
            "workstream": workstream,
            "section": _sections([workstream], today)[0],
            "today": today,
            "can_edit": can_edit_register(request.user, workstream.pk),
        },
    )


@require_safe
@cached_page
def record_list(request: HttpRequest, slug: str, register: str) -> HttpResponse:
    workstream = _workstream(slug)
    spec = REGISTERS[register]
    records = list(spec.apply_filters(spec.records(workstream), request.GET))
    return render(
        request,
        "registers/list.html",
        {
            "workstream": workstream,
            "register": spec,
            "records": records,
            "filters": spec.filter_choices(request.GET),
            "filtered": any(request.GET.get(name) for name in spec.filters),
            "query": request.GET.urlencode(),
            "can_edit": can_edit_register(request.user, workstream.pk),
            "deleted": selectors.deleted_records(spec.model, workstream.pk),
            "can_restore": can_restore_register_record(request.user),
        },
    )


GONE = gettext_lazy("Dit record is intussen door iemand anders verwijderd (zie Verwijderd); er is niets opgeslagen.")


def _save(request: HttpRequest, workstream: Workstream, spec: Register, form) -> HttpResponse | None:
    """Saves the form; None when someone else saved the record since this editor opened it."""
    record = form.save(commit=False)
    record.workstream = workstream
    try:
        services.record_save(record=record, version=form.cleaned_data.get("version"), user=request.user)
    except VersionConflict as exc:
        form.add_error(
            None,
            _(
                "Iemand anders heeft dit record opgeslagen nadat u het opende (zie de geschiedenis). "
                "Uw tekst staat hieronder: sla nogmaals op om die wijziging te overschrijven, of annuleer."
            ),
        )
        # A second, deliberate save starts from the version the editor has now been shown.
        form.data = form.data.copy()
        form.data["version"] = exc.current.version
        return None
    except spec.model.DoesNotExist:
        messages.error(request, GONE)
        return redirect("registers:list", workstream.slug, spec.slug)
    messages.success(request, _("Opgeslagen: %(record)s") % {"record": record})
    return redirect("registers:list", workstream.slug, spec.slug)


def record_new(request: HttpRequest, slug: str, register: str) -> HttpResponse:
    workstream = _workstream(slug)
    _require_edit(request, workstream)
    spec = REGISTERS[register]
    form = spec.form(request.POST or None, workstream=workstream)
    if request.method == "POST" and form.is_valid():
        return _save(request, workstream, spec, form)
    return render(
        request,
        "registers/form.html",
        {"workstream": workstream, "register": spec, "form": form, "record": None},
        status=400 if form.is_bound else 200,
    )


def record_edit(request: HttpRequest, slug: str, register: str, pk: int) -> HttpResponse:
    workstream = _workstream(slug)
    _require_edit(request, workstream)
    spec = REGISTERS[register]
    record = _record(spec, workstream, pk)
    conflict = False
    form = spec.form(request.POST or None, instance=record, workstream=workstream)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, workstream, spec, form)
        if saved:
            return saved
        record.refresh_from_db()
        conflict = True
    field = spec.state_field
    history = list(record.history.select_related("history_user").order_by("-history_date", "-history_id")[:20])
    return render(
        request,
        "registers/form.html",
        {
            "workstream": workstream,
            "register": spec,
            "form": form,
            "record": record,
            "history": [
                {"entry": entry, "kind": _kind(entry, is_oldest=i == len(history) - 1), "state": _state(entry, field)}
                for i, entry in enumerate(history)
            ],
            "state_label": spec.model._meta.get_field(spec.state_field).verbose_name,
            "conflict": conflict,
            "attachment_panel": attachment_panel(record, request.user),
        },
        status=409 if conflict else 400 if form.is_bound else 200,
    )


HISTORY_TYPES = {"+": gettext_lazy("Aangemaakt"), "~": gettext_lazy("Gewijzigd"), "-": gettext_lazy("Verwijderd")}


def _kind(entry, is_oldest: bool):
    # A "created" entry after the first one is a deleted record brought back.
    if entry.history_type == "+" and not is_oldest:
        return gettext_lazy("Hersteld")
    return HISTORY_TYPES.get(entry.history_type)


def record_delete(request: HttpRequest, slug: str, register: str, pk: int) -> HttpResponse:
    """Asks first (a page of its own, so it works without JavaScript), with the reason to record."""
    workstream = _workstream(slug)
    _require_edit(request, workstream)
    spec = REGISTERS[register]
    record = _record(spec, workstream, pk)
    conflict = False
    form = RecordDeleteForm(request.POST or None, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_delete(
                model=spec.model,
                pk=record.pk,
                version=form.cleaned_data["version"],
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except VersionConflict as exc:
            conflict, record = True, exc.current
            data = request.POST.copy()
            data["version"] = str(record.version)
            form = RecordDeleteForm(data)
            form.is_valid()
        except spec.model.DoesNotExist:
            messages.error(request, GONE)
            return redirect("registers:list", workstream.slug, spec.slug)
        else:
            messages.success(
                request, _("Verwijderd: %(record)s. Onder Verwijderd blijft het zichtbaar.") % {"record": record}
            )
            return redirect("registers:list", workstream.slug, spec.slug)
    return render(
        request,
        "registers/delete.html",
        {"workstream": workstream, "register": spec, "record": record, "form": form, "conflict": conflict},
        status=409 if conflict else 400 if form.is_bound else 200,
    )


@require_POST
def record_restore(request: HttpRequest, slug: str, register: str, pk: int) -> HttpResponse:
    workstream = _workstream(slug)
    if not can_restore_register_record(request.user):
        raise PermissionDenied
    spec = REGISTERS[register]
    try:
        record = services.record_restore(model=spec.model, pk=pk, workstream_id=workstream.pk, user=request.user)
    except services.NotRestorable:
        messages.error(
            request,
            _("Dit record is niet terug te zetten: het bestaat al weer, of er staat intussen een gelijk record."),
        )
    else:
        messages.success(request, _("Teruggezet: %(record)s") % {"record": record})
    return redirect("registers:list", workstream.slug, spec.slug)


def _state(entry, field: str):
    display = getattr(entry, f"get_{field}_display", None)
    return display() if display else getattr(entry, field)


@require_safe
def export(request: HttpRequest, slug: str, register: str, fmt: str) -> HttpResponse:
    workstream = _workstream(slug)
    spec = REGISTERS[register]
    records = spec.apply_filters(spec.records(workstream), request.GET)
    name = spreadsheets.filename(workstream.slug, spec.slug, today=timezone.localdate())
    rows = (spec.export_row(record) for record in records)
    if fmt == "xlsx":
        return spreadsheets.xlsx_response(name, spec.title, spec.export_headers(), rows)
    return spreadsheets.csv_response(name, spec.export_headers(), rows)


@require_safe
def kpi_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Exactly the records a computed KPI counts today ("which eight collaborations?")."""
    kpi = get_object_or_404(KPI.objects.select_related("workstream"), pk=pk)
    if not kpi.is_computed:
        raise Http404("This KPI is measured by hand.")
    today = timezone.localdate()
    value, records = kpi_compute(kpi, today)
    spec = REGISTERS[RULE_REGISTER[kpi.source]]
    records = list(records.select_related("workstream", *spec.related))
    return render(
        request,
        "registers/kpi_evidence.html",
        {
            "kpi": kpi,
            "value": value,
            "records": records,
            "rule": RULE_EXPLANATIONS[kpi.source],
            "start": taskforce.start_date if (taskforce := Taskforce.current()) else None,
            "register_size": spec.model.objects.filter(workstream_id=kpi.workstream_id).count(),
            "register": spec,
            "workstream": kpi.workstream,
            "today": today,
            "changes": kpi_changes_since(kpi, today - dt.timedelta(days=7), today),
            "history": list(kpi.measurements.filter(computed=True).order_by("-date")[:14]),
            "can_edit": can_edit_register(request.user, kpi.workstream_id),
        },
    )
