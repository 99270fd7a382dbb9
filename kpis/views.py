from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from kpis.forms import KPIDefinitionForm, MeasurementForm
from kpis.models import KPI, Measurement
from taskforce.models import current_deadline
from taskforce.permissions import can_manage_workstream


def _get_kpi(pk: int) -> KPI:
    return get_object_or_404(KPI.objects.select_related("workstream"), pk=pk)


def _require_manager(request: HttpRequest, kpi: KPI) -> None:
    if not can_manage_workstream(request.user, kpi.workstream_id):
        raise PermissionDenied


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
    can_record = can_manage and not kpi.is_computed
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
        },
    )


def kpi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get_kpi(pk))


@require_POST
def kpi_record(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = _get_kpi(pk)
    _require_manager(request, kpi)
    if kpi.is_computed:
        messages.error(request, _("Deze KPI wordt berekend uit het register; een waarde typt u hier niet in."))
        return redirect(kpi)
    form = MeasurementForm(request.POST, kpi=kpi)
    if not form.is_valid():
        return _render_detail(request, kpi, form)
    Measurement.objects.create(
        kpi=kpi,
        date=form.cleaned_data["date"],
        value=form.cleaned_data["value"],
        note=form.cleaned_data["note"],
        recorded_by=request.user,
    )
    messages.success(request, _("De meting is vastgelegd."))
    return redirect(kpi)


def kpi_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = _get_kpi(pk)
    _require_manager(request, kpi)
    form = KPIDefinitionForm(request.POST or None, instance=kpi)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("De definitie van de KPI is opgeslagen."))
        return redirect(kpi)
    return render(request, "kpis/edit.html", {"kpi": kpi, "form": form})
