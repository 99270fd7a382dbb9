"""Plan against actual: a frozen plan's curve and the gap, in weeks, between where the plan expected
the actual figure and now.

A plan is a list of 12 numbers: what is planned done by the end of week 1..12 (0 at the start).
Between week ends the plan runs in a straight line. The gap is how many weeks ago the plan stood
where the actual figure stands now: positive is behind, negative ahead, 0 on plan.
"""

from __future__ import annotations


def plan_at(plan: list[float], weeks: float) -> float:
    """The planned figure `weeks` weeks after the start (a straight line between week ends)."""
    points = [0.0, *map(float, plan)]
    if weeks <= 0:
        return 0.0
    if weeks >= len(plan):
        return points[-1]
    whole = int(weeks)
    return points[whole] + (points[whole + 1] - points[whole]) * (weeks - whole)


def _first_reaching(points: list[float], value: float) -> float:
    """The earliest time at which the plan reaches `value` (the end when it never does)."""
    for week in range(1, len(points)):
        low, high = points[week - 1], points[week]
        if high >= value:
            if high == low:
                return float(week - 1) if low >= value else float(week)
            return week - 1 + max(0.0, (value - low) / (high - low))
    return float(len(points) - 1)


def _last_at_most(points: list[float], value: float) -> float:
    """The latest time at which the plan was still at or below `value`."""
    for week in range(len(points) - 1, 0, -1):
        low, high = points[week - 1], points[week]
        if low <= value:
            if high <= value:
                return float(week)
            return week - 1 + (value - low) / (high - low)
    return 0.0


def gap_weeks(plan: list[float], actual: float, weeks: float) -> float:
    """Weeks behind (positive) or ahead (negative) of the plan `weeks` weeks after the start, to one decimal."""
    points = [0.0, *map(float, plan)]
    weeks = min(max(weeks, 0.0), float(len(plan)))
    planned = plan_at(plan, weeks)
    if actual >= planned:
        gap = min(0.0, weeks - _first_reaching(points, actual))
    else:
        gap = weeks - _last_at_most(points, actual)
    return round(gap, 1) + 0.0  # + 0.0: no "-0.0"
