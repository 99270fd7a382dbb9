"""Taskforce and workstream meetings: list, detail with proposed agenda, create/edit, action items."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from attachments.selectors import attachment_panel
from meetings.forms import ActionItemForm, MeetingForm
from meetings.models import Meeting
from meetings.selectors import attendee_choices
from meetings.services import meeting_save
from taskforce.models import Taskforce
from taskforce.pagecache import cached_page
from taskforce.permissions import can_edit_actions, can_edit_meeting
from workstreams.models import Action, Workstream

TASKFORCE = "taskforce"


def _get_meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("workstream").prefetch_related(
            "attendees",
            Prefetch("action_items", queryset=Action.objects.select_related("owner", "workstream")),
        ),
        pk=pk,
    )


def _next_meeting_slot() -> dict:
    """Proposes the taskforce's next weekly meeting day and time for a new meeting."""
    taskforce = Taskforce.current()
    if taskforce is None:
        return {}
    day = taskforce.next_meeting_date(timezone.localdate())
    return {"starts_at": timezone.make_aware(dt.datetime.combine(day, taskforce.meeting_time))}


PAST_PER_PAGE = 50


@require_safe
@cached_page
def meeting_list(request: HttpRequest) -> HttpResponse:
    workstreams = list(Workstream.objects.all())
    meetings = Meeting.objects.select_related("workstream")
    selected = request.GET.get("workstream", "")
    if selected == TASKFORCE:
        meetings = meetings.taskforce()
    elif selected:
        # Not a slug (a NUL byte would even crash PostgreSQL): no such workstream.
        if not slug_re.fullmatch(selected):
            raise Http404
        meetings = meetings.filter(workstream=get_object_or_404(Workstream, slug=selected))
    now = timezone.now()
    # Years of weekly meetings lie behind: the earlier ones a page at a time, most recent first.
    past = Paginator(meetings.past(now), PAST_PER_PAGE).get_page(request.GET.get("pagina"))
    create_links = [(_("Taskforce"), reverse("meetings:create"))] if can_edit_meeting(request.user, None) else []
    for ws in workstreams:
        if can_edit_meeting(request.user, ws.pk):
            create_links.append((ws.name, reverse("meetings:create_for_workstream", args=[ws.slug])))
    return render(
        request,
        "meetings/list.html",
        {
            "upcoming": list(meetings.upcoming(now)),
            "past": list(past.object_list),
            "past_page": past,
            "workstreams": workstreams,
            "selected": selected,
            "create_links": create_links,
        },
    )


def _render_detail(request: HttpRequest, meeting: Meeting, form: ActionItemForm | None = None) -> HttpResponse:
    can_edit = can_edit_meeting(request.user, meeting.workstream_id)
    if can_edit and form is None:
        form = ActionItemForm(meeting=meeting)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "agenda": meeting.proposed_agenda(timezone.localdate()),
            "action_items": sorted(meeting.action_items.all(), key=lambda a: (a.due_date is None, a.due_date, a.pk)),
            "can_edit": can_edit,
            "form": form if can_edit else None,
            "attachment_panel": attachment_panel(meeting, request.user),
        },
    )


@require_safe
@cached_page
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get_meeting(pk))


def meeting_create(request: HttpRequest, workstream: str | None = None) -> HttpResponse:
    ws = get_object_or_404(Workstream, slug=workstream) if workstream else None
    if not can_edit_meeting(request.user, ws and ws.pk):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, attendee_choices=attendee_choices(ws), initial=_next_meeting_slot())
    if request.method == "POST" and form.is_valid():
        meeting = meeting_save(form=form, user=request.user, workstream=ws)
        messages.success(request, _("De vergadering is aangemaakt."))
        return redirect(meeting)
    return render(request, "meetings/form.html", {"form": form, "workstream": ws, "meeting": None})


def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(pk)
    if not can_edit_meeting(request.user, meeting.workstream_id):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None, instance=meeting, attendee_choices=attendee_choices(meeting.workstream, meeting)
    )
    if request.method == "POST" and form.is_valid():
        meeting_save(form=form, user=request.user)
        messages.success(request, _("De vergadering is opgeslagen."))
        return redirect(meeting)
    return render(request, "meetings/form.html", {"form": form, "workstream": meeting.workstream, "meeting": meeting})


@require_POST
def meeting_add_action_item(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(pk)
    if not can_edit_meeting(request.user, meeting.workstream_id):
        raise PermissionDenied
    form = ActionItemForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _render_detail(request, meeting, form)
    workstream = meeting.workstream or form.cleaned_data["workstream"]
    if not can_edit_actions(request.user, workstream.pk):
        raise PermissionDenied
    meeting.add_action_item(
        title=form.cleaned_data["title"],
        owner=form.cleaned_data["owner"],
        due_date=form.cleaned_data["due_date"],
        workstream=workstream,
    )
    messages.success(request, _("Het actiepunt is toegevoegd aan werkstroom %(name)s.") % {"name": workstream})
    return redirect(meeting)
