"""The minutes (verslag) of an overleg as Markdown, masked by default.

Masked (the default): clients by code only. With `names=True` (the explicit `--namen`): client
initials beside the code and workers' full names in the attendance list. The minutes contain the
question, outcome and actions per item, and the notes typed during the meeting ("Opmerkingen")
when the team setting `minutes_include_notes` says so (default: yes). That is the team's choice,
not the minute taker's: notes are free text and may name people, so a team that shares its
minutes widely switches it off. Every export writes one audit entry (EXPORT) per client mentioned,
with detail "gemaskeerd" or "ongemaskeerd". The first line says which (models/export_notice.py), and
the file is written mode 0600 (models/file_modes.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from models.markdown_text import md, md_inline
from models.audit import record
from models.clock import local
from models.dutch import clock_time, long_date, short_date
from models.enums import AgendaItemKind, AuditAction, MeetingStatus, OutcomeKind
from models.errors import NotFound
from models.export_notice import audit_detail, first_line
from models.overleg.views import ActionView, ItemView
from models.overleg.queries import item_views, meeting_info, meeting_on, open_action_views
from models.tables.workers import Worker

REGISTRATION_CODE = re.compile(r"\bAM-\d{4}-\d{3,}\b")


@dataclass(frozen=True)
class Minutes:
    meeting_id: int
    day: date
    text: str
    client_codes: tuple[str, ...]  # every client (and registration) code mentioned


def default_filename(day: date) -> str:
    return f"verslag-overleg-{day.isoformat()}.md"


def include_notes(session: Session) -> bool:
    """The team setting: do the minutes carry the meeting notes? (Default yes.)"""
    from models.settings import team_settings

    return team_settings(session).get("minutes_include_notes", True) is not False


def render_minutes(session: Session, meeting_id: int, *, names: bool = False, notes: bool | None = None) -> Minutes:
    """The minutes as Markdown. `notes`: with the meeting notes per item; None: as the team setting says."""
    from models.tables.overleg import Meeting

    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("Dit overleg bestaat niet.")
    info = meeting_info(session, meeting)
    items = item_views(session, meeting_id)
    workers = {w.code: w.name for w in session.exec(select(Worker))}
    day = local(meeting.start).date()
    mentioned: dict[str, None] = {}
    with_notes = include_notes(session) if notes is None else notes

    def client(code: str | None, initials: str) -> str:
        if not code:
            return ""
        mentioned[code] = None
        return f"{code} ({md_inline(initials)})" if names and initials else code

    def who(code: str | None) -> str:
        if not code:
            return "–"
        return f"{md_inline(workers.get(code, code))} ({code})" if names else code

    end = meeting.start.timestamp() + meeting.duration_min * 60
    from datetime import datetime, timezone

    lines = [first_line(masked=not names), "", f"# Verslag ambulant overleg {long_date(day)}", ""]
    planned = f"{clock_time(meeting.start)}–{clock_time(datetime.fromtimestamp(end, tz=timezone.utc))}"
    held = ""
    if info.started_at and info.ended_at:
        held = f" (gehouden {clock_time(info.started_at)}–{clock_time(info.ended_at)})"
    lines += [
        f"- **Tijd:** {planned}{held}",
        f"- **Status:** {MeetingStatus.label_of(info.status)}",
        f"- **Voorzitter:** {who(info.chair_code)} · **Notulist:** {who(info.minute_taker_code)}",
        f"- **Aanwezig:** {', '.join(who(code) for code in info.present) or '–'}",
        "",
        "## Agendapunten",
        "",
    ]
    for number, item in enumerate(items, start=1):
        lines += _item_lines(number, item, client, who, with_notes)
    lines += ["## Alle open acties", ""]
    actions = open_action_views(session, limit=500)
    if actions:
        lines += ["| Wie | Wat | Cliënt | Deadline |", "| --- | --- | --- | --- |"]
        for action in actions:
            lines.append(f"| {who(action.owner_code)} | {_cell(action.what)} | "
                         f"{client(action.client_code, action.client_initials) or '–'} | {_due(action.due)} |")
    else:
        lines.append("Geen open acties.")
    lines.append("")
    for item in items:  # registrations are named by their waiting-list code in the question (or notes)
        for code in REGISTRATION_CODE.findall(f"{item.question}\n{item.notes if with_notes else ''}"):
            mentioned[code] = None
    return Minutes(meeting_id=meeting_id, day=day, text="\n".join(lines), client_codes=tuple(mentioned))


def _item_lines(number: int, item: ItemView, client, who, with_notes: bool) -> list[str]:
    title = f"### {number}. {AgendaItemKind.label_of(item.kind)}"
    code = client(item.client_code, item.client_initials)
    if code:
        title += f" · {code}"
    if item.presenter_code:
        title += f" · inbrenger {who(item.presenter_code)}"
    lines = [title, ""]
    if item.carried_over:
        lines.append("- *Doorgeschoven van een eerder overleg.*")
    if item.question:
        lines.append(f"- **Vraag:** {md_inline(item.question)}")
    if item.discussed or item.outcome:
        if item.outcome:
            lines.append(f"- **{OutcomeKind.label_of(item.outcome_kind) if item.outcome_kind else 'Uitkomst'}:** "
                         f"{md_inline(item.outcome)}")
        else:
            lines.append("- **Uitkomst:** besproken, geen uitkomst vastgelegd.")
    else:
        lines.append("- *Niet besproken: doorgeschoven naar het volgende overleg.*")
    if with_notes:
        lines += _notes_lines(item.notes)
    if item.actions:
        lines.append("- **Acties:**")
        lines += ["  " + _action_line(action, who) for action in item.actions]
    lines.append("")
    return lines


def _notes_lines(notes: str) -> list[str]:
    """The item's notes as typed: one line stays on the item's line, several become a sub-list
    (a Markdown list item would run them together into one paragraph)."""
    lines = [line.strip() for line in (notes or "").splitlines() if line.strip()]
    if not lines:
        return []
    if len(lines) == 1:
        return [f"- **Opmerkingen:** {md_inline(lines[0])}"]
    return ["- **Opmerkingen:**", *(f"  - {md_inline(line)}" for line in lines)]


def _action_line(action: ActionView, who) -> str:
    done = " (gedaan)" if action.status == "done" else ""
    return f"- {who(action.owner_code)}: {md_inline(action.what)} — deadline {_due(action.due)}{done}"


def _due(day: date | None) -> str:
    return f"{short_date(day)} ({day.strftime('%d-%m-%Y')})" if day else "–"


def _cell(text: str) -> str:
    return md_inline(text)


def export_minutes(session: Session, meeting_id: int, path: Path, *, names: bool = False) -> Minutes:
    """Write the minutes to `path` and log one EXPORT audit entry per client mentioned.

    The entries are added to the session, not committed: the caller's unit of work commits them."""
    minutes = render_minutes(session, meeting_id, names=names)
    from models.file_modes import private_folder, write_private  # stdlib only: 0600 file, 0700 new folder

    private_folder(path.parent)
    write_private(path, minutes.text)
    detail = audit_detail(masked=not names)
    for code in minutes.client_codes:
        record(session, AuditAction.EXPORT, "meeting", code, entity_id=meeting_id, detail=detail)
    return minutes


def export_minutes_on(session: Session, day: date, path: Path | None = None, *, names: bool = False) -> tuple[Path, Minutes]:
    """The CLI's entry: the meeting held on `day`. Raises NotFound with a Dutch message.

    Like `export_minutes` it does not commit: the caller commits the audit entries."""
    meeting = meeting_on(session, day)
    if meeting is None:
        raise NotFound(f"Er is geen overleg op {long_date(day)}.")
    target = path or Path(default_filename(day))
    if target.is_dir():
        target = target / default_filename(day)
    return target, export_minutes(session, meeting.id, target, names=names)
