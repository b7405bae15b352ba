"""Vandaag's lines as plain text: the days ahead, huisverbod news, my drafts, and fitting columns.

Pure functions (no widgets), so the wording can be tested on many dates without the app.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rich.cells import cell_len

from models.clock import local_std
from models.dutch import clock_time, short_date
from models.client.views import HuisverbodNewsRow
from models.enums import AbsenceKind, AppointmentKind, HuisverbodEventKind
from models.vandaag.views import ActionRow, AheadDay, DraftRow, EvaluationRow

ELLIPSIS = "…"


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def day_summary(day: AheadDay) -> str:
    """"3 afspraken (2 huisbezoeken) · eerste 09:30 ZS-0012"; "Eerste kerstdag — vrij"; "geen werkdag"."""
    parts: list[str] = []
    if day.day_off:
        parts.append(f"{day.day_off} — vrij")
    elif day.absence_kind:
        parts.append(f"afwezig ({AbsenceKind.label_of(day.absence_kind).lower()})")
    if day.appointments:
        count = plural(day.appointments, "afspraak", "afspraken")
        if day.home_visits and day.appointments > 1:
            count += f" ({plural(day.home_visits, 'huisbezoek', 'huisbezoeken')})"
        parts.append(count)
        if day.first_start is not None:
            first = day.first_client_code or AppointmentKind.label_of(day.first_kind or "").lower()
            parts.append(f"eerste {clock_time(day.first_start)} {first}".rstrip())
    elif not parts and day.listed:
        parts.append("geen afspraken" if day.works else "geen werkdag")
    return " · ".join(parts)


def action_line(action: ActionRow) -> str:
    return f"Actie: {action.what}" + (f" · {action.client_code}" if action.client_code else "")


def evaluation_line(evaluation: EvaluationRow) -> str:
    return f"Top-3 evaluatie {evaluation.client_code} · versie {evaluation.plan_number}"


def week_rows(days: list[AheadDay]) -> list[tuple[str, tuple[str, str]]]:
    """(row key, (Dag, Wat)) for "deze week": a line per day, under it what falls due that day.

    Keys: "day:<iso date>" (Enter opens my day in the planning), "action:<id>", "client:<id>:top3"."""
    rows: list[tuple[str, tuple[str, str]]] = []
    for day in days:
        label = short_date(day.day)
        summary = day_summary(day)
        if summary:
            rows.append((f"day:{day.day.isoformat()}", (label, summary)))
            label = ""
        for action in day.actions:
            rows.append((f"action:{action.id}", (label, action_line(action))))
            label = ""
        for evaluation in day.evaluations:
            rows.append((f"client:{evaluation.client_id}:top3", (label, evaluation_line(evaluation))))
            label = ""
    return rows


def news_line(news: HuisverbodNewsRow, *, masked: bool) -> tuple[str, str, str, str]:
    """An Aandacht line (Wat, Omschrijving, Cliënt, Wanneer) for a huisverbod extended, ended early
    or breached in the last week. A breach's note is what was typed: shown as typed, and not when
    masked (the projector shows codes only)."""
    kind = HuisverbodEventKind.label_of(news.kind).lower()
    who = f"begeleiding door {news.worker_code or '?'}"
    if news.kind == HuisverbodEventKind.VERLENGD and news.new_end is not None:
        what = f"t/m {short_date(news.new_end)} · {who}"
    elif news.kind == HuisverbodEventKind.OVERTREDEN and news.note and not masked:
        what = f"{news.note} · {who}"
    else:
        what = who
    return f"Huisverbod {kind}", what, news.client_code, short_date(news.day)


def saved_label(saved_at: datetime, today: date) -> str:
    """When a draft was kept: "14:32" today, "gisteren 14:32", else "di 1 dec" (with the year if another)."""
    moment = local_std(saved_at)
    day = moment.date()
    if day == today:
        return moment.strftime("%H:%M")
    if day == today - timedelta(days=1):
        return f"gisteren {moment:%H:%M}"
    return short_date(day) + (f" {day.year}" if day.year != today.year else "")


def draft_codes(row: DraftRow) -> str:
    return ", ".join(row.codes)


# --- fitting a table to its width ---------------------------------------------------------------

def clip(text: str, width: int) -> str:
    """`text` in at most `width` cells, ending in "…" when cut."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    cut = text
    while cut and cell_len(cut) > width - 1:
        cut = cut[:-1]
    return cut.rstrip(" ,·") + ELLIPSIS


def fit(headers: tuple[str, ...], rows: list[tuple[str, ...]], width: int,
        flexible: tuple[tuple[int, int], ...], padding: int = 1) -> list[tuple[str, ...]]:
    """Rows whose columns together fit in `width` cells: the `flexible` columns (index, narrowest
    width), in that order, give up cells and their texts end in "…". The other columns are never
    cut (a name in "wie is waar", a time, a date). With `width` 0 (not laid out yet) nothing changes."""
    if width <= 0 or not rows:
        return rows
    natural = [max([cell_len(headers[i])] + [cell_len(row[i]) for row in rows]) for i in range(len(headers))]
    excess = sum(natural) + 2 * padding * len(headers) - width
    if excess <= 0:
        return rows
    widths = list(natural)
    for index, narrowest in flexible:
        give = min(excess, max(0, widths[index] - max(narrowest, cell_len(headers[index]))))
        widths[index] -= give
        excess -= give
        if excess <= 0:
            break
    return [tuple(clip(cell, widths[i]) if widths[i] < natural[i] else cell for i, cell in enumerate(row))
            for row in rows]
