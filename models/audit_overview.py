"""The audit overview for a coordinator: who did what with which client, and its export.

A data-protection request ("wie heeft dit dossier ingezien?") is answered from the append-only
audit log (models/audit.py): filter on worker, client, action and period, see the entries newest
first with a count per worker of how often the client's data was read, and export the lot as a
Markdown file for the answer.

- Only a coordinator may see it (`Worker.coordinator`). The check is here, on the acting user of
  the session (`acting(session)`), so the command line and any future screen are held to it too.
- The period is in team time (Europe/Amsterdam): "from 1 november to 30 november" means from
  midnight at the start of 1 november to midnight at the end of 30 november on the team's wall
  clock, also on a day with a clock change (23 or 25 hours). Both days are included.
- A worker filter matches the worker who acted and the colleague on whose behalf they acted.
- The overview names clients by code only. The audit log holds no initials or names, and the
  export does not look any up (the first line says so, as every export's does).
- The export is Markdown, like the minutes and the handover exports: readable as it is, in a mail
  or printed, with the filter and who made it at the top. (CSV would suit a spreadsheet, but the
  answer to a request is read by people, and Markdown tables open fine in a spreadsheet too.)
  Exporting adds its own entry to the audit log ("auditoverzicht").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, col, func, or_, select

from models.audit import AuditEntry, acting, entity_label, record
from models.clock import at, local, local_std, now, today
from models.dutch import count, numeric_date
from models.enums import AuditAction
from models.errors import DomainError
from models.export_notice import first_line
from models.file_modes import private_folder, write_private
from models.markdown_text import md_inline
from models.tables.workers import Worker

NOT_A_COORDINATOR = "Alleen een coördinator kan het auditoverzicht inzien."
DEFAULT_DAYS = 30  # the overview opens on the last 30 days, today included
ROW_LIMIT = 500  # rows shown on screen; the count and the summary cover every matching entry

@dataclass(frozen=True)
class AuditFilter:
    """What to show. Empty text means "all"; dates are team days, both included."""

    worker: str = ""  # worker code: who acted, or on whose behalf
    client: str = ""  # client code
    action: str = ""  # an AuditAction value
    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "worker", (self.worker or "").strip().upper())
        object.__setattr__(self, "client", (self.client or "").strip().upper())
        object.__setattr__(self, "action", (self.action or "").strip())
        if self.action and self.action not in {a.value for a in AuditAction}:
            raise DomainError(f"Onbekende actie '{self.action}'.", field="audit-action")
        if self.start and self.end and self.start > self.end:
            raise DomainError("'Van' ligt na 'Tot': kies een eerdere begindatum.", field="audit-from")

    @classmethod
    def last_days(cls, days: int = DEFAULT_DAYS, *, worker: str = "", client: str = "", action: str = "") -> AuditFilter:
        """The last `days` team days up to and including today."""
        end = today()
        return cls(worker=worker, client=client, action=action, start=end - timedelta(days=days - 1), end=end)

    def describe(self) -> list[str]:
        """The filter in words, one line per part (the export's head)."""
        return [
            f"Medewerker: {self.worker or 'alle'}",
            f"Cliënt: {self.client or 'alle cliënten'}",
            f"Actie: {AuditAction.label_of(self.action) if self.action else 'alle'}",
            f"Periode: {period_words(self.start, self.end)}",
        ]


def period_words(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{numeric_date(start)} t/m {numeric_date(end)}"
    if start:
        return f"vanaf {numeric_date(start)}"
    if end:
        return f"t/m {numeric_date(end)}"
    return "alles"


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # team time (an aware datetime in Europe/Amsterdam)
    when: str  # "23-11-2026 08:30"
    user_code: str
    on_behalf_of: str
    action: str
    action_label: str
    what: str
    client_code: str  # "" when the entry is about no client (a sign-in)
    detail: str


@dataclass(frozen=True)
class AuditPage:
    """One look at the log: the newest rows, and counts over every entry that matches."""

    filter: AuditFilter
    rows: tuple[AuditRow, ...]
    total: int  # entries matching the filter
    cut_off: bool  # more matched than `rows` holds
    reads: int  # of those, reads ("lezen")
    reads_by_worker: tuple[tuple[str, int], ...] = field(default=())  # (worker code, reads), most first

    def summary_line(self) -> str:
        """'124 regels · 38 keer ingezien' (and how many are shown when not all are)."""
        line = f"{count(self.total, 'regel', 'regels')} · {self.reads} keer ingezien"
        if self.cut_off:
            line += f" · de nieuwste {len(self.rows)} getoond"
        return line

    def reads_line(self) -> str:
        """'Ingezien door: AV 12×, JB 3×', or '' when nobody read anything here."""
        if not self.reads_by_worker:
            return ""
        return "Ingezien door: " + ", ".join(f"{code} {n}×" for code, n in self.reads_by_worker)


def require_coordinator(session: Session) -> str:
    """The acting worker's code, or a refusal when they are not an (active) coordinator."""
    code = acting(session).user_code
    allowed = session.exec(
        select(Worker.id).where(Worker.code == code, Worker.coordinator == True, Worker.active == True)  # noqa: E712
    ).first()
    if allowed is None:
        raise DomainError(NOT_A_COORDINATOR)
    return code


def _where(query, audit_filter: AuditFilter):
    if audit_filter.worker:
        query = query.where(or_(AuditEntry.user_code == audit_filter.worker,
                                AuditEntry.on_behalf_of == audit_filter.worker))
    if audit_filter.client:
        query = query.where(AuditEntry.client_code == audit_filter.client)
    if audit_filter.action:
        query = query.where(AuditEntry.action == audit_filter.action)
    if audit_filter.start:
        query = query.where(AuditEntry.at >= at(audit_filter.start, 0))
    if audit_filter.end:  # up to midnight at the END of that team day (23 or 25 hours on a DST day)
        query = query.where(AuditEntry.at < at(audit_filter.end + timedelta(days=1), 0))
    return query


def audit_rows(session: Session, audit_filter: AuditFilter, limit: int | None = ROW_LIMIT) -> AuditPage:
    """The entries matching `audit_filter`, newest first (at most `limit`; None: all of them)."""
    require_coordinator(session)
    total = session.exec(_where(select(func.count()).select_from(AuditEntry), audit_filter)).one()
    reads_query = _where(select(AuditEntry.user_code, func.count()).select_from(AuditEntry), audit_filter)
    reads_query = reads_query.where(AuditEntry.action == AuditAction.READ).group_by(AuditEntry.user_code)
    by_worker = sorted(((code, n) for code, n in session.exec(reads_query)), key=lambda item: (-item[1], item[0]))
    query = _where(select(AuditEntry), audit_filter).order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
    if limit is not None:
        query = query.limit(limit)
    rows = tuple(_row(entry) for entry in session.exec(query))
    return AuditPage(filter=audit_filter, rows=rows, total=total, cut_off=len(rows) < total,
                     reads=sum(n for _code, n in by_worker), reads_by_worker=tuple(by_worker))


def _row(entry: AuditEntry) -> AuditRow:
    moment = local_std(entry.at)  # not pendulum: it drops `fold`, the second 02:30 of the autumn clock change
    return AuditRow(
        id=entry.id or 0, at=moment, when=f"{numeric_date(moment.date())} {moment:%H:%M}",
        user_code=entry.user_code, on_behalf_of=entry.on_behalf_of or "", action=entry.action,
        action_label=AuditAction.label_of(entry.action), what=entity_label(entry.entity),
        client_code=entry.client_code or "", detail=entry.detail or "",
    )


# --- the export -----------------------------------------------------------------------------------

def default_filename(audit_filter: AuditFilter) -> str:
    """'audit-ZS-0008-2026-10-25-2026-11-23.md', 'audit-team-begin-2026-11-23.md'."""
    parts = [audit_filter.client or "team"]
    if audit_filter.worker:
        parts.append(audit_filter.worker)
    if audit_filter.action:
        parts.append(audit_filter.action)
    parts.append(audit_filter.start.isoformat() if audit_filter.start else "begin")
    parts.append((audit_filter.end or today()).isoformat())
    return "audit-" + "-".join(_safe(part) for part in parts) + ".md"


def _safe(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "_", part).strip("_") or "x"


def render_audit(page: AuditPage, exported_by: str, exported_at: datetime) -> str:
    """The export's Markdown: the notice line, the filter, who and when, the summary, the rows."""
    lines = [first_line(masked=True), "", "# Auditoverzicht", ""]
    lines += [f"- {md_inline(part)}" for part in page.filter.describe()]
    moment = local(exported_at)
    lines += [f"- Geëxporteerd door: {md_inline(exported_by)} op {numeric_date(moment.date())} "
              f"{moment.format('HH:mm')}", ""]
    lines += ["## Samenvatting", "", md_inline(page.summary_line()), ""]
    if page.reads_by_worker:
        lines += ["| Medewerker | Keer ingezien |", "| --- | ---: |"]
        lines += [f"| {md_inline(code)} | {n} |" for code, n in page.reads_by_worker]
        lines.append("")
    lines += ["## Regels (nieuwste eerst)", ""]
    if not page.rows:
        lines += ["Geen regels in deze periode.", ""]
        return "\n".join(lines)
    lines += ["| Wanneer | Wie | Namens | Actie | Wat | Cliënt | Details |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    for row in page.rows:
        cells = (row.when, row.user_code, row.on_behalf_of, row.action_label, row.what, row.client_code, row.detail)
        lines.append("| " + " | ".join(md_inline(cell) for cell in cells) + " |")
    lines.append("")
    return "\n".join(lines)


def export_audit(session: Session, audit_filter: AuditFilter, target: Path) -> Path:
    """Write every matching entry as Markdown (mode 0600) and log the export; returns the file.

    `target` is a folder (the file gets `default_filename`) or a file path ending in `.md`.
    Flushes nothing itself and commits nothing: the caller's unit of work commits the entry."""
    exported_by = require_coordinator(session)
    page = audit_rows(session, audit_filter, limit=None)
    path = Path(target)
    if path.suffix.lower() != ".md" or path.is_dir():
        path = path / default_filename(audit_filter)
    text = render_audit(page, exported_by, now())
    try:
        private_folder(path.parent)
        write_private(path, text)
    except OSError:
        raise DomainError(f"Het auditoverzicht kon niet worden geschreven naar {path}.") from None
    record(session, AuditAction.EXPORT, "audit_entry", audit_filter.client or None, detail="auditoverzicht")
    return path
