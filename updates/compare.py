"""Two sets of report facts (updates.services.facts_collect) side by side, the differences marked."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from updates.models import Rating

COLOURS = {
    "green": _("Op koers"),
    "amber": _("Aandacht nodig"),
    "red": _("Achter op schema"),
    "grey": _("Nog niet begonnen"),
}


@dataclass
class Line:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass
class WorkstreamComparison:
    name: str
    lines: list[Line] = field(default_factory=list)
    newly_done: list[str] = field(default_factory=list)
    new_risks: list[str] = field(default_factory=list)
    gone_risks: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(line.changed for line in self.lines) or bool(self.newly_done or self.new_risks or self.gone_risks)


def _rating(value: str) -> str:
    return str(Rating(value).label) if value in Rating.values else "–"


def _gap(value) -> str:
    if value is None:
        return "–"
    if value > 0:
        return ngettext("%(n)s week achter", "%(n)s weken achter", 1 if value == 1 else 2) % {"n": value}
    if value < 0:
        return ngettext("%(n)s week voor", "%(n)s weken voor", 1 if value == -1 else 2) % {"n": -value}
    return str(_("op plan"))


def comparison(old: dict, new: dict) -> list[WorkstreamComparison]:
    rows = []
    for slug, now in new["workstreams"].items():
        then = old["workstreams"].get(slug, {})
        row = WorkstreamComparison(name=now["name"])
        row.lines = [
            Line(
                str(_("Berekende status")),
                str(COLOURS.get(then.get("status", ""), "–")),
                str(COLOURS.get(now["status"], "–")),
            ),
            Line(str(_("Oordeel trekker")), _rating(then.get("rating", "")), _rating(now["rating"])),
            Line(
                str(_("Oordeel taskforce")), _rating(then.get("reviewer_rating", "")), _rating(now["reviewer_rating"])
            ),
            Line(str(_("Afwijking van het plan")), _gap(then.get("gap")), _gap(now.get("gap"))),
            Line(str(_("Acties afgerond")), str(len(then.get("done", []))), str(len(now["done"]))),
        ]
        for name, value in now["kpis"].items():
            before = then.get("kpis", {}).get(name)
            row.lines.append(Line(name, "–" if before is None else before, "–" if value is None else value))
        done_before = set(then.get("done", []))
        row.newly_done = [title for title in now["done"] if title not in done_before]
        risks_before = set(then.get("risks", []))
        row.new_risks = [risk for risk in now["risks"] if risk not in risks_before]
        row.gone_risks = [risk for risk in then.get("risks", []) if risk not in set(now["risks"])]
        rows.append(row)
    return rows
