"""The team's days off: Dutch public holidays plus the team's own closure days.

A closure day (*sluitingsdag*) is a working day on which the whole team is off although it is no
public holiday: the brugdag after Hemelvaart, a team day away, the office closed between Christmas
and New Year. It is a team setting. Each closure day is its own `team_setting` row, key
`closure_day:<ISO date>`, value its name as JSON ("Brugdag"), so there is no limit on how many the
team keeps (a setting's value holds 400 characters) and two coordinators adding different days
never collide on one row.

On a day off nothing is planned: the planning grid names the day, the free-slot finder never
offers it, a new repeating appointment asks whether to skip it, the demo plans nothing on it, and
the weekly overleg moves to the next working day of that week (`working_day_in_week`).

The pure functions take the closure days as a mapping (from `closure_days(session)`, or from
`closure_days_in(team_settings(session))`), so a caller that already holds the settings needs no
second query. SQLModel is imported inside the functions that use it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta

from models.dutch import short_date
from models.errors import NotFound, ValidationFailed
from models.plain_text import clean_text
from models.public_holidays import holiday_name

CLOSURE_PREFIX = "closure_day:"
NAME_LIMIT = 40  # "Brugdag na Hemelvaart", "Teamdag Zaanstreek en Waterland"
DEFAULT_NAME = "Teamsluiting"

Closures = Mapping[date, str]


# --- reading ------------------------------------------------------------------------------------

def closure_days_in(settings: Mapping[str, object]) -> dict[date, str]:
    """The closure days among team settings (`team_settings(session)`), date -> name, in date order.

    A key that does not hold a valid ISO date is ignored: a hand-edited row must not stop the
    planning from opening."""
    found: dict[date, str] = {}
    for key, value in settings.items():
        if not key.startswith(CLOSURE_PREFIX):
            continue
        try:
            day = date.fromisoformat(key.removeprefix(CLOSURE_PREFIX))
        except ValueError:
            continue
        name = str(value).strip() if value is not None else ""
        found[day] = name or DEFAULT_NAME
    return dict(sorted(found.items()))


def closure_days(session, first: date | None = None, last: date | None = None) -> dict[date, str]:
    """The team's closure days (within [first, last] when given), date -> name, in date order."""
    from sqlmodel import col, select

    from models.settings import TeamSetting

    rows = session.exec(select(TeamSetting.key, TeamSetting.value)
                        .where(col(TeamSetting.key).startswith(CLOSURE_PREFIX)))
    settings: dict[str, object] = {}
    for key, value in rows:
        try:
            settings[key] = json.loads(value)
        except ValueError:
            settings[key] = value
    return {day: name for day, name in closure_days_in(settings).items()
            if (first is None or day >= first) and (last is None or day <= last)}


def day_off_name(day: date, closures: Closures = {}) -> str | None:  # noqa: B006 - read only
    """'Eerste kerstdag', 'Brugdag', or None on an ordinary day. A public holiday's own name wins."""
    plain = date(day.year, day.month, day.day)  # a datetime or pendulum value would not match the keys
    return holiday_name(plain) or closures.get(plain)


def days_off_in(first: date, last: date, closures: Closures = {}) -> dict[date, str]:  # noqa: B006
    """Every day off in [first, last] (weekends included when they hold a holiday), date -> name."""
    found: dict[date, str] = {}
    day = date(first.year, first.month, first.day)
    while day <= last:
        name = day_off_name(day, closures)
        if name is not None:
            found[day] = name
        day += timedelta(days=1)
    return found


def days_off(session, start: date, end: date) -> dict[date, str]:
    """The team's days off in [start, end] (both included): public holidays and closure days."""
    return days_off_in(start, end, closure_days(session, start, end))


def day_off(session, day: date) -> str | None:
    """The name of the day off on `day` ("Eerste kerstdag", "Teamdag"), or None on a working day."""
    return days_off(session, day, day).get(date(day.year, day.month, day.day))


def is_day_off(session, day: date) -> bool:
    return day_off(session, day) is not None


def working_day_in_week(day_in_week: date, weekday: int, closures: Closures = {}) -> date | None:  # noqa: B006
    """The ISO `weekday` of the week holding `day_in_week`, or when that is a day off the next day
    of the same week that is not; None when the rest of the working week is off.

    A weekly event (the overleg) stays in its week when it has to move: the waiting list still gets
    divided that week."""
    monday = day_in_week - timedelta(days=day_in_week.weekday())
    for iso_weekday in range(weekday, 6):
        day = monday + timedelta(days=iso_weekday - 1)
        if day_off_name(day, closures) is None:
            return day
    return None


def describe_days(days: Mapping[date, str], *, most: int = 6) -> str:
    """'ma 28 dec Tweede kerstdag, vr 1 jan Nieuwjaarsdag' (at most `most`, then 'en nog 3')."""
    shown = [f"{short_date(day)} {name}" for day, name in list(days.items())[:most]]
    rest = len(days) - len(shown)
    return ", ".join(shown) + (f" en nog {rest}" if rest > 0 else "")


def kind_of(days: Mapping[date, str]) -> str:
    """How to call these days in a sentence: 'feestdag', 'sluitingsdag' or 'vrije dag' (mixed)."""
    holidays = sum(holiday_name(day) is not None for day in days)
    if holidays == len(days):
        return "feestdag"
    return "sluitingsdag" if holidays == 0 else "vrije dag"


# --- writing (through models/actions: these flush, never commit) ---------------------------------

def set_closure_day(session, day: date, name: str = "") -> str:
    """Add (or rename) one closure day; returns the name stored. Flushes, no commit."""
    from models.settings import TeamSetting

    day = _checked_day(day)
    name = _checked_name(name)
    key = CLOSURE_PREFIX + day.isoformat()
    row = session.get(TeamSetting, key)
    value = json.dumps(name, ensure_ascii=False)
    if row is None:
        session.add(TeamSetting(key=key, value=value))
    elif row.value != value:
        row.value = value
    _flush(session)
    return name


def remove_closure_day(session, day: date) -> None:
    """Remove one closure day. Flushes, no commit."""
    from models.settings import TeamSetting

    row = session.get(TeamSetting, CLOSURE_PREFIX + date(day.year, day.month, day.day).isoformat())
    if row is None:
        raise NotFound(f"{short_date(day)} {day.year} is geen sluitingsdag van het team.")
    session.delete(row)
    _flush(session)


def set_closure_days(session, days: Mapping[date, str]) -> dict[date, str]:
    """Make the team's closure days exactly `days` (date -> name): add, rename and remove.

    Everything is checked before anything changes, so a refused day leaves the list as it was.
    Returns the stored list. Flushes, no commit."""
    wanted = {_checked_day(day): _checked_name(name) for day, name in days.items()}  # all checks first
    current = closure_days(session)
    for day in current.keys() - wanted.keys():
        remove_closure_day(session, day)
    for day, name in sorted(wanted.items()):
        set_closure_day(session, day, name)
    return closure_days(session)


def _checked_day(day: date) -> date:
    day = date(day.year, day.month, day.day)
    if day.isoweekday() > 5:
        raise ValidationFailed(f"{short_date(day)} {day.year} valt in het weekend; een sluitingsdag is een werkdag.", field="day")
    holiday = holiday_name(day)
    if holiday is not None:
        raise ValidationFailed(f"{short_date(day)} {day.year} is al een feestdag ({holiday}).", field="day")
    return day


def _checked_name(name: str) -> str:
    cleaned = " ".join(clean_text(name or "").split()) or DEFAULT_NAME
    if len(cleaned) > NAME_LIMIT:
        raise ValidationFailed(f"Naam van de sluitingsdag: te lang, ten hoogste {NAME_LIMIT} tekens.", field="name")
    return cleaned


def _flush(session) -> None:
    from sqlalchemy.orm.exc import StaleDataError

    try:
        session.flush()
    except StaleDataError:
        from models.conflicts import lost_race

        raise lost_race("Deze sluitingsdag") from None
