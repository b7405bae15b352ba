"""The one place that knows what time it is, in the team's time zone.

Everything goes through pendulum so tests can freeze time with `pendulum.travel_to(...)`.
Datetimes are stored as aware UTC values (SQLModel refuses naive ones); screens convert to
Europe/Amsterdam only for display.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pendulum

TEAM_TZ = "Europe/Amsterdam"


def now() -> pendulum.DateTime:
    return pendulum.now(TEAM_TZ)


def utcnow() -> datetime:
    return now().in_timezone("UTC")


def today() -> date:
    return now().date()


def local(moment: datetime) -> pendulum.DateTime:
    """An aware datetime (stored UTC) as the team's wall-clock time."""
    if moment.tzinfo is None:  # SQLite hands back naive values for some raw queries
        moment = moment.replace(tzinfo=timezone.utc)
    return pendulum.instance(moment).in_timezone(TEAM_TZ)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time on a team day, as an aware UTC datetime for storage."""
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=TEAM_TZ).in_timezone("UTC")


def week_monday(day: date) -> date:
    return day - pendulum.duration(days=day.weekday())


def iso_week(day: date) -> int:
    return day.isocalendar().week
