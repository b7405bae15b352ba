"""Retention: closed cases older than the team's `retention_days_closed` leave the database.

A client closed more than `retention_days_closed` days ago (team setting, default 730) is purged by
`teambord db opschonen` (tui/cli_retention.py): first a count of what would go (`retention_plan`,
changes nothing), then, confirmed, `purge`.

What goes and what stays, and why:
- Everything that describes the person or the help goes, as whole rows: the client row, its
  trajectories, Top-3 plans with their unsafe situations and safety agreements, huisverbod events,
  appointments with the client, the overleg's agenda items and actions about the client, the
  handover links (and a handover that was only about purged clients, since its SBAR text is about
  them), and form drafts of the client's forms. Deleting rows rather than blanking fields leaves
  nothing half: no "client without a code" that every screen would have to understand.
- The waiting-list registration stays as a statistics-only row: the waiting-list figures
  (models/waitlist/stats.py: registrations per month, waiting times, the list's length per week)
  count registrations and their status steps, and must add up the same after a purge. Its link to
  the client is cleared and its free text emptied (reason, referrer contact, melding note, the
  notes of its status steps and of its intake appointment); what is left is dates, status,
  region, urgency and the waiting-list code (a number, not a person).
- The audit log is append-only and keeps its entries: they name codes (pseudonyms) and field
  names, never contents. The purge itself is one audit entry with counts only, no codes: a
  deletion entry per row would write every purged client's code into the log again.

The rows are removed with set-based DELETE/UPDATE statements, not through the ORM: the per-row
audit listener would otherwise log each one (see above). The change counters are bumped so other
open apps reload. Foreign keys are respected by the order of the statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, delete, exists, func, not_, or_, select, update
from sqlmodel import Session, SQLModel

from models.enums import ClientStatus

# Drafts of a client's forms are keyed "<form>:<client id>" (screens/*: draft_key=...).
CLIENT_DRAFT_FORMS = ("top3", "followup", "close", "huisverbod")

# What a purge removes or empties, in the order it is done (children before parents), with the
# Dutch words the command line prints: (key, one, many).
KINDS: tuple[tuple[str, str, str], ...] = (
    ("client", "cliënt", "cliënten"),
    ("trajectory", "traject", "trajecten"),
    ("top3_plan", "Top-3-plan", "Top-3-plannen"),
    ("unsafe_situation", "onveilige situatie", "onveilige situaties"),
    ("safety_agreement", "veiligheidsafspraak", "veiligheidsafspraken"),
    ("huisverbod_event", "huisverbod-gebeurtenis", "huisverbod-gebeurtenissen"),
    ("appointment", "afspraak", "afspraken"),
    ("agenda_item", "agendapunt", "agendapunten"),
    ("action_item", "actie", "acties"),
    ("handover_client", "koppeling aan een overdracht", "koppelingen aan overdrachten"),
    ("handover", "overdracht", "overdrachten"),
    ("form_draft", "concept", "concepten"),
    ("registration", "aanmelding (blijft voor de statistiek, zonder tekst)",
     "aanmeldingen (blijven voor de statistiek, zonder tekst)"),
)


@dataclass(frozen=True)
class RetentionPlan:
    """What a purge removes (or, for registrations, empties), counted per table."""

    cutoff: date  # clients closed before this day are purged
    retention_days: int
    counts: tuple[tuple[str, int], ...]  # (table key of KINDS, rows), every kind, in KINDS order

    @property
    def clients(self) -> int:
        return dict(self.counts).get("client", 0)

    @property
    def empty(self) -> bool:
        return self.clients == 0

    def lines(self) -> list[str]:
        """Dutch lines, one per kind with rows: "12 cliënten"."""
        words = {key: (one, many) for key, one, many in KINDS}
        return [f"{count} {words[key][0] if count == 1 else words[key][1]}" for key, count in self.counts if count]

    def audit_detail(self) -> str:
        """Counts only, never a code: "bewaartermijn 730 dagen, gesloten voor 2024-12-04: client 3, …"."""
        parts = ", ".join(f"{key} {count}" for key, count in self.counts if count)
        return f"bewaartermijn {self.retention_days} dagen, gesloten voor {self.cutoff.isoformat()}: {parts or 'niets'}"


def retention_days(session: Session) -> int:
    from models.settings import team_settings

    value = team_settings(session).get("retention_days_closed", 730)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 730


def retention_plan(session: Session, today: date) -> RetentionPlan:
    """Count what `purge(session, today)` would remove; changes nothing."""
    days = retention_days(session)
    cutoff = today - timedelta(days=days)
    queries = _selections(cutoff)
    t = _tables()
    queries["form_draft"] = select(t.form_draft.c.id).where(t.form_draft.c.form_key.in_(_draft_keys(session, cutoff)))
    counts = tuple((key, session.execute(select(func.count()).select_from(queries[key].subquery())).scalar_one())
                   for key, _one, _many in KINDS)
    return RetentionPlan(cutoff=cutoff, retention_days=days, counts=counts)


def purge(session: Session, today: date) -> RetentionPlan:
    """Remove the closed cases older than the retention period (see the module docstring).

    Flushes, never commits; writes one audit entry (counts only). Returns what was done."""
    from models.audit import record
    from models.changes import TRACKED_KEY
    from models.enums import AuditAction

    plan = retention_plan(session, today)
    if plan.empty:
        return plan
    session.flush()  # pending ORM changes first: the statements below work on the database's rows
    t = _tables()
    cutoff = plan.cutoff
    clients = _purged_clients(cutoff)
    registrations = select(t.registration.c.id).where(t.registration.c.client_id.in_(clients))
    plans = select(t.top3_plan.c.id).where(t.top3_plan.c.client_id.in_(clients))
    items = select(t.agenda_item.c.id).where(t.agenda_item.c.client_id.in_(clients))
    doomed_handovers = _handovers_only_about(cutoff)
    draft_keys = _draft_keys(session, cutoff)

    # Free text of what stays (the statistics-only registrations), then the rows that go.
    session.execute(update(t.registration_step).where(t.registration_step.c.registration_id.in_(registrations))
                    .values(note=""))
    session.execute(update(t.appointment).where(t.appointment.c.registration_id.in_(registrations))
                    .values(note=""))
    session.execute(update(t.registration).where(t.registration.c.client_id.in_(clients))
                    .values(client_id=None, reason="", referrer_contact="", melding_note=""))
    session.execute(delete(t.form_draft).where(t.form_draft.c.form_key.in_(draft_keys)))
    session.execute(delete(t.unsafe_situation).where(t.unsafe_situation.c.plan_id.in_(plans)))
    session.execute(delete(t.safety_agreement).where(t.safety_agreement.c.plan_id.in_(plans)))
    session.execute(delete(t.top3_plan).where(t.top3_plan.c.client_id.in_(clients)))
    session.execute(delete(t.trajectory).where(t.trajectory.c.client_id.in_(clients)))
    session.execute(delete(t.huisverbod_event).where(t.huisverbod_event.c.client_id.in_(clients)))
    session.execute(delete(t.appointment).where(t.appointment.c.client_id.in_(clients)))
    session.execute(delete(t.action_item).where(or_(t.action_item.c.client_id.in_(clients),
                                                    t.action_item.c.agenda_item_id.in_(items))))
    session.execute(update(t.agenda_item).where(t.agenda_item.c.carried_from_id.in_(items))
                    .values(carried_from_id=None))  # a carried-over copy keeps its own row
    session.execute(delete(t.agenda_item).where(t.agenda_item.c.client_id.in_(clients)))
    handover_ids = [row for row in session.execute(doomed_handovers).scalars()]  # before their links go
    session.execute(delete(t.handover_client).where(t.handover_client.c.client_id.in_(clients)))
    if handover_ids:
        session.execute(delete(t.handover).where(t.handover.c.id.in_(handover_ids)))
    session.execute(delete(t.client).where(t.client.c.id.in_(clients)))
    session.expire_all()  # no ORM copy of a removed row may survive in this session

    # The change counters (models/changes.py) are bumped by the flush of the audit entry below.
    session.info.setdefault(TRACKED_KEY, set()).update(key for key, count in plan.counts
                                                       if count and key != "form_draft")
    record(session, AuditAction.DELETE, "client", None, detail=plan.audit_detail())
    session.flush()
    return plan


# --- which rows -------------------------------------------------------------------------------------

class _Tables:
    def __getattr__(self, name: str):
        return SQLModel.metadata.tables[name]


def _tables() -> _Tables:
    import models.schema  # noqa: F401 - every table registered

    return _Tables()


def _purged_clients(cutoff: date):
    client = _tables().client
    return select(client.c.id).where(client.c.status == ClientStatus.CLOSED, client.c.closed_on.is_not(None),
                                     client.c.closed_on < cutoff)


def _handovers_only_about(cutoff: date):
    """Handovers with at least one purged client and no client that stays."""
    t = _tables()
    clients = _purged_clients(cutoff)
    other = t.handover_client.alias("other")
    return (select(t.handover.c.id)
            .where(exists(select(t.handover_client.c.client_id).where(
                and_(t.handover_client.c.handover_id == t.handover.c.id, t.handover_client.c.client_id.in_(clients)))))
            .where(not_(exists(select(other.c.client_id).where(
                and_(other.c.handover_id == t.handover.c.id, other.c.client_id.not_in(clients)))))))


def _draft_keys(session: Session, cutoff: date) -> list[str]:
    t = _tables()
    client_ids = list(session.execute(_purged_clients(cutoff)).scalars())
    appointment_ids = list(session.execute(select(t.appointment.c.id).where(
        t.appointment.c.client_id.in_(_purged_clients(cutoff)))).scalars())
    keys = [f"{form}:{client_id}" for client_id in client_ids for form in CLIENT_DRAFT_FORMS]
    return keys + [f"appointment:{appointment_id}" for appointment_id in appointment_ids]


def _selections(cutoff: date) -> dict[str, object]:
    """Per kind, a SELECT of the rows a purge touches (counted by `retention_plan`); drafts apart."""
    t = _tables()
    clients = _purged_clients(cutoff)
    plans = select(t.top3_plan.c.id).where(t.top3_plan.c.client_id.in_(clients))
    items = select(t.agenda_item.c.id).where(t.agenda_item.c.client_id.in_(clients))
    return {
        "client": clients,
        "trajectory": select(t.trajectory.c.id).where(t.trajectory.c.client_id.in_(clients)),
        "top3_plan": plans,
        "unsafe_situation": select(t.unsafe_situation.c.id).where(t.unsafe_situation.c.plan_id.in_(plans)),
        "safety_agreement": select(t.safety_agreement.c.id).where(t.safety_agreement.c.plan_id.in_(plans)),
        "huisverbod_event": select(t.huisverbod_event.c.id).where(t.huisverbod_event.c.client_id.in_(clients)),
        "appointment": select(t.appointment.c.id).where(t.appointment.c.client_id.in_(clients)),
        "agenda_item": items,
        "action_item": select(t.action_item.c.id).where(or_(t.action_item.c.client_id.in_(clients),
                                                            t.action_item.c.agenda_item_id.in_(items))),
        "handover_client": select(t.handover_client.c.handover_id).where(t.handover_client.c.client_id.in_(clients)),
        "handover": _handovers_only_about(cutoff),
        "registration": select(t.registration.c.id).where(t.registration.c.client_id.in_(clients)),
    }
