"""Search across everything a logged-in person may read, ranked, on PostgreSQL and on SQLite.

What is searched is described once, in SOURCES: per kind of thing its queryset, its title fields
(weighted above the rest) and body fields, and how a hit links to the page that shows it. Two
backends read that list and return the same `Results`:

- PostgreSQL (`search_postgres`): full text search. The fields go into one `tsvector` twice, with the
  'dutch' configuration (stemming: "vaccin" finds "vaccins") and with 'simple' (names, English words
  and Dutch stop words match as typed); the query is parsed the same two ways in websearch syntax
  ("quotes", -not, or), ranked with ts_rank, the match highlighted with ts_headline.
- Anything else, i.e. SQLite for `make run` (`search_fallback`): case-insensitive containment per term;
  a term found in a title scores 2, in the body 1, summed over the terms; excerpts are cut in Python.

Each kind is one query (its best `PER_KIND` rows, with the total number of matches as a window
count), plus one query for the workstreams of people found: the number of queries does not grow with
the data. Who may read what follows taskforce/permissions.py: everyone logged in reads everything;
e-mail addresses are searched only for those who may see them; a register record links to its edit
page for those who may edit it and to its row in the register's list for everybody else.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Count, F, Func, Prefetch, Q, QuerySet, TextField, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kpis.models import KPI
from meetings.models import Meeting
from recommendations.models import Recommendation
from registers.models import Collaboration, Deliverable, RegisterRecord, Shortage, Supporter
from taskforce.models import User
from taskforce.permissions import can_edit_register, can_see_email
from workstreams.models import Action, Membership, ProgressNote

# How deep the pages reach into each kind (its best rows); the count per kind is the full number of matches.
PER_KIND = 100
HITS_PER_PAGE = 20
# Highlight markers that ts_headline and the fallback put around a match before the text is escaped;
# control characters, so they survive escaping and are turned into <mark> afterwards.
START, STOP = "\x02", "\x03"
EXCERPT_CHARS = 220


@dataclass(frozen=True)
class Source:
    """One kind of thing search finds."""

    kind: str
    label: Any  # plural, lower case (as verbose_name_plural), for the counts
    tag: Any  # singular, lower case, on each hit
    queryset: Callable[[User], QuerySet]
    title: tuple[str, ...]  # weight A; empty when the hit's title is its parent's (a note's action)
    body: tuple[str, ...]  # weight B
    describe: Callable[[Any, User], tuple[str, str, str]]  # (title, url, context line)
    title_sep: str = " "
    # Fields searched only for some readers (a person's e-mail address).
    extra_body: Callable[[User], tuple[str, ...]] = lambda user: ()

    def body_for(self, user: User) -> tuple[str, ...]:
        return self.body + self.extra_body(user)


@dataclass
class Hit:
    kind: str
    tag: str
    title: SafeString
    excerpt: SafeString
    url: str
    context: str
    rank: float
    obj: Any = None


@dataclass
class KindCount:
    kind: str
    label: str
    count: int
    shown: int  # how many of them were fetched (at most PER_KIND)


@dataclass
class Results:
    query: str
    backend: str  # "postgresql" or "fallback"
    hits: list[Hit] = field(default_factory=list)  # the page asked for, marked
    counts: list[KindCount] = field(default_factory=list)
    page: int = 1
    available: int = 0  # how many hits the pages reach (of the kind asked for, or of all)

    @property
    def total(self) -> int:
        return sum(count.count for count in self.counts)

    def of_kind(self, kind: str | None) -> list[Hit]:
        return [hit for hit in self.hits if kind is None or hit.kind == kind]


class PageOfHits(Sequence[Hit]):
    """Results as the list Paginator pages through: as long as every hit the pages reach, though only
    the page asked for was fetched and marked."""

    def __init__(self, results: Results):
        self.results = results

    def __len__(self) -> int:
        return self.results.available

    def __getitem__(self, index):  # Paginator slices out exactly the page that was fetched
        return self.results.hits


# --- The sources ------------------------------------------------------------------------------------


def _register_link(record: RegisterRecord, user: User) -> str:
    if can_edit_register(user, record.workstream_id):
        return record.get_absolute_url()
    url = reverse("registers:list", args=[record.workstream.slug, record.register_slug])
    return f"{url}#record-{record.pk}"


def _register_source(kind: str, model, title: tuple[str, ...], body: tuple[str, ...], sep: str = " ") -> Source:
    def describe(record, user):
        return str(record), _register_link(record, user), str(record.workstream)

    return Source(
        kind=kind,
        label=model._meta.verbose_name_plural,
        tag=model._meta.verbose_name,
        queryset=lambda user: model.objects.select_related("workstream"),
        title=title,
        body=(*body, "note"),
        describe=describe,
        title_sep=sep,
    )


def _describe_action(action: Action, user: User) -> tuple[str, str, str]:
    return action.title, action.get_absolute_url(), f"{action.workstream} · {action.get_status_display()}"


def _describe_note(note: ProgressNote, user: User) -> tuple[str, str, str]:
    url = f"{note.action.get_absolute_url()}?alles=1#note-{note.pk}"
    when = timezone.localtime(note.created_at).strftime("%d-%m-%Y")
    return note.action.title, url, f"{note.action.workstream} · {note.author} · {when}"


def _describe_recommendation(rec: Recommendation, user: User) -> tuple[str, str, str]:
    return str(rec), rec.get_absolute_url(), str(rec.get_tracking_display())


def _describe_meeting(meeting: Meeting, user: User) -> tuple[str, str, str]:
    where = str(meeting.workstream) if meeting.workstream else str(_("Taskforce"))
    return meeting.title, meeting.get_absolute_url(), f"{where} · {timezone.localtime(meeting.starts_at):%d-%m-%Y}"


def _describe_kpi(kpi: KPI, user: User) -> tuple[str, str, str]:
    return kpi.name, kpi.get_absolute_url(), str(kpi.workstream)


def _describe_person(person: User, user: User) -> tuple[str, str, str]:
    memberships = list(person.memberships.all())
    first = memberships[0].workstream.get_absolute_url() + "#leden-sectie" if memberships else ""
    where = ", ".join(f"{m.workstream} ({m.get_role_display()})" for m in memberships)
    context = " · ".join(part for part in (str(person.organisation or ""), where) if part)
    return str(person), first, context


SOURCES: list[Source] = [
    Source(
        kind="action",
        label=Action._meta.verbose_name_plural,
        tag=Action._meta.verbose_name,
        queryset=lambda user: Action.objects.select_related("workstream"),
        title=("title",),
        body=("description", "result"),
        describe=_describe_action,
    ),
    Source(
        kind="note",
        label=ProgressNote._meta.verbose_name_plural,
        tag=ProgressNote._meta.verbose_name,
        queryset=lambda user: ProgressNote.objects.filter(kind=ProgressNote.Kind.NOTE).select_related(
            "action__workstream", "author"
        ),
        title=(),
        body=("text",),
        describe=_describe_note,
    ),
    Source(
        kind="recommendation",
        label=Recommendation._meta.verbose_name_plural,
        tag=Recommendation._meta.verbose_name,
        queryset=lambda user: Recommendation.objects.all(),
        title=("number", "title"),
        body=("last_signal_note",),
        describe=_describe_recommendation,
        title_sep=". ",
    ),
    Source(
        kind="meeting",
        label=Meeting._meta.verbose_name_plural,
        tag=Meeting._meta.verbose_name,
        queryset=lambda user: Meeting.objects.select_related("workstream"),
        title=("title",),
        body=("agenda", "minutes", "decisions"),
        describe=_describe_meeting,
    ),
    _register_source("collaboration", Collaboration, ("dutch_company", "partner"), ("event",), sep=" – "),
    _register_source("shortage", Shortage, ("item",), ("products", "solution")),
    _register_source("supporter", Supporter, ("party",), ()),
    _register_source("deliverable", Deliverable, ("title",), ()),
    Source(
        kind="kpi",
        label=KPI._meta.verbose_name_plural,
        tag=KPI._meta.verbose_name,
        queryset=lambda user: KPI.objects.select_related("workstream"),
        title=("name",),
        body=("text", "definition"),
        describe=_describe_kpi,
    ),
    Source(
        kind="person",
        label=_("personen"),
        tag=_("persoon"),
        # One query for the memberships with their workstreams, whether or not any person has one, so
        # the count of queries does not depend on the data.
        queryset=lambda user: User.objects.filter(is_active=True)
        .select_related("organisation")
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("workstream"))),
        title=("first_name", "last_name"),
        body=("organisation__short_name", "organisation__full_name"),
        extra_body=lambda user: ("email",) if can_see_email(user) else (),
        describe=_describe_person,
    ),
]
KINDS = {source.kind: source for source in SOURCES}


# --- Shared by both backends -----------------------------------------------------------------------


def marked(text: str) -> SafeString:
    """Escapes text whose matches sit between START and STOP, and turns those into <mark>."""
    html = re.sub(f"{START}(.*?){STOP}", r"<mark>\1</mark>", escape(text), flags=re.S)
    return mark_safe(html.replace(START, "").replace(STOP, ""))  # the text was escaped above


def _hit(source: Source, obj, user: User, rank: float, title: str, excerpt: str) -> Hit:
    plain_title, url, context = source.describe(obj, user)
    bare = title.replace(START, "").replace(STOP, "").replace(source.title_sep, "").strip()
    if not source.title or not bare:
        title = plain_title  # no title fields (a note), or empty ones (a person without a name)
    return Hit(
        kind=source.kind,
        tag=capfirst(str(source.tag)),
        title=marked(title),
        excerpt=marked(excerpt),
        url=url,
        context=context,
        rank=float(rank),
        obj=obj,
    )


def _text(expressions: Sequence[str], sep: str):
    """The non-empty fields joined by sep, as one text expression (PostgreSQL's concat_ws skips NULLs)."""
    if not expressions:
        return Value("", output_field=TextField())
    parts = [NullIf(Cast(F(name), TextField()), Value("", output_field=TextField())) for name in expressions]
    return Func(Value(sep, output_field=TextField()), *parts, function="CONCAT_WS", output_field=TextField())


def search(user: User, query: str, kind: str | None = None, page: int = 1) -> Results:
    """One page of what this user may read that matches the query, best first (of one kind, or of
    all), with the number of matches per kind; PostgreSQL or the fallback."""
    query = query.strip()
    if not query:
        return Results(query=query, backend="none")
    if connection.vendor == "postgresql":
        return search_postgres(user, query, kind, page)
    return search_fallback(user, query, kind, page)


# --- PostgreSQL: full text search -------------------------------------------------------------------

CONFIGS = ("dutch", "simple")
# The sources whose document is stored in the column search_document, kept by a trigger
# (search/migrations/0002): the large ones, where building every match's document at query time cost
# seconds. The smaller ones build it in the query (document() below).
STORED = {"action", "note", "meeting"}


def document(title: tuple[str, ...], body: tuple[str, ...]) -> SearchVector:
    """The text searched, as a tsvector: the title fields weighted A, the body B, in both configurations."""
    return reduce(
        operator.add,
        [
            SearchVector(*fields, weight=weight, config=config)
            for config in CONFIGS
            for fields, weight in ((title, "A"), (body, "B"))
            if fields
        ],
    )


def _vector(source: Source, user: User):
    if source.kind in STORED:
        table = connection.ops.quote_name(source.queryset(user).model._meta.db_table)
        return RawSQL(f"{table}.search_document", [], output_field=SearchVectorField())
    return document(source.title, source.body_for(user))


def search_query(query: str):
    """The query in websearch syntax ("phrase", -not, or), parsed the Dutch way or as typed."""
    return SearchQuery(query, search_type="websearch", config=CONFIGS[0]) | SearchQuery(
        query, search_type="websearch", config=CONFIGS[1]
    )


def search_postgres(user: User, query: str, kind: str | None = None, page: int = 1) -> Results:
    tsquery = search_query(query)

    def matches(source: Source) -> QuerySet:
        vector = _vector(source, user)
        return (
            source.queryset(user)
            .annotate(search_vector=vector)
            .filter(search_vector=tsquery)
            .annotate(search_rank=SearchRank(vector, tsquery))
        )

    def mark(shown: list[tuple[Source, Any]]) -> list[Hit]:
        marks = _headlines(user, tsquery, shown)
        return [
            _hit(
                source,
                row,
                user,
                row.search_rank,
                _whole_title(source, row, query, marks[source.kind, row.pk][0]),
                marks[source.kind, row.pk][1],
            )
            for source, row in shown
        ]

    return _paged(query, "postgresql", kind, page, matches, mark)


def _headlines(user: User, tsquery, shown: list[tuple[Source, Any]]) -> dict[tuple[str, int], tuple[str, str]]:
    """(title, excerpt) with the matches marked, for the hits shown only (ts_headline reads the whole
    text, so it is the costly part), in one query whatever kinds they are."""
    pks: dict[str, list[int]] = {}
    for source, row in shown:
        pks.setdefault(source.kind, []).append(row.pk)
    parts = []
    for kind, ids in pks.items():
        source = KINDS[kind]
        parts.append(
            source.queryset(user)
            .model._default_manager.filter(pk__in=ids)
            .order_by()
            .values_list(
                Value(kind, output_field=TextField()),
                "pk",
                _headline(_text(source.title, source.title_sep), tsquery, highlight_all=True),
                _headline(_text(source.body_for(user), " · "), tsquery, max_words=35, min_words=15),
            )
        )
    if not parts:
        return {}
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return {(kind, pk): (title, excerpt) for kind, pk, title, excerpt in rows}


def _headline(text, tsquery, **options) -> SearchHeadline:
    return SearchHeadline(text, tsquery, config=CONFIGS[0], start_sel=START, stop_sel=STOP, **options)


def _whole_title(source: Source, row, query: str, headline: str) -> str:
    """ts_headline's title, unless its parser dropped something that looked like an HTML tag: a
    title is shown whole, as its own page shows it (an excerpt may lose such a piece)."""
    title = _title_text(source, row)
    if headline.replace(START, "").replace(STOP, "") == title:
        return headline
    return excerpt(title, parse_terms(query)[0], len(title))


# --- Both backends: the best rows per kind, one page of them marked ---------------------------------


def _paged(
    query: str,
    backend: str,
    kind: str | None,
    page: int,
    matches: Callable[[Source], QuerySet | None],
    mark: Callable[[list[tuple[Source, Any]]], list[Hit]],
) -> Results:
    """One query per kind: its best rows down to the requested page (all kinds merged by rank need no
    more of any kind than page × HITS_PER_PAGE), with the number of matches as a window count; a kind
    not asked for fetches one row, for its count. Only the page's rows are then marked."""
    depth = min(max(page, 1) * HITS_PER_PAGE, PER_KIND)
    fetched: list[tuple[Source, list]] = []
    counts = []
    for source in SOURCES:
        queryset = matches(source)
        rows: list = []
        if queryset is not None:
            limit = depth if kind in (None, source.kind) else 1
            rows = list(queryset.annotate(search_total=Window(Count("pk"))).order_by("-search_rank", "pk")[:limit])
        total = rows[0].search_total if rows else 0
        counts.append(KindCount(source.kind, capfirst(str(source.label)), total, min(total, PER_KIND)))
        if kind in (None, source.kind):
            fetched.append((source, rows))
    available = sum(count.shown for count in counts if kind in (None, count.kind))
    last = max(1, -(-available // HITS_PER_PAGE))
    if page > last:  # a page past the end (a stale link): the last one, as Paginator.get_page does
        return _paged(query, backend, kind, last, matches, mark)
    candidates = [(source, row) for source, rows in fetched for row in rows]
    candidates.sort(key=lambda candidate: -candidate[1].search_rank)  # stable: within a rank, SOURCES' order
    shown = candidates[(page - 1) * HITS_PER_PAGE : page * HITS_PER_PAGE]
    return Results(query=query, backend=backend, hits=mark(shown), counts=counts, page=page, available=available)


# --- The fallback: containment per term -------------------------------------------------------------

TERM = re.compile(r'(-?)"([^"]+)"|(-?)(\S+)')


def parse_terms(query: str) -> tuple[list[str], list[str]]:
    """(wanted, excluded) terms: words, "quoted phrases", -excluded ones; 'or' is dropped (any term counts)."""
    wanted: list[str] = []
    excluded: list[str] = []
    for match in TERM.finditer(query):
        minus = match.group(1) or match.group(3)
        term = (match.group(2) or match.group(4) or "").strip('"').strip()
        if not term or term.lower() == "or" or term == "-":
            continue
        (excluded if minus else wanted).append(term)
    return wanted, excluded


def _any(fields: Sequence[str], term: str) -> Q:
    q = Q()
    for name in fields:
        q |= Q(**{f"{name}__icontains": term})
    return q


def _value(obj, path: str) -> str:
    for name in path.split("__"):
        obj = getattr(obj, name, None)
        if obj is None:
            return ""
    return str(obj)


def _title_text(source: Source, row) -> str:
    return source.title_sep.join(v for v in (_value(row, name) for name in source.title) if v)


def excerpt(text: str, terms: Sequence[str], chars: int = EXCERPT_CHARS) -> str:
    """A piece of text around the first match, the matches between START and STOP (not yet escaped)."""
    text = " ".join(text.split())
    if not terms:
        return text[:chars]
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.I)
    found = pattern.search(text)
    begin = 0
    if found and found.start() > chars // 3 and len(text) > chars:  # a text that fits is shown whole
        begin = text.rfind(" ", 0, found.start() - chars // 3) + 1
    end = begin + chars
    if end < len(text):
        end = max(text.rfind(" ", begin, end), begin + chars // 2)
    piece = text[begin:end]
    piece = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", piece)
    return ("… " if begin else "") + piece + (" …" if end < len(text) else "")


def search_fallback(user: User, query: str, kind: str | None = None, page: int = 1) -> Results:
    """The SQLite search; plain ORM lookups, so it runs (and is tested) on PostgreSQL too."""
    from django.db.models import Case, IntegerField, When

    wanted, excluded = parse_terms(query)

    def matches(source: Source) -> QuerySet | None:
        if not wanted:
            return None
        body = source.body_for(user)
        fields = (*source.title, *body)
        found = Q()
        points = []
        for term in wanted:
            found |= _any(fields, term)
            if source.title:
                points.append(Case(When(_any(source.title, term), then=Value(2)), default=Value(0)))
            points.append(Case(When(_any(body, term), then=Value(1)), default=Value(0)))
        queryset = source.queryset(user).filter(found)
        for term in excluded:
            queryset = queryset.exclude(_any(fields, term))
        return queryset.annotate(search_rank=Cast(reduce(operator.add, points), IntegerField()))

    def mark(shown: list[tuple[Source, Any]]) -> list[Hit]:
        hits = []
        for source, row in shown:
            title = _title_text(source, row)
            text = " · ".join(v for v in (_value(row, name) for name in source.body_for(user)) if v)
            hits.append(
                _hit(source, row, user, row.search_rank, excerpt(title, wanted, len(title)), excerpt(text, wanted))
            )
        return hits

    return _paged(query, "fallback", kind, page, matches, mark)
