from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST, require_safe

from kpis import selectors, services
from kpis.forms import KPIDefinitionForm, MeasurementCorrectionForm, MeasurementDeleteForm, MeasurementForm
from kpis.models import KPI, Measurement
from taskforce.models import current_deadline
from taskforce.pagecache import cached_page
from taskforce.permissions import can_manage_workstream, can_record_measurement
from taskforce.versioning import VersionConflict


def _get_kpi(pk: int) -> KPI:
    return get_object_or_404(KPI.objects.select_related("workstream"), pk=pk)


def _require_manager(request: HttpRequest, kpi: KPI) -> None:
    if not can_manage_workstream(request.user, kpi.workstream_id):
        raise PermissionDenied


def _require_measurer(request: HttpRequest, kpi: KPI) -> None:
    if not can_record_measurement(request.user, kpi.workstream_id):
        raise PermissionDenied


def _get_measurement(kpi: KPI, pk: int) -> Measurement:
    """A hand-typed measurement of this KPI: one of another KPI, or a computed one, is a 404."""
    return get_object_or_404(kpi.measurements.filter(computed=False).select_related("recorded_by"), pk=pk)


@require_safe
@cached_page
def kpi_list(request: HttpRequest) -> HttpResponse:
    deadline = current_deadline()
    workstreams = list(KPI.workstream_model().objects.prefetch_related("kpis__measurements"))
    groups = [
        (ws, [(kpi, kpi.latest(), kpi.standing(kpi.latest_value(), deadline.elapsed_share)) for kpi in ws.kpis.all()])
        for ws in workstreams
    ]
    return render(request, "kpis/list.html", {"groups": groups})


def _render_detail(request: HttpRequest, kpi: KPI, form: MeasurementForm | None = None) -> HttpResponse:
    deadline = current_deadline()
    measurements = list(kpi.measurements.select_related("recorded_by").order_by("date", "id"))
    latest = measurements[-1] if measurements else None
    # A computed KPI's values come from its register, never typed in.
    can_manage = can_manage_workstream(request.user, kpi.workstream_id)
    can_record = can_record_measurement(request.user, kpi.workstream_id) and not kpi.is_computed
    if can_record and form is None:
        form = MeasurementForm(initial={"date": deadline.today}, kpi=kpi)
    chart = {
        "label": kpi.unit or kpi.name,
        "labels": [m.date.strftime("%d-%m-%Y") for m in measurements],
        "values": [float(m.value) for m in measurements],
        "target": float(kpi.target) if kpi.target is not None else None,
        "targetLabel": pgettext("KPI target", "Doel"),
    }
    return render(
        request,
        "kpis/detail.html",
        {
            "kpi": kpi,
            "measurements": measurements,
            "latest": latest,
            "standing": kpi.standing(latest.value if latest else None, deadline.elapsed_share),
            "chart": chart,
            "form": form if can_record else None,
            "can_manage": can_manage,
            "can_correct": can_record,
            # Computed values are rewritten daily by their rule; only hand-typed ones are corrected.
            "corrections": [] if kpi.is_computed else selectors.corrections(kpi),
        },
    )


@require_safe
@cached_page
def kpi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get_kpi(pk))


@require_POST
def kpi_record(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = _get_kpi(pk)
    _require_measurer(request, kpi)
    if kpi.is_computed:
        messages.error(request, _("Deze KPI wordt berekend uit het register; een waarde typt u hier niet in."))
        return redirect(kpi)
    form = MeasurementForm(request.POST, kpi=kpi)
    if not form.is_valid():
        return _render_detail(request, kpi, form)
    services.measurement_record(kpi=kpi, user=request.user, fields=form.cleaned_data)
    messages.success(request, _("De meting is vastgelegd."))
    return redirect(kpi)


GONE = gettext_lazy("Deze meting is intussen door iemand anders verwijderd (zie Correcties); er is niets gewijzigd.")


def measurement_edit(request: HttpRequest, pk: int, measurement_pk: int) -> HttpResponse:
    kpi = _get_kpi(pk)
    _require_measurer(request, kpi)
    measurement = _get_measurement(kpi, measurement_pk)
    conflict = False
    if request.method == "POST":
        form = MeasurementCorrectionForm(request.POST, kpi=kpi)
        if form.is_valid():
            try:
                services.measurement_update(
                    measurement_id=measurement.pk,
                    version=form.cleaned_data["version"],
                    user=request.user,
                    fields=form.cleaned_data,
                    reason=form.cleaned_data["reason"],
                )
            except VersionConflict as exc:
                # What they typed stays; saving again, now from the version they are shown, is a choice.
                conflict, measurement = True, exc.current
                data = request.POST.copy()
                data["version"] = str(measurement.version)
                form = MeasurementCorrectionForm(data, kpi=kpi)
                form.is_valid()
            except Measurement.DoesNotExist:
                messages.error(request, GONE)
                return redirect(kpi)
            else:
                messages.success(request, _("De meting is gecorrigeerd."))
                return redirect(kpi)
    else:
        form = MeasurementCorrectionForm(
            initial={
                "date": measurement.date,
                "value": measurement.value,
                "note": measurement.note,
                "version": measurement.version,
            },
            kpi=kpi,
        )
    return render(
        request,
        "kpis/measurement_edit.html",
        {"kpi": kpi, "measurement": measurement, "form": form, "conflict": conflict},
        status=409 if conflict else 400 if form.is_bound else 200,
    )


def measurement_delete(request: HttpRequest, pk: int, measurement_pk: int) -> HttpResponse:
    """Asks first (a page of its own, so it works without JavaScript), with the reason to record."""
    kpi = _get_kpi(pk)
    _require_measurer(request, kpi)
    measurement = _get_measurement(kpi, measurement_pk)
    conflict = False
    if request.method == "POST":
        form = MeasurementDeleteForm(request.POST)
        if form.is_valid():
            try:
                services.measurement_delete(
                    measurement_id=measurement.pk,
                    version=form.cleaned_data["version"],
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except VersionConflict as exc:
                conflict, measurement = True, exc.current
                data = request.POST.copy()
                data["version"] = str(measurement.version)
                form = MeasurementDeleteForm(data)
                form.is_valid()
            except Measurement.DoesNotExist:
                messages.error(request, GONE)
                return redirect(kpi)
            else:
                messages.success(
                    request,
                    _("De meting van %(date)s is verwijderd; onder Correcties blijft ze zichtbaar.")
                    % {"date": measurement.date.strftime("%d-%m-%Y")},
                )
                return redirect(kpi)
    else:
        form = MeasurementDeleteForm(initial={"version": measurement.version})
    return render(
        request,
        "kpis/measurement_delete.html",
        {"kpi": kpi, "measurement": measurement, "form": form, "conflict": conflict},
        status=409 if conflict else 400 if form.is_bound else 200,
    )


def kpi_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = _get_kpi(pk)
    _require_manager(request, kpi)
    form = KPIDefinitionForm(request.POST or None, instance=kpi)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("De definitie van de KPI is opgeslagen."))
        return redirect(kpi)
    return render(request, "kpis/edit.html", {"kpi": kpi, "form": form})
