"""Dutch date and time wording for the UI ("di 24 nov", "week 48").

Pure pendulum; no SQLModel, so screens can format before the database layer is loaded.
"""

from __future__ import annotations

from datetime import date, datetime

import pendulum

from models.clock import local_std


def _clean(text: str) -> str:
    # pendulum's nl locale writes abbreviations with a dot ("di 24 nov."); the team writes none.
    return text.replace(".", "")


def short_date(day: date) -> str:
    """'di 24 nov'"""
    return _clean(pendulum.date(day.year, day.month, day.day).format("dd D MMM", locale="nl"))


def long_date(day: date) -> str:
    """'dinsdag 24 november 2026'"""
    return pendulum.date(day.year, day.month, day.day).format("dddd D MMMM YYYY", locale="nl")


def numeric_date(day: date | None) -> str:
    """'24-11-2026', or a dash for no date."""
    return day.strftime("%d-%m-%Y") if day else "–"


def week_label(day: date) -> str:
    """'week 48'"""
    return f"week {day.isocalendar().week}"


def clock_time(moment: datetime) -> str:
    """'09:30' in the team's time zone."""
    return local_std(moment).strftime("%H:%M")


def count(number: int, one: str, many: str) -> str:
    """'1 aanmelding', '3 aanmeldingen', '0 aanmeldingen': Dutch uses the singular only for one."""
    return f"{number} {one if number == 1 else many}"


def days_ago(then: date, today: date) -> str:
    delta = (today - then).days
    if delta == 0:
        return "vandaag"
    if delta == 1:
        return "gisteren"
    return f"{delta} dagen"


def days_until(then: date, today: date) -> str:
    delta = (then - today).days
    if delta == 0:
        return "vandaag"
    if delta == 1:
        return "morgen"
    if delta == -1:
        return "gisteren"
    if delta < 0:
        return f"{-delta} dagen geleden"
    return f"over {delta} dagen"
