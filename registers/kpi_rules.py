"""KPIs that count themselves: one rule per `KPI.Source`, each counting records of a register.

Every rule takes the KPI, the day to count for and, optionally, the records to count from (by default
the KPI's workstream's register as it is now; `kpi_changes_since` passes the register as it was, from
its django-simple-history tables). It returns the value and the queryset of exactly the records that
value counts, so the evidence page can list them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from kpis.models import KPI, Measurement
from registers.models import Collaboration, Deliverable, Shortage, Supporter
from taskforce.models import Taskforce

RuleResult = tuple[Decimal, QuerySet]


def _taskforce_start() -> dt.date:
    taskforce = Taskforce.current()
    return taskforce.start_date if taskforce else dt.date.min


def _records(model, kpi: KPI, records: QuerySet | None) -> QuerySet:
    records = model.objects.all() if records is None else records
    return records.filter(workstream_id=kpi.workstream_id)


def collaborations_started(kpi: KPI, today: dt.date, records: QuerySet | None = None) -> RuleResult:
    """Collaborations newly started, or scaled up, since the taskforce began.

    Counted: a collaboration in stage started, scaled up or ended whose start date, or scale-up date,
    falls between the taskforce's start date and `today` (both included).

    - One that started before the taskforce began does not count, unless it was scaled up since: the
      proposal counts "nieuw gestarte samenwerkingen met of opschaling van" capacity, so a scale-up
      within the 12 weeks is a result of its own.
    - One that started within the period and has since ended still counts. The KPI counts starts
      achieved in the 12 weeks, not what runs today: a fill-and-finish contract that was completed,
      or even broken off, did start. The evidence page shows its stage "Beëindigd" beside it, so
      nobody reads it as running. (Ending is not undone by the figure going down, which for a count
      towards a target would look like lost work.)
    - Leads and talks never count, whatever dates they carry.
    """
    start = _taskforce_start()
    in_period = Q(started_on__gte=start, started_on__lte=today) | Q(scaled_up_on__gte=start, scaled_up_on__lte=today)
    counted = _records(Collaboration, kpi, records).filter(Q(stage__in=Collaboration.HAS_STARTED) & in_period)
    return Decimal(counted.count()), counted


def open_shortages(kpi: KPI, today: dt.date, records: QuerySet | None = None) -> RuleResult:
    """Shortages not solved that hit vaccines or medicines; the target is zero.

    Counted: status signalled, being solved or could not be solved, affecting vaccines or medicines
    (or both), signalled on or before `today`, expected or existing alike (an expected shortage is what
    the workstream must prevent). A shortage that could not be solved still exists, so it stays
    counted: marking it "niet op te lossen" must not make the KPI green. A shortage solved and then
    reopened counts again from the moment its status is open again. A shortage that hits neither
    vaccines nor medicines is kept in the register but not counted.
    """
    counted = _records(Shortage, kpi, records).filter(
        Q(affects_vaccines=True) | Q(affects_medicines=True),
        status__in=Shortage.OPEN,
        signalled_on__lte=today,
    )
    return Decimal(counted.count()), counted


def supporters(kpi: KPI, today: dt.date, records: QuerySet | None = None) -> RuleResult:
    """Parties, private or public, that confirmed their support on or before `today`.

    A party without a confirmation date is listed in the register but not counted; a party is one
    row per workstream (unique name), so nobody is counted twice.
    """
    # A party without a date is left out by the comparison itself (NULL is never <= a date).
    counted = _records(Supporter, kpi, records).filter(confirmed_on__lte=today)
    return Decimal(counted.count()), counted


def overview_delivered(kpi: KPI, today: dt.date, records: QuerySet | None = None) -> RuleResult:
    """1 once a deliverable linked to this milestone KPI was delivered on or before `today`, else 0."""
    # One not delivered yet is left out by the comparison itself (NULL is never <= a date).
    counted = _records(Deliverable, kpi, records).filter(kpi_id=kpi.pk, delivered_on__lte=today)
    return Decimal(1 if counted.exists() else 0), counted


RULES: dict[str, Callable[..., RuleResult]] = {
    KPI.Source.COLLABORATIONS_STARTED: collaborations_started,
    KPI.Source.OPEN_SHORTAGES: open_shortages,
    KPI.Source.SUPPORTERS: supporters,
    KPI.Source.OVERVIEW_DELIVERED: overview_delivered,
}

# The rules in a sentence, for the evidence page.
RULE_EXPLANATIONS = {
    KPI.Source.COLLABORATIONS_STARTED: gettext_lazy(
        "Telt samenwerkingen in de fase gestart, opgeschaald of beëindigd waarvan de start- of "
        "opschalingsdatum op of na de start van de taskforce ligt. Leads en gesprekken tellen niet; een "
        "samenwerking die vóór de taskforce begon telt alleen als zij sindsdien is opgeschaald; een "
        "beëindigde samenwerking die in de periode startte, blijft meetellen."
    ),
    KPI.Source.OPEN_SHORTAGES: gettext_lazy(
        "Telt tekorten die vaccins of geneesmiddelen raken en niet zijn opgelost: gesignaleerd, wordt "
        "opgelost of niet op te lossen, bestaand of verwacht. Een heropend tekort telt weer mee."
    ),
    KPI.Source.SUPPORTERS: gettext_lazy(
        "Telt partijen die hun steun bevestigden (met een datum). Partijen die nog niet bevestigden, staan "
        "in het register maar tellen niet."
    ),
    KPI.Source.OVERVIEW_DELIVERED: gettext_lazy(
        "1 zodra een opleverproduct dat aan deze KPI is gekoppeld een opleverdatum heeft, anders 0."
    ),
}

# The register each rule counts, by its URL slug in the registers app.
RULE_REGISTER = {
    KPI.Source.COLLABORATIONS_STARTED: "collaborations",
    KPI.Source.OPEN_SHORTAGES: "shortages",
    KPI.Source.SUPPORTERS: "supporters",
    KPI.Source.OVERVIEW_DELIVERED: "deliverables",
}

# By KPI.source; each of these models keeps its history (a `history` manager made by simple-history).
RULE_MODEL: dict[str, type[Collaboration | Shortage | Supporter | Deliverable]] = {
    KPI.Source.COLLABORATIONS_STARTED: Collaboration,
    KPI.Source.OPEN_SHORTAGES: Shortage,
    KPI.Source.SUPPORTERS: Supporter,
    KPI.Source.OVERVIEW_DELIVERED: Deliverable,
}


def _end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def kpi_compute(kpi: KPI, today: dt.date | None = None, *, from_history: bool = False) -> RuleResult | None:
    """(value, counted records) for a computed KPI on `today`; None for a KPI measured by hand.

    By default the register as it is now is counted. With `from_history` the register is counted as it
    stood at the end of `today` (from its history tables): the right thing for a day in the past, when
    a shortage may have been open that is solved now.
    """
    rule = RULES.get(kpi.source)
    if rule is None:
        return None
    today = today or timezone.localdate()
    records = RULE_MODEL[kpi.source].history.as_of(_end_of_day(today)) if from_history else None
    return rule(kpi, today, records)


def computed_kpis() -> QuerySet:
    return KPI.objects.filter(source__in=list(RULES)).select_related("workstream")


def kpi_record_computed(today: dt.date | None = None) -> int:
    """Writes today's value of every computed KPI into its history; returns how many KPIs it wrote.

    One computed Measurement per KPI per day (the `one_computed_value_a_day` constraint): a second run
    on the same day updates that row to the latest value instead of adding one. A day in the past
    (`compute_kpis --date`, to fill a gap) is counted from the registers' history as they stood then.
    """
    past = today is not None and today < timezone.localdate()
    today = today or timezone.localdate()
    written = 0
    for kpi in computed_kpis():
        result = kpi_compute(kpi, today, from_history=past)
        # computed_kpis() holds only KPIs that have a rule, so there is always a result.
        assert result is not None
        value, _records_ = result
        note = _("Berekend uit het register")
        try:
            with transaction.atomic():
                Measurement.objects.update_or_create(
                    kpi=kpi, date=today, computed=True, defaults={"value": value, "note": note}
                )
        except IntegrityError:
            # A concurrent run created the row between our look-up and insert: update that one.
            Measurement.objects.filter(kpi=kpi, date=today, computed=True).update(value=value, note=note)
        written += 1
    return written


def _label_field(model) -> str:
    # No entry for Collaboration: _label names a collaboration by company and partner.
    return {Shortage: "item", Supporter: "party", Deliverable: "title"}[model]


def _label(model, record) -> str:
    if model is Collaboration:
        return f"{record.dutch_company} – {record.partner}"
    return str(getattr(record, _label_field(model)))


# What changed, for the dashboard and the digest; "count" picks the plural form.
NEW_SHORTAGES = ngettext_lazy(
    "%(count)d nieuw tekort: %(names)s",
    "%(count)d nieuwe tekorten: %(names)s",
    "count",
)
REOPENED_SHORTAGES = ngettext_lazy(
    "%(count)d tekort heropend: %(names)s",
    "%(count)d tekorten heropend: %(names)s",
    "count",
)
SOLVED_SHORTAGES = ngettext_lazy(
    "%(count)d tekort opgelost: %(names)s",
    "%(count)d tekorten opgelost: %(names)s",
    "count",
)
DROPPED_SHORTAGES = ngettext_lazy(
    "%(count)d tekort niet meer meegeteld: %(names)s",
    "%(count)d tekorten niet meer meegeteld: %(names)s",
    "count",
)
NEW_COLLABORATIONS = ngettext_lazy(
    "%(count)d nieuwe samenwerking: %(names)s",
    "%(count)d nieuwe samenwerkingen: %(names)s",
    "count",
)
DROPPED_COLLABORATIONS = ngettext_lazy(
    "%(count)d samenwerking niet meer meegeteld: %(names)s",
    "%(count)d samenwerkingen niet meer meegeteld: %(names)s",
    "count",
)
NEW_SUPPORTERS = ngettext_lazy(
    "%(count)d nieuwe steunende partij: %(names)s",
    "%(count)d nieuwe steunende partijen: %(names)s",
    "count",
)
DROPPED_SUPPORTERS = ngettext_lazy(
    "%(count)d partij niet meer meegeteld: %(names)s",
    "%(count)d partijen niet meer meegeteld: %(names)s",
    "count",
)


def kpi_changes_since(kpi: KPI, since: dt.date, today: dt.date | None = None) -> list[str]:
    """Short Dutch (translatable) lines on what changed in the KPI's counted records since `since`.

    Compares the records counted at the end of `since` (the register as its history shows it then)
    with those counted now, e.g. "2 nieuwe samenwerkingen: A, B" or "1 tekort opgelost: X".
    Empty for a KPI measured by hand or when nothing changed.
    """
    rule = RULES.get(kpi.source)
    if rule is None:
        return []
    today = today or timezone.localdate()
    model = RULE_MODEL[kpi.source]
    _value, now_qs = rule(kpi, today)
    _value, then_qs = rule(kpi, since, model.history.as_of(_end_of_day(since)))
    now = {record.pk: _label(model, record) for record in now_qs}
    then = {record.pk: _label(model, record) for record in then_qs}
    added = sorted(now[pk] for pk in now.keys() - then.keys())
    removed_ids = then.keys() - now.keys()
    lines: list[str] = []

    def line(message, names: list[str]) -> None:
        if names:
            lines.append(str(message % {"count": len(names), "names": ", ".join(names)}))

    if kpi.source == KPI.Source.OPEN_SHORTAGES:
        # No mutation here: values_list(flat=True) without "id" (mutmut's only change to this line that
        # survives) reads a historical record's first field, which is the record's id: the same set.
        existed_then = set(model.history.as_of(_end_of_day(since)).values_list("id", flat=True))  # pragma: no mutate
        reopened = sorted(now[pk] for pk in now.keys() - then.keys() if pk in existed_then)
        new = sorted(now[pk] for pk in now.keys() - then.keys() if pk not in existed_then)
        statuses = dict(Shortage.objects.filter(id__in=removed_ids).values_list("id", "status"))
        solved = sorted(then[pk] for pk in removed_ids if statuses.get(pk) == Shortage.Status.SOLVED)
        other = sorted(then[pk] for pk in removed_ids if statuses.get(pk) != Shortage.Status.SOLVED)
        line(NEW_SHORTAGES, new)
        line(REOPENED_SHORTAGES, reopened)
        line(SOLVED_SHORTAGES, solved)
        line(DROPPED_SHORTAGES, other)
        return lines
    removed = sorted(then[pk] for pk in removed_ids)
    if kpi.source == KPI.Source.COLLABORATIONS_STARTED:
        line(NEW_COLLABORATIONS, added)
        line(DROPPED_COLLABORATIONS, removed)
    elif kpi.source == KPI.Source.SUPPORTERS:
        line(NEW_SUPPORTERS, added)
        line(DROPPED_SUPPORTERS, removed)
    elif kpi.source == KPI.Source.OVERVIEW_DELIVERED:
        if added and not then:
            lines.append(_("Opgeleverd: %(names)s") % {"names": ", ".join(added)})
        if removed and not now:
            lines.append(_("Niet meer opgeleverd: %(names)s") % {"names": ", ".join(removed)})
    return lines
