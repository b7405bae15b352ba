"""The one place that knows what time it is, in the team's time zone.

Everything asks `now()` here, so tests (and screenshots) can freeze the team's clock with
`freeze(...)` without touching the monotonic clock Textual's timers run on.
Datetimes are stored as aware UTC values (SQLModel refuses naive ones); screens convert to
Europe/Amsterdam only for display.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pendulum

TEAM_TZ = "Europe/Amsterdam"
# Conversions run per appointment on every screen: use one zone object and the standard library's
# astimezone (a pendulum conversion by zone name costs ~20x more).
_ZONE = ZoneInfo(TEAM_TZ)


_frozen: pendulum.DateTime | None = None


def freeze(moment: datetime | None) -> None:
    """Stop the team clock at `moment` (None lets it run again). For tests and demos only."""
    global _frozen
    _frozen = None if moment is None else pendulum.instance(moment).in_timezone(TEAM_TZ)


def now() -> pendulum.DateTime:
    return _frozen if _frozen is not None else pendulum.now(TEAM_TZ)


def utcnow() -> datetime:
    return now().in_timezone("UTC")


def today() -> date:
    return now().date()


def local(moment: datetime) -> pendulum.DateTime:
    """An aware datetime (stored UTC) as the team's wall-clock time."""
    return pendulum.instance(local_std(moment))


def local_std(moment: datetime) -> datetime:
    """Like `local`, as a plain datetime: for hot paths (grouping, HH:MM) that need no pendulum."""
    if moment.tzinfo is None:  # SQLite hands back naive values for some raw queries
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(_ZONE)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time on a team day, as an aware UTC datetime for storage."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=_ZONE).astimezone(timezone.utc)


def week_monday(day: date) -> date:
    return day - pendulum.duration(days=day.weekday())
