"""The accessibility statement's facts, read from the automated checks' latest results (results.json).

The results file is written by `manage.py accessibility_check` (which runs the axe and Nu Html Checker walk
of tests/accessibility/test_automated_checks.py) and committed; a test fails when it no longer says what
the checks find. Nothing here is typed by hand: the status follows from the results by one rule.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

RESULTS_FILE = Path(__file__).resolve().parent / "results.json"


class Compliance(models.TextChoices):
    """The statuses of the Dutch government's model statement that automated checks can support."""

    FULL = "full", _("voldoet volledig")
    PARTIAL = "partial", _("voldoet gedeeltelijk")
    NONE = "none", _("voldoet niet")


def compliance(*, pages_checked: int, pages_failing: int) -> Compliance:
    """No violation anywhere: fully; a violation on every page checked (a fault all pages share): not;
    otherwise partially. No page checked supports no claim at all."""
    if pages_checked and not pages_failing:
        return Compliance.FULL
    if pages_failing >= pages_checked:
        return Compliance.NONE
    return Compliance.PARTIAL


@dataclass
class KnownException:
    """One rule the checks found broken, with the WCAG success criteria it tests and where."""

    tool: str
    rule: str
    criteria: list[str]
    impact: str
    description: str
    help_url: str
    pages: list[str]


@dataclass
class Statement:
    checked_on: dt.date
    standard: str
    tools: dict[str, str]
    pages: list[dict]
    exceptions: list[KnownException] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return sum(len(page["languages"]) for page in self.pages)

    def page_list(self, language: str) -> list[tuple[str, str]]:
        """(title in this language, route) of each page checked."""
        return [(page["titles"].get(language) or page["name"], page["route"]) for page in self.pages]

    @property
    def failing_count(self) -> int:
        return len({page for exception in self.exceptions for page in exception.pages})

    @property
    def status(self) -> Compliance:
        return compliance(pages_checked=self.page_count, pages_failing=self.failing_count)


def statement_read(path: Path | None = None) -> Statement | None:
    """The statement from the results file; None when there is none (then no status can be claimed)."""
    path = path or RESULTS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return Statement(
        checked_on=dt.date.fromisoformat(data["checked_on"]),
        standard=data["standard"],
        tools=data["tools"],
        pages=data["pages"],
        exceptions=[KnownException(**violation) for violation in data["violations"]],
    )
