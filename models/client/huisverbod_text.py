"""A huisverbod in a few Dutch words ("verlengd t/m 12-12", "overtreden op 3-12"), from frozen rows.

Pure (no SQLModel): the client page, Vandaag, the handover page and its export all word it the same."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from models.enums import HuisverbodEventKind

if TYPE_CHECKING:
    from models.client.views import HuisverbodEventRow


def describe_event(kind: str, day: date, new_end: date | None) -> str:
    """One event: 'verlengd t/m 12-12', 'beëindigd op 8-12', 'overtreden op 3-12', 'opgelegd op 1-12'."""
    if kind == HuisverbodEventKind.VERLENGD and new_end is not None:
        return f"verlengd t/m {day_month(new_end)}"
    return f"{HuisverbodEventKind.label_of(kind).lower()} op {day_month(day)}"


def day_month(day: date) -> str:
    """'3-12': how the team writes a day in a running order (the year is obvious)."""
    return f"{day.day}-{day.month}"


def current_events(rows: tuple[HuisverbodEventRow, ...], start: date | None) -> tuple[HuisverbodEventRow, ...]:
    """The events of the order that runs now (from its start on), newest first as `rows` are."""
    if start is None:
        return ()
    return tuple(r for r in rows if r.day >= start)


def state_words(rows: tuple[HuisverbodEventRow, ...], start: date | None) -> tuple[str, ...]:
    """The current order's latest state, for a header or an attachment: its newest extension or
    early end, and its newest breach ('verlengd t/m 12-12', 'overtreden op 3-12 (en 1 keer eerder)')."""
    current = current_events(rows, start)
    change = next((r for r in current if r.kind in (HuisverbodEventKind.VERLENGD, HuisverbodEventKind.BEEINDIGD)),
                  None)
    breaches = [r for r in current if r.kind == HuisverbodEventKind.OVERTREDEN]
    words = [describe_event(change.kind, change.day, change.new_end)] if change else []
    if breaches:
        earlier = len(breaches) - 1
        words.append(describe_event(breaches[0].kind, breaches[0].day, None)
                     + (f" (en {earlier} keer eerder)" if earlier else ""))
    return tuple(words)


def period_text(start: date, end: date | None) -> str:
    """'15-11-2026 t/m 25-11-2026'"""
    from models.dutch import numeric_date

    return f"{numeric_date(start)} t/m {numeric_date(end)}"


def summary_text(start: date | None, end: date | None, rows: tuple[HuisverbodEventRow, ...]) -> str:
    """The order and its latest state on one line:
    '15-11-2026 t/m 03-12-2026 · verlengd t/m 3-12 · overtreden op 20-11'."""
    if start is None:
        return "geen"
    return " · ".join((period_text(start, end), *state_words(rows, start)))


def event_text(row: HuisverbodEventRow) -> str:
    """One event with who recorded it: 'overtreden op 3-12 (AV)'; its note goes beside it as data."""
    who = f" ({row.recorded_by})" if row.recorded_by else ""
    return f"{describe_event(row.kind, row.day, row.new_end)}{who}"
