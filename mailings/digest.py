"""The weekly digest: one short mail per person, the working day before the taskforce meets.

Everything the mails share (figures and status per workstream, what changed in the past week, the
meetings) is loaded once per run with a fixed number of queries (`digest_context`); each person's own
part comes from the same batch, so the queries per person do not grow with people or actions. The parts
that read the same for many people (each workstream's changes, the statuses, the previous meeting) are
rendered once per language, and a run's mails share one SMTP connection, so 1,000 digests take seconds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe

from kpis.models import Measurement
from mailings import mail
from mailings.models import Delivery
from mandate.selectors import Governance, mandate_risk
from meetings.models import Meeting
from notifications.models import Notification, NotificationSettings
from registers.kpi_rules import computed_kpis, kpi_changes_since
from taskforce.models import Deadline, Taskforce, User
from updates.selectors import UpdateSummary, update_summaries
from workstreams.models import DUE_SOON_DAYS, STALE_AFTER_DAYS, Action, Membership, ProgressNote, Workstream
from workstreams.selectors import workstream_figures
from workstreams.status import Figures, Status, status_for

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


# --- Dates -----------------------------------------------------------------------------------------


def digest_weekday(meeting_weekday: int) -> int:
    """The working day before the meeting (Python weekday, Monday 0): a Monday meeting gets Friday."""
    return 4 if meeting_weekday == 0 else meeting_weekday - 1


def digest_period(taskforce: Taskforce, today: dt.date) -> str:
    """A digest is for the next meeting: its date names the period, so one digest per meeting."""
    return taskforce.next_meeting_date(today).isoformat()


def digest_since(period: str, today: dt.date) -> dt.date:
    """The first day this digest covers: the day the previous digest went out (it covered the days before
    it), else a week back; never more than two weeks, so a long pause does not bring a flood."""
    previous = Delivery.objects.filter(kind=Delivery.Kind.DIGEST, period__lt=period).aggregate(last=Max("created_at"))
    if previous["last"] is None:
        return today - dt.timedelta(days=7)
    return min(max(timezone.localdate(previous["last"]), today - dt.timedelta(days=14)), today - dt.timedelta(days=1))


def start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def moment(today: dt.date) -> dt.datetime:
    """ "Now" for a run about `today`: the real time, or the end of that day for a run about the past."""
    now = timezone.now()
    end = start_of(today + dt.timedelta(days=1))
    return min(now, end)


def app_url(obj_or_name, *args) -> str:
    """Absolute link into the app; the home page while a page is not there yet."""
    try:
        path = (
            obj_or_name.get_absolute_url()
            if hasattr(obj_or_name, "get_absolute_url")
            else reverse(obj_or_name, args=args)
        )
    except NoReverseMatch:
        path = "/"
    return mail.site_url(path)


# --- Selectors -------------------------------------------------------------------------------------


AGENDA_LIMIT = 12  # the mail lists the first items; the meeting page has them all


@dataclass
class StatusChange:
    action_id: int
    title: str
    old: str
    new: str

    @property
    def old_label(self) -> StrOrPromise:
        return Action.Status(self.old).label

    @property
    def new_label(self) -> StrOrPromise:
        return Action.Status(self.new).label

    @property
    def url(self) -> str:
        return app_url("workstreams:action", self.action_id)


@dataclass
class Changes:
    """What happened in one workstream in the digest's week."""

    status_changes: list[StatusChange] = field(default_factory=list)
    new_actions: list[Action] = field(default_factory=list)
    notes: list[ProgressNote] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.status_changes or self.new_actions or self.notes or self.measurements)

    @property
    def count(self) -> int:
        return len(self.status_changes) + len(self.new_actions) + len(self.notes) + len(self.measurements)


def status_changes(since: dt.datetime, until: dt.datetime) -> dict[int, list[StatusChange]]:
    """Per workstream id: actions whose status changed in the window, from the first old to the last new status.

    Two queries: which actions have history in the window, then their history up to its end (the row
    before the window tells the status the week started with).
    """
    history = Action.history.model.objects
    touched = history.filter(history_date__gte=since, history_date__lt=until).values("id")
    rows = (
        history.filter(id__in=Subquery(touched), history_date__lt=until)
        .order_by("id", "history_date", "history_id")
        .values("id", "workstream_id", "title", "status", "history_date")
    )
    by_action: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_action[row["id"]].append(row)
    changes: dict[int, list[StatusChange]] = defaultdict(list)
    for action_id, versions in by_action.items():
        before = [row for row in versions if row["history_date"] < since]
        during = [row for row in versions if row["history_date"] >= since]
        # A new action (no row before the window) shows under "new actions", not as a status change.
        if not before:
            continue
        old, last = before[-1]["status"], during[-1]
        if old != last["status"]:
            changes[last["workstream_id"]].append(StatusChange(action_id, last["title"], old, last["status"]))
    return changes


def changes_between(since: dt.datetime, until: dt.datetime, today: dt.date) -> dict[int, Changes]:
    """Per workstream id, in four queries."""
    changes: dict[int, Changes] = defaultdict(Changes)
    for workstream_id, items in status_changes(since, until).items():
        changes[workstream_id].status_changes = items
    for action in Action.objects.filter(created_at__gte=since, created_at__lt=until).select_related("owner"):
        changes[action.workstream_id].new_actions.append(action)
    notes = (
        ProgressNote.objects.filter(created_at__gte=since, created_at__lt=until, kind=ProgressNote.Kind.NOTE)
        .select_related("action", "author")
        .order_by("created_at", "id")
    )
    for note in notes:
        changes[note.action.workstream_id].notes.append(note)
    measurements = (
        Measurement.objects.filter(created_at__gte=since, created_at__lt=until, date__lte=today, computed=False)
        .select_related("kpi")
        .order_by("kpi__position", "date", "id")
    )
    for measurement in measurements:
        changes[measurement.kpi.workstream_id].measurements.append(measurement)
    return changes


# --- The shared part -------------------------------------------------------------------------------


@dataclass
class WorkstreamState:
    workstream: Workstream
    figures: Figures
    changes: Changes
    url: str
    blocked: list[Action] = field(default_factory=list)  # named under the status ("1 actie geblokkeerd")
    update: UpdateSummary | None = None  # the latest approved update, both ratings, the gap, the plan


@dataclass
class Rendered:
    """A part of the digest rendered ahead, as text and as HTML."""

    text: str
    html: SafeString


@dataclass
class DigestContext:
    """Everything a digest run needs, loaded once (a fixed number of queries)."""

    taskforce: Taskforce
    today: dt.date
    now: dt.datetime
    since: dt.datetime
    until: dt.datetime
    period: str
    deadline: Deadline
    states: list[WorkstreamState]
    last_meeting: Meeting | None
    last_meeting_items: list[Action]
    next_meeting: Meeting | None
    agenda: list
    next_meeting_date: dt.date
    own_actions: dict[int, list[Action]]
    memberships: dict[int, set[int]]
    # Per person, the week's notifications that no mail carried yet (or all, for who asked for both).
    notices: dict[int, list[Notification]] = field(default_factory=dict)
    governance: Governance | None = None  # the mandate as a programme risk until it is granted
    _statuses: dict[str, dict[int, Status]] = field(default_factory=dict)
    _register_lines: dict[str, dict[int, list[str]]] = field(default_factory=dict)
    _sections: dict[str, dict[int, Rendered]] = field(default_factory=dict)
    _agendas: dict[frozenset[int], list] = field(default_factory=dict)
    _agenda_parts: dict[tuple[str, frozenset[int] | None], Rendered] = field(default_factory=dict)
    _shared: dict[str, dict[str, Rendered]] = field(default_factory=dict)

    @property
    def week_from(self) -> dt.date:
        return self.since.date()

    @property
    def week_to(self) -> dt.date:
        return (self.until - dt.timedelta(days=1)).date()

    @cached_property
    def last_meeting_url(self) -> str | None:
        return self.last_meeting and app_url(self.last_meeting)  # type: ignore[return-value]  # a Meeting is truthy

    @cached_property
    def next_meeting_url(self) -> str | None:
        return self.next_meeting and app_url(self.next_meeting)  # type: ignore[return-value]  # a Meeting is truthy

    def shared(self) -> dict[str, Rendered]:
        """The parts every reader of the active language gets alike (each workstream's status, the previous
        meeting), text and HTML, rendered once per language: templates/emails/_digest-<part>.*"""
        language = translation.get_language()
        if language not in self._shared:
            statuses = self.statuses()
            context = {
                "ctx": self,
                "workstreams": [{"state": state, "status": statuses[state.workstream.pk]} for state in self.states],
                "decisions": self.decisions,
                "action_items": self.action_items,
                "last_meeting_url": self.last_meeting_url,
            }
            self._shared[language] = {
                part: Rendered(
                    text=render_to_string(f"emails/_digest-{part.replace('_', '-')}.txt", context),
                    html=mark_safe(render_to_string(f"emails/_digest-{part.replace('_', '-')}.html", context)),
                )
                for part in ("statuses", "last_meeting")
            }
        return self._shared[language]

    def agenda_for(self, workstream_ids: frozenset[int]) -> list:
        """The proposed agenda's items about these workstreams, and the free items; the agenda can be long
        and many people read the same workstreams, so each set of workstreams is filtered once."""
        if workstream_ids not in self._agendas:
            wanted = workstream_ids | {None}
            self._agendas[workstream_ids] = [
                item
                for item in self.agenda
                if (item.action.workstream_id if item.action else item.workstream.pk if item.workstream else None)
                in wanted
            ]
        return self._agendas[workstream_ids]

    def agenda_part(self, workstream_ids: frozenset[int] | None) -> Rendered:
        """The proposed agenda as the digest shows it (its first AGENDA_LIMIT items, then how many more), in
        the active language, for readers of these workstreams (None: a summary, which has no agenda).
        Every item links to its page, so it is rendered once per language and set of workstreams, not
        once per person: templates/emails/_digest-agenda.*"""
        key = (translation.get_language(), workstream_ids)
        if key not in self._agenda_parts:
            agenda = [] if workstream_ids is None else self.agenda_for(workstream_ids)
            context = {
                "agenda": agenda[:AGENDA_LIMIT],
                "agenda_more": max(len(agenda) - AGENDA_LIMIT, 0),
                "next_meeting_url": self.next_meeting_url,
            }
            self._agenda_parts[key] = Rendered(
                text=render_to_string("emails/_digest-agenda.txt", context),
                html=mark_safe(render_to_string("emails/_digest-agenda.html", context)),
            )
        return self._agenda_parts[key]

    @cached_property
    def decisions(self) -> list[str]:
        return self.last_meeting.decision_list() if self.last_meeting else []

    @cached_property
    def action_items(self) -> list[Line]:
        return [Line(action, app_url(action)) for action in self.last_meeting_items]

    def sections(self) -> dict[int, Rendered]:
        """Each workstream's "what changed" section, text and HTML, in the active language.

        The section is the bulk of a digest and the same for everyone who reads that workstream, so it
        is rendered once per language and workstream, not once per person.
        """
        language = translation.get_language()
        if language not in self._sections:
            statuses, kpi_lines = self.statuses(), self.register_lines()
            sections = {}
            for state in self.states:
                context = {
                    "item": {
                        "state": state,
                        "status": statuses[state.workstream.pk],
                        "kpi_lines": kpi_lines[state.workstream.pk],
                    },
                    "week_from": self.week_from,
                    "week_to": self.week_to,
                }
                sections[state.workstream.pk] = Rendered(
                    text=render_to_string("emails/_digest-workstream.txt", context),
                    # Rendered by the template engine with autoescaping on, so safe to insert as it is.
                    html=mark_safe(render_to_string("emails/_digest-workstream.html", context)),
                )
            self._sections[language] = sections
        return self._sections[language]

    def register_lines(self) -> dict[int, list[str]]:
        """What changed in the registers behind computed KPIs ("2 nieuwe samenwerkingen: …") per
        workstream id, in the active language; computed once per language, not per person."""
        language = translation.get_language()
        if language not in self._register_lines:
            lines: dict[int, list[str]] = defaultdict(list)
            before = (self.since - dt.timedelta(days=1)).date()
            for kpi in computed_kpis():
                lines[kpi.workstream_id] += kpi_changes_since(kpi, before, self.today)
            self._register_lines[language] = lines
        return self._register_lines[language]

    def statuses(self) -> dict[int, Status]:
        """Status per workstream id in the active language (reasons are words), computed once per language."""
        language = translation.get_language()
        if language not in self._statuses:
            self._statuses[language] = {
                state.workstream.pk: status_for(state.figures, self.deadline) for state in self.states
            }
        return self._statuses[language]

    @property
    def anything_changed(self) -> bool:
        return any(state.changes for state in self.states) or self.update_approved

    @cached_property
    def update_approved(self) -> bool:
        """A weekly update was approved in the digest's week: news for everyone, as the statuses carry it."""
        return any(
            state.update is not None
            and state.update.review is not None
            and self.since <= state.update.review.reviewed_at < self.until
            for state in self.states
        )


def digest_context(*, today: dt.date, people: Iterable[User] = ()) -> DigestContext | None:
    taskforce = Taskforce.current()
    if taskforce is None:
        return None
    now = moment(today)
    period = digest_period(taskforce, today)
    since, until = start_of(digest_since(period, today)), start_of(today)
    deadline = taskforce.deadline(today)
    figures = workstream_figures(deadline=deadline, now=now)
    changes = changes_between(since, until, today)
    blocked: dict[int, list[Action]] = defaultdict(list)
    for action in Action.objects.filter(status=Action.Status.BLOCKED).order_by("due_date", "id"):
        blocked[action.workstream_id].append(action)
    updates = update_summaries(deadline=deadline, taskforce=taskforce, now=now, figures=figures)
    states = [
        WorkstreamState(
            ws, figures[ws.pk], changes[ws.pk], app_url(ws), blocked=blocked[ws.pk], update=updates.get(ws.pk)
        )
        for ws in Workstream.objects.order_by("position")
    ]
    last_meeting = Meeting.objects.taskforce().last_before(today)
    last_items = list(last_meeting.action_items.all()) if last_meeting else []
    next_meeting = Meeting.objects.taskforce().upcoming(start_of(today)).first()
    # With no meeting entered yet, the agenda is still proposed for the meeting day (an unsaved one).
    agenda = (next_meeting or Meeting(title="", starts_at=now)).proposed_agenda(today, now)
    user_ids = [person.pk for person in people]
    own: dict[int, list[Action]] = defaultdict(list)
    memberships: dict[int, set[int]] = defaultdict(set)
    if user_ids:
        stale_before = now - dt.timedelta(days=STALE_AFTER_DAYS)
        mine = (
            Action.objects.open()
            .filter(owner_id__in=user_ids)
            .filter(Q(due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS)) | Q(touched_at__lt=stale_before))
            .select_related("workstream")
            .order_by("due_date", "id")
        )
        for action in mine:
            own[action.owner_id].append(action)
        for user_id, workstream_id in Membership.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "workstream_id"
        ):
            memberships[user_id].add(workstream_id)
        notices = week_notices(user_ids, since, until)
    return DigestContext(
        taskforce=taskforce,
        today=today,
        now=now,
        since=since,
        until=until,
        period=period,
        deadline=deadline,
        states=states,
        last_meeting=last_meeting,
        last_meeting_items=last_items,
        next_meeting=next_meeting,
        agenda=agenda,
        next_meeting_date=taskforce.next_meeting_date(today),
        own_actions=own,
        memberships=memberships,
        notices=notices if user_ids else {},
        governance=mandate_risk(taskforce=taskforce, deadline=deadline),
    )


def week_notices(user_ids: list[int], since: dt.datetime, until: dt.datetime) -> dict[int, list[Notification]]:
    """The week's notifications per person, leaving out those a notification mail already carried,
    unless the person asked for both (two queries, whatever the number of people)."""
    repeats = list(NotificationSettings.objects.filter(user_id__in=user_ids, digest_repeats=True).values("user_id"))
    mailed = Delivery.objects.filter(
        user_id=OuterRef("user_id"),
        period=OuterRef("mail_period"),
        kind__in=[Delivery.Kind.NOTIFICATION, Delivery.Kind.NOTIFICATION_BUNDLE],
        status=Delivery.Status.SENT,
    )
    found: dict[int, list[Notification]] = defaultdict(list)
    rows = (
        Notification.objects.filter(user_id__in=user_ids, created_at__gte=since, created_at__lt=until)
        .filter(~Exists(mailed) | Q(user_id__in=[row["user_id"] for row in repeats]))
        .select_related("actor")
        .order_by("created_at", "id")
    )
    for notification in rows:
        found[notification.user_id].append(notification)
    return found


# --- One person's digest ---------------------------------------------------------------------------


@dataclass
class Line:
    """One action in a list, with its link."""

    action: Action
    url: str
    days: int = 0  # days overdue, or days until due


@dataclass
class Digest:
    user: User
    summary: bool  # ministry viewers: the deadline line and the statuses only
    stale: list[Line]
    overdue: list[Line]
    due_soon: list[Line]
    states: list[WorkstreamState]  # the workstreams whose changes this person reads
    context: DigestContext
    notices: list[dict] = field(default_factory=list)  # {"notification", "url"}

    @property
    def agenda_workstreams(self) -> frozenset[int] | None:
        """Whose items of the proposed agenda this person gets (with the free ones); None: no agenda."""
        return None if self.summary else frozenset(state.workstream.pk for state in self.states)

    @property
    def has_news(self) -> bool:
        if self.stale or self.overdue or self.due_soon or self.notices:
            return True
        if self.summary:
            return self.context.anything_changed
        return any(state.changes for state in self.states) or self.context.update_approved

    @property
    def change_count(self) -> int:
        return sum(state.changes.count for state in self.states)


def digest_for(user: User, context: DigestContext) -> Digest:
    summary = user.is_viewer
    if summary:
        states: list[WorkstreamState] = []
    elif user.is_secretariat or user.role == User.Role.TASKFORCE:
        states = context.states
    else:
        mine = context.memberships.get(user.pk, set())
        states = [state for state in context.states if state.workstream.pk in mine]
    stale, overdue, due_soon = [], [], []
    for action in [] if summary else context.own_actions.get(user.pk, []):
        url = app_url(action)
        if action.is_stale(context.now):
            stale.append(Line(action, url))
        if action.due_date and action.due_date < context.today:
            overdue.append(Line(action, url, (context.today - action.due_date).days))
        elif action.due_date and action.due_date <= context.today + dt.timedelta(days=DUE_SOON_DAYS):
            due_soon.append(Line(action, url, (action.due_date - context.today).days))
    notices = [{"notification": item, "url": mail.site_url(item.url)} for item in context.notices.get(user.pk, [])]
    if summary:  # the viewers' digest is the statuses only
        notices = []
    return Digest(user, summary, stale, overdue, due_soon, states, context, notices)


def digest_message(digest: Digest):
    """The mail for one digest, or None when there is nothing new and nothing due."""
    if not digest.has_news:
        return None
    context = digest.context
    with translation.override(digest.user.language):
        sections = context.sections()
        shared = context.shared()
        agenda_part = context.agenda_part(digest.agenda_workstreams)
    return mail.message_build(
        kind=Delivery.Kind.DIGEST,
        user=digest.user,
        context={
            "digest": digest,
            "ctx": context,
            "deadline": context.deadline,
            "shared": shared,
            "mine": [sections[state.workstream.pk] for state in digest.states],
            "agenda_part": agenda_part,
            "next_meeting_url": context.next_meeting_url,
        },
    )


# --- Runs ------------------------------------------------------------------------------------------


@dataclass
class RunReport:
    period: str = ""
    sent: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)


def digest_people():
    return mail.recipients("digest").order_by("id")


def digest_run(*, today: dt.date | None = None, dry_run: bool = False, out: TextIO | None = None) -> RunReport:
    """Sends this week's digest to everyone who wants it, each exactly once.

    Failed deliveries are handed to the retrying task; a dry run prints who would get what and writes nothing.
    """
    today = today or timezone.localdate()
    people = list(digest_people())
    context = digest_context(today=today, people=people)
    report = RunReport()
    if context is None:
        return report
    report.period = context.period
    if dry_run:
        done = dict(
            Delivery.objects.filter(kind=Delivery.Kind.DIGEST, period=context.period).values_list("user_id", "status")
        )
        for person in people:
            digest = digest_for(person, context)
            if done.get(person.pk) in (Delivery.Status.SENT, Delivery.Status.SKIPPED):
                line = f"already {done[person.pk]}"
            elif not digest.has_news:
                line = "skip: nothing new, nothing due"
            else:
                kind = "summary" if digest.summary else "digest"
                line = (
                    f"{kind}: {len(digest.stale)} stale, {len(digest.overdue)} overdue, "
                    f"{len(digest.due_soon)} due soon, {digest.change_count} change(s) in "
                    f"{len(digest.states)} workstream(s)"
                )
            if out:
                out.write(f"{person.email} ({person.get_role_display()}, {person.language}): {line}\n")
        return report
    deliveries = mail.deliveries_for(kind=Delivery.Kind.DIGEST, period=context.period, people=people)
    with mail.Sender() as sender:
        for person in people:
            delivery = deliveries[person.pk]
            status = mail.send_one(
                delivery=delivery,
                # The default binds this person; mypy cannot infer such a lambda against Callable[[], …].
                build=lambda person=person: digest_message(digest_for(person, context)),  # type: ignore[misc]
                today=today,
                sender=sender,
            )
            getattr(report, status).append(delivery.pk)
    if out:
        out.write(
            f"Digest {context.period}: {len(report.sent)} sent, {len(report.skipped)} skipped (nothing new), "
            f"{len(report.already)} already done, {len(report.failed)} failed (retrying)\n"
        )
    return report


def digest_build(*, user: User, today: dt.date):
    """One person's digest on its own (for a retry)."""
    context = digest_context(today=today, people=[user])
    return context and digest_message(digest_for(user, context))
