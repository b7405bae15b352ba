"""A handover as Markdown, masked by default (client codes only), with an EXPORT audit entry per client.

The first line says whether it is masked (models/export_notice.py); the audit detail is
"gemaskeerd" or "ongemaskeerd".

Flushes, never commits: the export action commits the audit entries with the written file."""

from __future__ import annotations

from sqlmodel import Session

from models.client.huisverbod_text import event_text, summary_text
from models.markdown_text import md, md_inline
from models.audit import record
from models.clock import local
from models.dutch import clock_time, numeric_date, short_date
from models.enums import AgreementStatus, AppointmentKind, AuditAction, Gemeente, HandoverReason, Top3Phase
from models.errors import NotFound
from models.export_notice import audit_detail, first_line
from models.handover.views import SBAR_FIELDS, HandoverDetail


def export_handover(session: Session, handover_id: int, *, masked: bool = True) -> tuple[str, str]:
    """(file name, Markdown text). The file name names no client."""
    from models.handover.queries import handover_detail

    detail = handover_detail(session, handover_id)
    if detail is None or detail.is_draft:
        raise NotFound("Deze overdracht bestaat niet (meer) of is nog een concept.")
    how = audit_detail(masked=masked)
    for client in detail.clients:
        record(session, AuditAction.EXPORT, "handover", client.code, detail.id, how)
    session.flush()  # the caller commits, once the file is written (models/actions/handover.py)
    # The unmasked file has its own name: exporting it must not overwrite the masked one, or the
    # other way round (and the name says which is which).
    suffix = "" if masked else "-met-initialen"
    name = f"overdracht-{detail.id}-{local(detail.created_at).format('YYYY-MM-DD')}{suffix}.md"
    return name, handover_markdown(detail, masked=masked)


def handover_markdown(detail: HandoverDetail, *, masked: bool = True) -> str:
    def client_name(code: str, initials: str) -> str:
        return code if masked or not initials else f"{code} ({md_inline(initials)})"

    created = local(detail.created_at)
    lines = [
        first_line(masked=masked),
        "",
        f"# Overdracht {detail.id}: {HandoverReason.label_of(detail.reason).lower()}",
        "",
        f"- **Van:** {detail.from_code} ({md_inline(detail.from_name)})",
        f"- **Aan:** {detail.to_code} ({md_inline(detail.to_name)})" if detail.to_code else "- **Aan:** –",
        f"- **Reden:** {HandoverReason.label_of(detail.reason)}",
        f"- **Periode:** {_period(detail)}",
        f"- **Geschreven:** {short_date(created.date())} {clock_time(detail.created_at)}",
    ]
    if detail.acknowledged_at:
        ack = local(detail.acknowledged_at)
        lines.append(f"- **Gelezen en overgenomen:** {short_date(ack.date())} {clock_time(detail.acknowledged_at)}"
                     f" door {detail.to_code}")
        if detail.ack_remark:
            lines.append(f"- **Terugkoppeling:** {md_inline(detail.ack_remark)}")
    else:
        lines.append("- **Status:** nog niet bevestigd")
    codes = ", ".join(client_name(c.code, c.initials) for c in detail.clients) or "geen (algemene overdracht)"
    lines.append(f"- **Cliënten:** {codes}")
    for name, label in SBAR_FIELDS:
        lines += ["", f"## {label}", "", md(getattr(detail, name)) or "–"]
    for client in detail.clients:
        lines += ["", f"## Cliënt {client_name(client.code, client.initials)}", ""]
        lines.append(f"Medewerker: {client.worker_code or '–'}")
        lines.append("")
        if client.top3_number:
            lines.append(f"### Top-3 (versie {client.top3_number}, {numeric_date(client.top3_made_on)}, "
                         f"fase {Top3Phase.label_of(client.top3_phase)}, evaluatie {numeric_date(client.top3_evaluate_on)})")
            lines.append("")
            lines += [f"{rank}. {md_inline(text)}" for rank, text in enumerate(client.top3_situations, start=1)] or ["–"]
        else:
            lines += ["### Top-3", "", "Nog geen Top-3."]
        lines += ["", "### Lopende veiligheidsafspraken", ""]
        lines += [f"- {md_inline(a.who)}: {md_inline(a.what)} (tot {numeric_date(a.until)}, "
                  f"{AgreementStatus.label_of(a.status).lower()})"
                  for a in client.agreements] or ["Geen."]
        lines += ["", "### Open acties", ""]
        lines += [f"- {md_inline(a.what)} ({a.owner_code}, uiterlijk {numeric_date(a.due)})"
                  for a in client.actions] or ["Geen."]
        if client.huisverbod_start or client.huisverbod_events:
            lines += ["", "### Huisverbod", "",
                      summary_text(client.huisverbod_start, client.huisverbod_end, client.huisverbod_events), ""]
            lines += [f"- {event_text(e)}" + (f": {md_inline(e.note)}" if e.note else "")
                      for e in client.huisverbod_events]
        lines += ["", f"### Afspraken {short_date(detail.attachment_start)} t/m {short_date(detail.attachment_end)}", ""]
        lines += [
            f"- {short_date(local(a.start).date())} {clock_time(a.start)}–{clock_time(a.end)} "
            f"{AppointmentKind.label_of(a.kind).lower()}"
            + (f", {Gemeente.label_of(a.place)}" if a.place else "") + f" ({who})"
            for a, who in zip(client.appointments, client.appointment_worker_codes)
        ] or ["Geen."]
    lines.append("")
    return "\n".join(lines)


def _period(detail: HandoverDetail) -> str:
    if detail.period_start is None:
        return "–"
    return f"{short_date(detail.period_start)} t/m {short_date(detail.period_end)}" if detail.period_end \
        else f"vanaf {short_date(detail.period_start)}"
