"""The burn-up as inline SVG, for the progress report.

WeasyPrint runs no JavaScript, so the report cannot use the dashboard's Chart.js: this lays out the
same data (dashboards.selectors.Burnup) as lines on a time axis, a day as wide as any other day, and
`dashboards/_burnup_svg.html` draws them. Its <title> becomes the PDF figure's alternate text.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.utils import dateformat
from django.utils.translation import pgettext

from dashboards.selectors import Burnup

WIDTH, HEIGHT = 640, 250
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 30, 34  # room for the value labels, the legend and the dates
X_TICK_DAYS = 14


def _n(value: float) -> str:
    """A coordinate as SVG reads it: a point, never the locale's decimal comma."""
    return f"{value:.1f}".removesuffix(".0")


@dataclass
class Tick:
    pos: str
    label: str


@dataclass
class BurnupSvg:
    actual: str  # SVG polyline points
    actual_dots: list[tuple[str, str]]  # each measured point, so a single one still shows
    ideal: str
    forecast: str
    planned: str  # the frozen plan ("" without a baseline)
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    today_x: str | None
    milestones: list[tuple[str, str, str, str]] = field(default_factory=list)  # x1, x2, y, name
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def _y_step(top: int) -> int:
    """A round step giving at most five intervals up to `top`."""
    for magnitude in range(0, 7):
        for base in (1, 2, 5):
            step = base * 10**magnitude
            if math.ceil(top / step) <= 5:
                return step
    return 10**7


def burnup_svg(burnup: Burnup) -> BurnupSvg:
    points = burnup.points
    today = next((p.date for p in points if p.is_today), None)
    end = max([burnup.start + dt.timedelta(weeks=12), *(p.date for p in points)])
    days = max((end - burnup.start).days, 1)
    highest = max([burnup.total, 1, *(p.actual or 0 for p in points), *(math.ceil(p.planned or 0) for p in points)])
    step = _y_step(highest)
    y_max = step * math.ceil(highest / step)

    def x(date: dt.date) -> str:
        return _n(LEFT + (WIDTH - RIGHT - LEFT) * (date - burnup.start).days / days)

    def y(value: float) -> str:
        return _n(HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * value / y_max)

    def line(values) -> str:
        return " ".join(f"{x(p.date)},{y(v)}" for p, v in zip(points, values, strict=True) if v is not None)

    # A date format (Django's), per language: "14 dec" in Dutch, "14 Dec" in English.
    date_format = pgettext("burn-up axis date", "j b")
    x_ticks = [
        Tick(x(date), dateformat.format(date, date_format))
        for offset in range(0, days + 1, X_TICK_DAYS)
        if (date := burnup.start + dt.timedelta(days=offset))
    ]
    return BurnupSvg(
        actual=line([p.actual for p in points]),
        actual_dots=[(x(p.date), y(p.actual)) for p in points if p.actual is not None],
        ideal=line([p.ideal for p in points]),
        forecast=line([p.forecast for p in points]),
        planned=line([p.planned for p in points]),
        x_ticks=x_ticks,
        y_ticks=[Tick(y(value), str(value)) for value in range(0, y_max + 1, step)],
        today_x=None if today is None else x(today),
        milestones=[
            (_n(float(x(date)) - 10), _n(float(x(date)) + 10), y(target), name)
            for date, target, name in burnup.milestones
            if burnup.start <= date <= end
        ],
    )
