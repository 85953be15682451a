"""A candidate's applications and interview rate per month (or week), with Wilson intervals.

The rate of a period is interviews (offers included) over the applications of that period
whose outcome is known: one still awaiting an answer says nothing yet, so it counts as an
application but not in the rate. The 95 % interval is Wilson's (statsmodels), which stays
inside [0, 1] and does not collapse to a point at 0 of 3.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils.safestring import SafeString
from statsmodels.stats.proportion import proportion_confint

from profiles.models import Application, CandidateProfile
from recruitly.timecharts import RatePoint, activity_with_rate

INTERVIEWED = ("interview", "offer")
# A history shorter than this is drawn by week: by month it would be one or two bars.
WEEKLY_UNDER = timedelta(days=120)


def wilson(k: int, n: int) -> tuple[float, float]:
    """The 95 % Wilson interval of k/n; (0, 1) when n is 0."""
    if n == 0:
        return 0.0, 1.0
    low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
    return float(low), float(high)


def _periods(first: date, last: date, weekly: bool) -> list[date]:
    """Every period start from ``first`` to ``last``, so a quiet month shows as an empty bar."""
    out, current = [], first
    while current <= last:
        out.append(current)
        if weekly:
            current += timedelta(days=7)
        else:
            current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def application_activity(
    *,
    candidate: CandidateProfile,
    since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[list[RatePoint], str]:
    """The candidate's periods as chart points, and the period's name ("month" or "week").

    ``since``/``until`` (optional) bound the applications and force weeks: the insights page
    shows the weeks its analysis looked at.
    """
    apps = Application.objects.filter(candidate=candidate)
    if since is not None:
        apps = apps.filter(submitted_at__gte=since)
    if until is not None:
        apps = apps.filter(submitted_at__lt=until)
    span = apps.aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
    if span["first"] is None:
        return [], "month"
    weekly = since is not None or span["last"] - span["first"] < WEEKLY_UNDER
    trunc = TruncWeek("submitted_at") if weekly else TruncMonth("submitted_at")
    rows = {
        _day(row["period"]): row
        for row in apps.annotate(period=trunc)
        .values("period")
        .annotate(
            n=Count("id"),
            resolved=Count("id", filter=~Q(outcome_status="")),
            k=Count("id", filter=Q(outcome_status__in=INTERVIEWED)),
        )
    }
    starts = _periods(min(rows), max(rows), weekly)
    points = []
    for start in starts:
        row = rows.get(start, {"n": 0, "resolved": 0, "k": 0})
        low, high = wilson(row["k"], row["resolved"])
        label = f"{start:%b %-d}" if weekly else f"{start:%b %y}"
        points.append(RatePoint(label, row["resolved"], row["k"], low, high, sent=row["n"]))
    return points, "week" if weekly else "month"


def activity_chart(
    *, candidate: CandidateProfile, since: datetime | None = None, until: datetime | None = None
) -> tuple[SafeString, str]:
    points, period = application_activity(candidate=candidate, since=since, until=until)
    chart = activity_with_rate(
        points, count_label=f"applications per {period}", rate_label="interview rate"
    )
    return chart, period
