"""Two sets of report facts (updates.services.facts_collect) side by side, the differences marked."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from updates.models import Rating
from updates.selectors import gap_text, risks_with_links

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
    new_risks: list[dict] = field(default_factory=list)  # as updates/_risks.html shows them
    gone_risks: list[dict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(line.changed for line in self.lines) or bool(self.newly_done or self.new_risks or self.gone_risks)


def _rating(value: str) -> str:
    return str(Rating(value).label) if value in Rating.values else "–"


def _gap(value) -> str:
    return "–" if value is None else gap_text(value)


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
        # A risk is the same risk when its text is; facts frozen before risks had links hold plain text.
        risks_then = risks_with_links(then.get("risks", []), {})
        risks_now = risks_with_links(now["risks"], {})
        texts_then = {risk["text"] for risk in risks_then}
        texts_now = {risk["text"] for risk in risks_now}
        row.new_risks = [risk for risk in risks_now if risk["text"] not in texts_then]
        row.gone_risks = [risk for risk in risks_then if risk["text"] not in texts_now]
        rows.append(row)
    return rows
