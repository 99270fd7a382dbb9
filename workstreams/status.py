"""The one status rule: green / amber / red with reasons in words.

Used by pages, dashboards, exports, snapshots and mails alike. The rule (also in README.md and on the
dashboard's "how is this computed" note):

- before the start date: grey, "not started yet";
- pursued work with no actions: amber ("no actions recorded");
- all actions done: green;
- RED when any of: the 12 weeks are over with actions still open; the share of actions done trails
  the share of the 12 weeks elapsed by 40 points or more; at least 2 actions and at least a quarter of
  the open ones are overdue;
- AMBER when any of: the share done trails the time elapsed by 20 points or more; an action is
  overdue; an action is blocked; a KPI is behind its target;
- GREEN otherwise.
Dropped actions do not count. A recommendation followed on the side is "sideline", never red
(recommendations.models.Recommendation.progress).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from taskforce.models import Deadline
from workstreams.models import Action

GREEN, AMBER, RED, GREY, SIDELINE = "green", "amber", "red", "grey", "sideline"
RED_GAP = 0.40
AMBER_GAP = 0.20


@dataclass
class Figures:
    """Counts of one group of actions (a workstream's, or a recommendation's)."""

    total: int = 0  # dropped actions excluded
    done: int = 0
    overdue: int = 0
    blocked: int = 0
    stale: int = 0
    kpis_behind: int = 0
    kpis_total: int = 0

    @property
    def open(self) -> int:
        return self.total - self.done

    @property
    def done_share(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def done_percent(self) -> int:
        return round(self.done_share * 100)

    @classmethod
    def from_actions(
        cls,
        actions: Iterable,
        today: dt.date | None = None,
        now: dt.datetime | None = None,
    ) -> Figures:
        """Counts in Python from already loaded actions (no queries)."""
        today = today or timezone.localdate()
        now = now or timezone.now()
        figures = cls()
        for action in actions:
            if action.status == Action.Status.DROPPED:
                continue
            figures.total += 1
            if action.status == Action.Status.DONE:
                figures.done += 1
                continue
            figures.overdue += action.is_overdue(today)
            figures.blocked += action.status == Action.Status.BLOCKED
            figures.stale += action.is_stale(now)
        return figures


@dataclass
class Status:
    colour: str
    reasons: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return {
            GREEN: _("Op koers"),
            AMBER: _("Aandacht nodig"),
            RED: _("Achter op schema"),
            GREY: _("Nog niet begonnen"),
            SIDELINE: _("Zijdelings gevolgd"),
        }.get(self.colour, self.colour)


def status_for(figures: Figures, deadline: Deadline) -> Status:
    """The status of a workstream (or recommendation) from its figures at a point in the 12 weeks."""
    if not deadline.started:
        return Status(
            GREY,
            [_("De taskforce begint op %(date)s.") % {"date": deadline.start.strftime("%d-%m-%Y")}],
        )
    if figures.total == 0:
        return Status(AMBER, [_("Nog geen acties vastgelegd.")])

    elapsed = deadline.elapsed_share
    gap = elapsed - figures.done_share
    reasons = [
        ngettext(
            "%(done)d van %(total)d actie afgerond (%(pct)d%%) bij %(elapsed)d%% van de 12 weken verstreken.",
            "%(done)d van %(total)d acties afgerond (%(pct)d%%) bij %(elapsed)d%% van de 12 weken verstreken.",
            figures.total,
        )
        % {
            "done": figures.done,
            "total": figures.total,
            "pct": figures.done_percent,
            "elapsed": round(elapsed * 100),
        }
    ]
    if figures.done == figures.total:
        return Status(GREEN, [_("Alle acties afgerond.")])

    # No mutation here: None for False (mutmut's only change to this line that survives) is as false.
    red = amber = False  # pragma: no mutate
    if deadline.overrun:
        red = True
        reasons.append(
            ngettext(
                "De 12 weken zijn voorbij en %(n)d actie staat nog open.",
                "De 12 weken zijn voorbij en %(n)d acties staan nog open.",
                figures.open,
            )
            % {"n": figures.open}
        )
    if gap >= RED_GAP:
        red = True
    elif gap >= AMBER_GAP:
        amber = True
    if figures.overdue:
        amber = True
        if figures.overdue >= 2 and figures.overdue * 4 >= figures.open:
            red = True
        reasons.append(
            ngettext(
                "%(n)d actie over de deadline.",
                "%(n)d acties over de deadline.",
                figures.overdue,
            )
            % {"n": figures.overdue}
        )
    if figures.blocked:
        amber = True
        reasons.append(
            ngettext("%(n)d actie geblokkeerd.", "%(n)d acties geblokkeerd.", figures.blocked) % {"n": figures.blocked}
        )
    if figures.kpis_behind:
        amber = True
        reasons.append(
            ngettext(
                "%(n)d KPI achter op doel.",
                "%(n)d KPI's achter op doel.",
                figures.kpis_behind,
            )
            % {"n": figures.kpis_behind}
        )
    if figures.stale:
        reasons.append(
            ngettext(
                "%(n)d actie al 14 dagen niet bijgewerkt.",
                "%(n)d acties al 14 dagen niet bijgewerkt.",
                figures.stale,
            )
            % {"n": figures.stale}
        )
    return Status(RED if red else AMBER if amber else GREEN, reasons)
