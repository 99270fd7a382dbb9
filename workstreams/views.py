"""Mijn werk, workstream pages, action pages (with quick updates) and search."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from attachments.selectors import attachment_events, attachment_panel, attachments_for, upload_url
from taskforce.models import Taskforce, User, current_deadline
from taskforce.pagecache import cached_page
from taskforce.permissions import (
    can_edit_actions,
    can_manage_workstream,
    can_read_attachments,
    can_remove_member,
    can_write_update,
)
from workstreams import selectors, services
from workstreams.forms import (
    ActionFilterForm,
    ActionForm,
    MemberAddForm,
    MemberRoleForm,
    NoteForm,
    StatusForm,
)
from workstreams.history import history_entries
from workstreams.models import Action, Membership, ProgressNote, Workstream, recommendation_model
from workstreams.status import Figures, status_for

# Newest items of an action's timeline shown by default; "Toon alles" shows the rest.
TIMELINE_LIMIT = 50
# Rows of a workstream's action list per page; the figures above it count all actions.
ACTIONS_PER_PAGE = 50
# Members named on the workstream page; the members page lists (and manages) them all.
MEMBERS_SHOWN = 12
# Messages about the members are shown in the members section, where the page lands (#leden).
MEMBERS = "leden"


# --- Fetching, one helper per kind of object -------------------------------------------------------


def _get_workstream(slug: str) -> Workstream:
    return get_object_or_404(Workstream.objects.select_related("trekker_organisation"), slug=slug)


def _get_action(pk: int) -> Action:
    return get_object_or_404(Action.objects.select_related("workstream", "owner", "meeting"), pk=pk)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- Workstreams ------------------------------------------------------------------------------------


@require_safe
@cached_page
def workstream_list(request: HttpRequest) -> HttpResponse:
    deadline = current_deadline()
    workstreams = list(Workstream.objects.select_related("trekker_organisation").prefetch_related("memberships__user"))
    figures = selectors.workstream_figures(deadline=deadline)
    rows = [(ws, figures[ws.pk], status_for(figures[ws.pk], deadline)) for ws in workstreams]
    return render(request, "workstreams/list.html", {"rows": rows})


@require_safe
@cached_page
def workstream_detail(request: HttpRequest, slug: str) -> HttpResponse:
    workstream = _get_workstream(slug)
    return render(request, "workstreams/detail.html", _workstream_context(request, workstream))


def _workstream_context(request: HttpRequest, workstream: Workstream) -> dict:
    today = timezone.localdate()
    taskforce = Taskforce.current()
    deadline = taskforce.deadline(today) if taskforce else None
    memberships = list(workstream.memberships.select_related("user__organisation"))
    # The workstream's own recommendations and those its actions serve (the filter offers both), at once.
    rec_model = recommendation_model()
    own = rec_model.workstreams.through.objects.filter(recommendation=OuterRef("pk"), workstream=workstream)
    linked = list(
        rec_model.objects.filter(Q(workstreams=workstream) | Q(actions__workstream=workstream))
        .annotate(own=Exists(own))
        .distinct()
        .order_by("number")
    )
    recommendations = [rec for rec in linked if rec.own]
    kpis = list(selectors.kpis_with_latest().filter(workstream=workstream))

    owners = sorted(User.objects.filter(owned_actions__workstream=workstream).distinct(), key=str)
    filters = ActionFilterForm(request.GET, owners=owners, recommendations=linked)
    filtered = any(filters.value(name) for name in ("status", "owner", "recommendation", "due"))
    # Counted by the database in one query: the figures (every action), all actions and those the
    # filters let through; the list fetches one page of them.
    condition = selectors.action_filter(filters, today)
    aggregates = selectors.figure_aggregates(today=today, now=timezone.now())
    counts = workstream.actions.aggregate(**aggregates, all=Count("id"), shown=Count("id", filter=condition))
    total, shown = counts.pop("all"), counts.pop("shown")
    figures = Figures(**counts)
    selectors.count_kpis(figures, kpis, deadline.elapsed_share if deadline else 0.0)

    listed = workstream.actions.filter(condition).order_by(*selectors.action_order(filters))
    paginator = Paginator(listed.select_related("workstream", "owner"), ACTIONS_PER_PAGE)
    paginator.count = shown  # counted above
    page = paginator.get_page(request.GET.get("pagina"))
    prefetch_related_objects(page.object_list, "recommendations")

    trekker = next((m.user for m in memberships if m.role == Membership.Role.TREKKER), None)
    return {
        "workstream": workstream,
        "trekker": trekker,
        # The first members by name; all of them, and the forms to manage them, are on the members page.
        "memberships": memberships[:MEMBERS_SHOWN],
        "members_total": len(memberships),
        "participants": list(workstream.participant_links.select_related("organisation")),
        "recommendations": recommendations,
        "actions": page.object_list,
        "actions_page": page,
        "actions_shown": shown,
        "actions_total": total,
        "filters": filters,
        "filtered": filtered,
        "kpis": kpis,
        "figures": figures,
        "status": status_for(figures, deadline) if deadline else None,
        "today": today,
        "now": timezone.now(),
        "can_edit": can_edit_actions(request.user, workstream.pk),
        "can_manage": can_manage_workstream(request.user, workstream.pk),
        # The weekly update's own page lives in the updates app (above this one): linked by URL name.
        # A delegated member finds the link on Mijn werk.
        "can_write_update": can_write_update(request.user, workstream.pk),
    }


@require_safe
@cached_page
def workstream_members(request: HttpRequest, slug: str) -> HttpResponse:
    workstream = _get_workstream(slug)
    return render(request, "workstreams/members.html", _members_context(request, workstream))


def _members_context(request: HttpRequest, workstream: Workstream, member_form=None) -> dict:
    can_manage = can_manage_workstream(request.user, workstream.pk)
    if can_manage and member_form is None:
        member_form = MemberAddForm(workstream=workstream)
    return {
        "workstream": workstream,
        "memberships": list(workstream.memberships.select_related("user__organisation")),
        "can_manage": can_manage,
        "member_form": member_form,
        "role_choices": Membership.Role.choices,
    }


@require_POST
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    workstream = _get_workstream(slug)
    _require(can_manage_workstream(request.user, workstream.pk))
    form = MemberAddForm(request.POST, workstream=workstream)
    if not form.is_valid():
        context = _members_context(request, workstream, member_form=form)
        return render(request, "workstreams/members.html", context, status=400)
    membership = services.membership_add(
        workstream=workstream, user=form.cleaned_data["user"], role=form.cleaned_data["role"]
    )
    messages.success(
        request,
        _("%(user)s is toegevoegd aan %(workstream)s.") % {"user": membership.user, "workstream": workstream},
        extra_tags=MEMBERS,
    )
    return redirect(f"{workstream.get_members_url()}#{MEMBERS}")


def _get_membership(request: HttpRequest, slug: str, pk: int) -> Membership:
    workstream = _get_workstream(slug)
    _require(can_manage_workstream(request.user, workstream.pk))
    # Fetched within the workstream, so a membership id of another workstream is a 404.
    return get_object_or_404(Membership.objects.select_related("user", "workstream"), pk=pk, workstream=workstream)


def _to_members(membership: Membership) -> HttpResponse:
    return redirect(f"{membership.workstream.get_members_url()}#{MEMBERS}")


def _confirm(request: HttpRequest, membership: Membership, *, question: str, consequence: str, action: str, **data):
    """A page that asks before a change that someone cannot undo themselves; nothing changes yet."""
    context = {
        "membership": membership,
        "question": question,
        "consequence": consequence,
        "action": action,
        "data": data,
    }
    return render(request, "workstreams/member_confirm.html", context)


@require_POST
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _get_membership(request, slug, pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een geldige rol."), extra_tags=MEMBERS)
        return _to_members(membership)
    role = form.cleaned_data["role"]
    if role == membership.role:
        messages.info(
            request,
            _("%(user)s was al %(role)s.") % {"user": membership.user, "role": membership.get_role_display()},
            extra_tags=MEMBERS,
        )
        return _to_members(membership)
    previous = membership.workstream.trekker() if role == Membership.Role.TREKKER else None
    if "confirm" not in request.POST:
        if previous is not None and previous != membership.user:
            return _confirm(
                request,
                membership,
                question=_("%(user)s trekker maken?") % {"user": membership.user},
                consequence=_(
                    "Een werkstroom heeft één trekker: %(previous)s wordt dan lid en kan de leden, KPI's en "
                    "vergaderingen van de werkstroom niet meer beheren. Alleen de nieuwe trekker of het "
                    "secretariaat kan dat terugdraaien."
                )
                % {"previous": previous},
                action="role",
                role=role,
            )
        if membership.user == request.user and membership.role == Membership.Role.TREKKER:
            return _confirm(
                request,
                membership,
                question=_("Uzelf lid maken in plaats van trekker?"),
                consequence=_(
                    "U kunt daarna de leden, KPI's en vergaderingen van deze werkstroom niet meer beheren; "
                    "alleen het secretariaat kan u weer trekker maken."
                ),
                action="role",
                role=role,
            )
    services.membership_set_role(membership=membership, role=role)
    if previous is not None and previous != membership.user:
        text = _("%(user)s is nu trekker van %(workstream)s; %(previous)s is nu lid.") % {
            "user": membership.user,
            "workstream": membership.workstream,
            "previous": previous,
        }
    else:
        text = _("%(user)s is nu %(role)s.") % {"user": membership.user, "role": membership.get_role_display()}
    messages.success(request, text, extra_tags=MEMBERS)
    return _to_members(membership)


@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _get_membership(request, slug, pk)
    if not can_remove_member(request.user, membership.workstream_id, membership.user_id):
        messages.error(
            request,
            _("U kunt uzelf niet uit de werkstroom verwijderen; vraag dat het secretariaat."),
            extra_tags=MEMBERS,
        )
        return _to_members(membership)
    if "confirm" not in request.POST:
        return _confirm(
            request,
            membership,
            question=_("%(user)s uit %(workstream)s verwijderen?")
            % {"user": membership.user, "workstream": membership.workstream},
            consequence=_("Diens acties blijven bestaan en houden hun eigenaar; het lidmaatschap verdwijnt."),
            action="remove",
        )
    services.membership_remove(membership=membership)
    messages.success(
        request, _("%(user)s is uit de werkstroom verwijderd.") % {"user": membership.user}, extra_tags=MEMBERS
    )
    return _to_members(membership)


# --- Actions ----------------------------------------------------------------------------------------


@require_safe
@cached_page
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_action(pk)
    return render(request, "workstreams/action.html", _action_context(request, action))


def _action_context(request: HttpRequest, action: Action, **extra) -> dict:
    can_edit = can_edit_actions(request.user, action.workstream_id)
    show_all = request.GET.get("alles") == "1"
    notes = action.notes.select_related("author").order_by("-created_at")
    if not show_all:
        notes = notes[: TIMELINE_LIMIT + 1]
    notes = list(notes)
    # Documents attached to a note are shown under it; those of the action in its own list, and their
    # adding and removing as events of the timeline.
    if can_read_attachments(request.user, action.workstream_id):
        note_attachments = attachments_for(notes)
        for note in notes:
            note.attachment_list = note_attachments[note.pk]
            note.attachment_upload_url = upload_url(note) if can_edit else ""
    timeline = sorted(
        [*history_entries(action), *notes, *attachment_events(action)],
        key=lambda item: item.when if hasattr(item, "when") else item.created_at,
        reverse=True,
    )
    timeline_more = not show_all and len(timeline) > TIMELINE_LIMIT
    if timeline_more:
        timeline = timeline[:TIMELINE_LIMIT]
    context = {
        "action": action,
        "recommendations": list(action.recommendations.order_by("number")),
        "timeline": timeline,
        "timeline_more": timeline_more,
        "attachment_panel": attachment_panel(action, request.user),
        "now": timezone.now(),
        "can_edit": can_edit,
        "status_form": None,
        "note_form": None,
        "conflict": None,
    }
    if can_edit:
        context["status_form"] = StatusForm(
            initial={
                "status": action.status,
                "result": action.result,
                "evidence_url": action.evidence_url,
                "version": action.version,
            }
        )
        context["note_form"] = NoteForm()
    context.update(extra)
    return context


def _panel_or_page(request: HttpRequest, action: Action, **extra) -> HttpResponse:
    """htmx swaps the panel in place; without JavaScript the whole page comes back."""
    template = "workstreams/_action_panel.html" if request.htmx else "workstreams/action.html"
    return render(request, template, _action_context(request, action, **extra))


def _kept(request: HttpRequest, action: Action, *, saved: str) -> dict:
    """What the person typed in the part of the panel they did not save: shown again, still unsaved.

    The status and the note are one <form> with a button each, so every save sends both parts.
    """
    kept: dict = {}
    text = request.POST.get("text", "")
    if saved != "note" and text.strip():
        kept["note_form"] = NoteForm(initial={"text": text})
        kept["note_unsaved"] = True
    status = {name: request.POST.get(name, "") for name in ("status", "result", "evidence_url")}
    current = {"status": action.status, "result": action.result, "evidence_url": action.evidence_url}
    if saved != "status" and status["status"] and status != current:
        kept["status_form"] = StatusForm(initial={**status, "version": action.version})
        kept["status_unsaved"] = True
    return kept


# Messages about a quick update are shown at the top of the action panel, swapped in place or not.
ACTION_PANEL = "actie"


def _after_quick_update(request: HttpRequest, action: Action, message: str, *, saved: str) -> HttpResponse:
    kept = _kept(request, action, saved=saved)
    messages.success(request, message, extra_tags=ACTION_PANEL)
    if request.htmx or kept:  # without JavaScript, a redirect would drop what is still unsaved
        return _panel_or_page(request, action, **kept)
    return redirect(action)


def action_create(request: HttpRequest, slug: str) -> HttpResponse:
    workstream = _get_workstream(slug)
    _require(can_edit_actions(request.user, workstream.pk))
    if request.method == "POST":
        form = ActionForm(request.POST, workstream=workstream, instance=Action(workstream=workstream))
        if form.is_valid():
            action = services.action_create(
                workstream=workstream,
                user=request.user,
                fields=form.action_fields(),
                recommendations=form.cleaned_data["recommendations"],
            )
            messages.success(request, _("Actie aangemaakt."))
            return redirect(action)
    else:
        form = ActionForm(workstream=workstream, initial={"owner": request.user.pk})
    return render(request, "workstreams/action_form.html", {"form": form, "workstream": workstream, "action": None})


def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_action(pk)
    _require(can_edit_actions(request.user, action.workstream_id))
    conflict = None
    if request.method == "POST":
        form = ActionForm(
            request.POST,
            workstream=action.workstream,
            keep_owner_id=action.owner_id,
            instance=Action(workstream=action.workstream),
        )
        if form.is_valid():
            try:
                services.action_update(
                    action_id=action.pk,
                    version=form.cleaned_data["version"] or 0,
                    user=request.user,
                    fields=form.action_fields(),
                    recommendations=form.cleaned_data["recommendations"],
                )
            except services.ActionConflict as exc:
                conflict = exc
                form = _rebase(form, exc.action, form.cleaned_data["version"] or 0)
                action = _get_action(pk)
            else:
                messages.success(request, _("Actie opgeslagen."))
                return redirect(action)
    else:
        form = ActionForm(
            instance=action,
            workstream=action.workstream,
            keep_owner_id=action.owner_id,
            initial={"version": action.version},
        )
    return render(
        request,
        "workstreams/action_form.html",
        {"form": form, "workstream": action.workstream, "action": action, "conflict": conflict},
        status=409 if conflict else 200,
    )


def _rebase(form: ActionForm, current: Action, base_version: int) -> ActionForm:
    """The person's form again, now based on the current version, so that saving again is a choice.

    Fields they changed keep what they typed; fields they left alone take the other person's new value
    (a three-way merge against the history record of the version they started from).
    """
    base = current.history.filter(version=base_version).order_by("-history_id").first()
    data = form.data.copy()
    data["version"] = str(current.version)
    if base is not None:
        for name in ActionForm.Meta.fields:
            mine = form.cleaned_data.get(name)
            if name == "recommendations":
                base_ids = {row.recommendation_id for row in base.recommendations.all()}
                if {rec.pk for rec in mine} == base_ids:
                    data.setlist(name, [str(pk) for pk in current.recommendations.values_list("pk", flat=True)])
                continue
            field = Action._meta.get_field(name)
            base_value = getattr(base, field.attname)
            mine_value = mine.pk if name == "owner" and mine is not None else mine
            if mine_value == base_value or (mine_value in (None, "") and base_value in (None, "")):
                theirs = getattr(current, field.attname)
                data[name] = "" if theirs is None else theirs.isoformat() if name == "due_date" else str(theirs)
    rebased = ActionForm(data, workstream=form.workstream, keep_owner_id=current.owner_id, instance=form.instance)
    rebased.is_valid()
    return rebased


@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_action(pk)
    _require(can_edit_actions(request.user, action.workstream_id))
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _panel_or_page(request, action, status_form=form, **_kept(request, action, saved="status"))
    try:
        action = services.action_update(
            action_id=action.pk,
            version=form.cleaned_data["version"],
            user=request.user,
            fields={
                "status": form.cleaned_data["status"],
                "result": form.cleaned_data["result"],
                "evidence_url": form.cleaned_data["evidence_url"],
            },
        )
    except services.ActionConflict as exc:
        data = request.POST.copy()
        data["version"] = str(exc.action.version)
        form = StatusForm(data)
        form.is_valid()
        current = _get_action(pk)
        kept = _kept(request, current, saved="status")
        return _panel_or_page(request, current, status_form=form, conflict=exc, **kept)
    return _after_quick_update(
        request,
        _get_action(pk),
        _("Status gewijzigd in “%(status)s”.") % {"status": action.get_status_display()},
        saved="status",
    )


@require_POST
def action_note(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_action(pk)
    _require(can_edit_actions(request.user, action.workstream_id))
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _panel_or_page(request, action, note_form=form, **_kept(request, action, saved="note"))
    services.note_add(action=action, user=request.user, text=form.cleaned_data["text"])
    return _after_quick_update(request, action, _("Notitie toegevoegd."), saved="note")


@require_POST
def action_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_action(pk)
    _require(can_edit_actions(request.user, action.workstream_id))
    services.note_add(action=action, user=request.user, kind=ProgressNote.Kind.CHECK_IN)
    return _after_quick_update(request, action, _("Vastgelegd: geen wijziging deze week."), saved="check_in")
