"""The first line of every export: is it masked or not.

A file travels: mailed on, printed, opened months later. Its first line says what it holds, so
whoever opens it knows at once whether it names clients only by code or with initials. The
iCalendar export cannot start with a sentence (line 1 must be BEGIN:VCALENDAR): it says it in
X-WR-CALDESC, the calendar's description (models/planning/ics_export.py).
"""

from __future__ import annotations

MASKED = "Gemaskeerd: alleen cliëntcodes."
UNMASKED = "NIET gemaskeerd: met initialen — alleen voor wie het moet weten."
AUDIT_MASKED = "gemaskeerd"
AUDIT_UNMASKED = "ongemaskeerd"  # the audit detail of an export with initials or names


def first_line(*, masked: bool) -> str:
    return MASKED if masked else UNMASKED


def audit_detail(*, masked: bool) -> str:
    return AUDIT_MASKED if masked else AUDIT_UNMASKED
