"""Reading dates and times the way a Dutch worker types them.

    dates: vandaag, morgen, overmorgen, gisteren, ma … zo (the next one, today included),
           volgende week di, vorige week vr, 24-11, 24-11-2026, 24/11, 24 nov, 24 november 2026,
           wk 49 di, week 49 (monday), +3 (days from today)
    times: 14:00, 14u, 14u30, 9.30, 930, 14

Wrong input raises ParseError with a Dutch sentence; nothing is guessed. (Libraries such as
dateparser read far more, but they guess at what they do not understand — "no guess" is the
rule here — and know no ISO week forms.)
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

WEEKDAYS = {
    "ma": 0, "maandag": 0, "di": 1, "dinsdag": 1, "wo": 2, "woensdag": 2, "do": 3, "donderdag": 3,
    "vr": 4, "vrijdag": 4, "za": 5, "zaterdag": 5, "zo": 6, "zondag": 6,
}
MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mrt": 3, "maart": 3, "apr": 4, "april": 4,
    "mei": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augustus": 8, "sep": 9, "sept": 9,
    "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
RELATIVE = {"vandaag": 0, "morgen": 1, "overmorgen": 2, "gisteren": -1, "eergisteren": -2}


class ParseError(ValueError):
    """Input that is not a date or time we understand; the message is Dutch."""


def parse_date(text: str, today: date) -> date:
    words = text.strip().lower().replace(".", " ").split()
    if not words:
        raise ParseError("Vul een datum in.")
    phrase = " ".join(words)
    if phrase in RELATIVE:
        return today + timedelta(days=RELATIVE[phrase])
    if match := re.fullmatch(r"\+(\d{1,3})", phrase):
        return today + timedelta(days=int(match.group(1)))
    if phrase in WEEKDAYS:
        return today + timedelta(days=(WEEKDAYS[phrase] - today.weekday()) % 7)
    if match := re.fullmatch(r"(volgende|vorige) week (\w+)", phrase):
        return _in_week(_monday(today) + timedelta(weeks=1 if match.group(1) == "volgende" else -1), match.group(2))
    if match := re.fullmatch(r"(?:wk|week) (\d{1,2})(?: (\w+))?", phrase):
        return _iso_week_day(int(match.group(1)), match.group(2) or "ma", today)
    if match := re.fullmatch(r"(\d{1,2})[-/](\d{1,2})(?:[-/](\d{2}|\d{4}))?", phrase):
        day, month, year = match.groups()
        return _calendar_date(int(day), int(month), year, today)
    if match := re.fullmatch(r"(\d{1,2}) ([a-z]+)(?: (\d{4}))?", phrase):
        day, month_word, year = match.groups()
        if month_word not in MONTHS:
            raise ParseError(f"Onbekende maand '{month_word}'. Schrijf bijvoorbeeld 24 nov.")
        return _calendar_date(int(day), MONTHS[month_word], year, today)
    raise ParseError("Onbekende datum. Probeer: vandaag, morgen, di, volgende week di, 24-11, 24 nov of wk 49 di.")


def parse_time(text: str) -> time:
    phrase = text.strip().lower().replace(" ", "")
    if not phrase:
        raise ParseError("Vul een tijd in.")
    match = (re.fullmatch(r"(\d{1,2})[:.u](\d{2})", phrase) or re.fullmatch(r"(\d{1,2})u?()", phrase)
             or re.fullmatch(r"(\d{1,2})(\d{2})", phrase))
    if not match:
        raise ParseError("Onbekende tijd. Schrijf bijvoorbeeld 14:00, 14u of 9.30.")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ParseError("Die tijd bestaat niet (uren 0–23, minuten 0–59).")
    return time(hour, minute)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _in_week(monday: date, weekday_word: str) -> date:
    if weekday_word not in WEEKDAYS:
        raise ParseError(f"Onbekende dag '{weekday_word}'. Gebruik ma, di, wo, do, vr, za of zo.")
    return monday + timedelta(days=WEEKDAYS[weekday_word])


def _iso_week_day(week: int, weekday_word: str, today: date) -> date:
    """Week numbers are for planning ahead: a week already past means that week next year."""
    year = today.isocalendar().year
    if week < 1 or week > date(year, 12, 28).isocalendar().week:
        raise ParseError(f"Week {week} bestaat niet in {year}.")
    if week < today.isocalendar().week - 8:  # far in the past: the team means next year
        year += 1
    return _in_week(date.fromisocalendar(year, week, 1), weekday_word)


def _calendar_date(day: int, month: int, year_text: str | None, today: date) -> date:
    if year_text is None:
        year = today.year
    else:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    try:
        result = date(year, month, day)
    except ValueError:
        raise ParseError(f"{day}-{month} is geen bestaande datum.") from None
    if year_text is None and result < today - timedelta(days=60):
        result = result.replace(year=year + 1)  # "5-1" typed in november means next january
    return result
