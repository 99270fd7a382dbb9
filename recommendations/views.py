from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from recommendations import selectors
from recommendations.forms import SignalForm
from recommendations.models import Recommendation
from taskforce.models import current_deadline
from taskforce.pagecache import cached_page


def _get_recommendation(number: int) -> Recommendation:
    return get_object_or_404(Recommendation.objects.for_overview(), number=number)


@require_safe
@cached_page
def recommendation_list(request: HttpRequest) -> HttpResponse:
    deadline = current_deadline()
    rows = selectors.recommendation_overview(deadline=deadline)
    return render(
        request,
        "recommendations/list.html",
        {
            "pursued": [row for row in rows if row.recommendation.is_pursued],
            "sideline": [row for row in rows if not row.recommendation.is_pursued],
        },
    )


def _render_detail(request: HttpRequest, recommendation: Recommendation, form: SignalForm | None = None):
    deadline = current_deadline()
    can_edit = recommendation.takes_signal_from(request.user)
    if can_edit and form is None:
        form = SignalForm(
            initial={
                "last_signal_date": recommendation.last_signal_date,
                "last_signal_note": recommendation.last_signal_note,
            }
        )
    signals = []
    if not recommendation.is_pursued:
        # Each distinct signal once, newest first: the history also holds unrelated edits.
        seen = set()
        for record in recommendation.history.select_related("history_user").order_by("-history_date", "-history_id"):
            key = (record.last_signal_date, record.last_signal_note)
            if record.last_signal_date and key not in seen:
                seen.add(key)
                signals.append(record)
    actions = sorted(
        recommendation.actions.all(),
        key=lambda a: (a.workstream.position, a.position, a.pk),
    )
    return render(
        request,
        "recommendations/detail.html",
        {
            "recommendation": recommendation,
            "progress": recommendation.progress(deadline, deadline.today),
            "actions": actions,
            "form": form if can_edit else None,
            "signals": signals,
        },
    )


@require_safe
@cached_page
def recommendation_detail(request: HttpRequest, number: int) -> HttpResponse:
    return _render_detail(request, _get_recommendation(number))


@require_POST
def recommendation_signal(request: HttpRequest, number: int) -> HttpResponse:
    recommendation = _get_recommendation(number)
    if not recommendation.takes_signal_from(request.user):
        raise PermissionDenied
    form = SignalForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, recommendation, form)
    recommendation.signal_record(date=form.cleaned_data["last_signal_date"], note=form.cleaned_data["last_signal_note"])
    messages.success(request, _("Het laatste signaal is opgeslagen."))
    return redirect(recommendation)
