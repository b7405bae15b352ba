"""A client's tijdelijk huisverbod after allocation: extend it, end it, record a breach — and read it back.

The rules (Wet tijdelijk huisverbod, DOMAIN.md): an order lasts 10 days; the burgemeester may
extend it "tot ten hoogste vier weken na dagtekening", 28 days in total. Days are counted as the
rest of Teambord counts them (models/waitlist/write.py: a new order ends on start + 10, and the
registration form accepts an end up to start + 28), so the latest possible end is start + 28:
one rule for a registration, the client record and an extension. It can end early (lifted by a
court, or withdrawn) and it can be breached. The client row keeps the current period (what
Vandaag's "huisverbod eindigt" warning reads); every change also writes a `HuisverbodEvent`, the
history the client page, Vandaag's news and a handover show.

Writes only FLUSH: they run inside an action (models/actions/huisverbod.py) whose unit of work
commits, audits and makes the change undoable. Refusals are `ValidationFailed` with a Dutch
sentence and the form field it belongs to.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, col, or_, select

from models.clock import at, today, utcnow
from models.dutch import short_date
from models.enums import ClientStatus, HuisverbodEventKind
from models.conflicts import fetch_for_update
from models.errors import ValidationFailed
from models.client.huisverbod_text import current_events, describe_event, state_words  # noqa: F401 - one import
from models.client.views import FIELD_DAY, FIELD_KIND, FIELD_NOTE, HuisverbodEventRow, HuisverbodNewsRow
from models.tables.clients import Client
from models.tables.huisverbod import HuisverbodEvent
from models.tables.workers import Worker
from models.waitlist.write import HUISVERBOD_DAYS, HUISVERBOD_MAX_DAYS

NEWS_DAYS = 7  # Vandaag shows the events of the last week
NOTE_LIMIT = 200  # the column's length
NEWS_KINDS = (HuisverbodEventKind.VERLENGD, HuisverbodEventKind.BEEINDIGD, HuisverbodEventKind.OVERTREDEN)


# --- reads ---------------------------------------------------------------------------------------


def huisverbod_news(session: Session, day: date, worker_id: int | None = None) -> list[HuisverbodNewsRow]:
    """Extensions, early ends and breaches of active clients' huisverboden in the last week, for Vandaag.

    The last week is `day` and the six days before it: an event counts when it happened then, or
    was recorded then (a breach recorded late is still news). With `worker_id`, only that worker's
    clients; without, the whole team. Newest first; frozen `HuisverbodNewsRow`s (models/client/views.py),
    whose `.summary` reads "verlengd t/m 12-12", "beëindigd op 8-12" or "overtreden op 3-12".
    Events recorded after `day` (a test or a demo looking back) are left out.
    """
    first = day - timedelta(days=NEWS_DAYS - 1)
    recorded_from, recorded_until = at(first, 0), at(day + timedelta(days=1), 0)
    query = (
        select(HuisverbodEvent, Client, Worker.code)
        .join(Client, Client.id == HuisverbodEvent.client_id)
        .join(Worker, Worker.id == Client.worker_id, isouter=True)
        .where(Client.status == ClientStatus.ACTIVE, col(HuisverbodEvent.kind).in_(NEWS_KINDS))
        .where(HuisverbodEvent.day <= day, HuisverbodEvent.created_at < recorded_until)
        .where(or_(HuisverbodEvent.day >= first, HuisverbodEvent.created_at >= recorded_from))
        .order_by(col(HuisverbodEvent.day).desc(), col(HuisverbodEvent.id).desc())
    )
    if worker_id is not None:
        query = query.where(Client.worker_id == worker_id)
    return [
        HuisverbodNewsRow(
            event_id=e.id, client_id=c.id, client_code=c.code, worker_code=code, kind=e.kind, day=e.day,
            new_end=e.new_end, note=e.note, recorded_by=e.recorded_by, start=c.huisverbod_start, end=c.huisverbod_end,
        )
        for e, c, code in session.exec(query)
    ]


def latest_end(start: date) -> date:
    """The last day a huisverbod that started on `start` can run to, with every extension."""
    return start + timedelta(days=HUISVERBOD_MAX_DAYS)


def huisverbod_history(session: Session, client_id: int) -> tuple[HuisverbodEventRow, ...]:
    """Every recorded event of the client's huisverboden, newest first (the client page's history,
    a handover's attachment). An order recorded before events existed (or at allocation) has no
    "opgelegd" row: one is shown from the client's start date, so the history always begins."""
    client = session.get(Client, client_id)
    if client is None:
        return ()
    return with_imposed(event_rows(session, [client_id]).get(client_id, []), client.huisverbod_start)


def event_rows(session: Session, client_ids: list[int]) -> dict[int, list[HuisverbodEventRow]]:
    """The stored events of these clients, per client, newest first (one query for all)."""
    result: dict[int, list[HuisverbodEventRow]] = {}
    if not client_ids:
        return result
    for event in session.exec(
        select(HuisverbodEvent).where(col(HuisverbodEvent.client_id).in_(client_ids))
        .order_by(col(HuisverbodEvent.day).desc(), col(HuisverbodEvent.id).desc())
    ):
        result.setdefault(event.client_id, []).append(_row(event))
    return result


def with_imposed(rows: list[HuisverbodEventRow], start: date | None) -> tuple[HuisverbodEventRow, ...]:
    """`rows` (newest first) with an "opgelegd" line for the current order when none is stored."""
    imposed = any(r.kind == HuisverbodEventKind.OPGELEGD and r.day == start for r in rows)
    if start is not None and not imposed:
        rows = [*(r for r in rows if r.day >= start), _imposed(start), *(r for r in rows if r.day < start)]
    return tuple(rows)


def _imposed(start: date) -> HuisverbodEventRow:
    return HuisverbodEventRow(id=None, kind=HuisverbodEventKind.OPGELEGD, day=start,
                              new_end=start + timedelta(days=HUISVERBOD_DAYS), note="", recorded_by="")


def _row(event: HuisverbodEvent) -> HuisverbodEventRow:
    return HuisverbodEventRow(id=event.id, kind=event.kind, day=event.day, new_end=event.new_end, note=event.note,
                              recorded_by=event.recorded_by)


# --- writes --------------------------------------------------------------------------------------


def record_extension(session: Session, client_id: int, version: int, new_end: date | None, note: str = "") -> int:
    """The burgemeester extended the order to `new_end`: at most 28 days from its start, after its
    current end, and not after it was ended early. Sets the client's end date; returns the event id."""
    client = _client_for_update(session, client_id, version)
    start, end = _period(client)
    if new_end is None:
        raise ValidationFailed("Vul de nieuwe einddatum in.", field=FIELD_DAY)
    ended = ended_on(session, client_id, start)
    if ended is not None:
        raise ValidationFailed(f"Dit huisverbod is beëindigd op {short_date(ended)}: verlengen kan niet meer.",
                               field=FIELD_KIND)
    if new_end <= end:
        raise ValidationFailed(f"De nieuwe einddatum moet na de huidige einddatum liggen ({short_date(end)}).",
                               field=FIELD_DAY)
    if new_end > latest_end(start):
        raise ValidationFailed(f"Een huisverbod duurt ten hoogste {HUISVERBOD_MAX_DAYS} dagen: uiterlijk "
                               f"{short_date(latest_end(start))}.", field=FIELD_DAY)
    client.huisverbod_end = new_end
    return _add(session, client, HuisverbodEventKind.VERLENGD, _extension_day(end), note, new_end=new_end)


def record_end(session: Session, client_id: int, version: int, day: date | None, note: str = "") -> int:
    """The order ended early on `day` (lifted by the court, withdrawn): on or after its start and
    not after its current end. Sets the client's end date; returns the event id."""
    client = _client_for_update(session, client_id, version)
    start, end = _period(client)
    if day is None:
        raise ValidationFailed("Vul de datum in waarop het huisverbod eindigde.", field=FIELD_DAY)
    if day < start:
        raise ValidationFailed(f"Het huisverbod begon op {short_date(start)}: het kan niet eerder eindigen.",
                               field=FIELD_DAY)
    if day > end:
        raise ValidationFailed(f"Het huisverbod loopt t/m {short_date(end)}: kies een dag tot en met die datum "
                               "(een latere einddatum is een verlenging).", field=FIELD_DAY)
    client.huisverbod_end = day
    return _add(session, client, HuisverbodEventKind.BEEINDIGD, day, note)


def record_breach(session: Session, client_id: int, day: date | None, note: str) -> int:
    """The order was breached (overtreden) on `day`: during the order or after it (the pleger came
    back), never before its start or in the future; with a short note of what happened.

    The client row does not change, so a colleague's change to it does not refuse this: nothing of
    theirs is overwritten. Returns the event id."""
    client = session.get(Client, client_id)
    if client is None:
        from models.errors import NotFound

        raise NotFound("Deze cliënt bestaat niet meer (door een collega verwijderd?).")
    start, _end = _period(client)
    if day is None:
        raise ValidationFailed("Vul de datum van de overtreding in.", field=FIELD_DAY)
    if day < start:
        raise ValidationFailed(f"Het huisverbod begon op {short_date(start)}: een overtreding ligt niet eerder.",
                               field=FIELD_DAY)
    if day > today():
        raise ValidationFailed("Een overtreding ligt niet in de toekomst.", field=FIELD_DAY)
    if not note.strip():
        raise ValidationFailed("Beschrijf kort wat er gebeurde.", field=FIELD_NOTE)
    return _add(session, client, HuisverbodEventKind.OVERTREDEN, day, note)


def _client_for_update(session: Session, client_id: int, version: int) -> Client:
    # Lock the row before the version check (PostgreSQL), as models/client/write.update_client does.
    session.get(Client, client_id, with_for_update=True, populate_existing=True)
    return fetch_for_update(session, Client, client_id, version, "client", "Deze cliënt")


def _period(client: Client) -> tuple[date, date]:
    if client.huisverbod_start is None:
        raise ValidationFailed("Deze cliënt heeft geen huisverbod.", field=FIELD_KIND)
    start = client.huisverbod_start
    return start, client.huisverbod_end or start + timedelta(days=HUISVERBOD_DAYS)


def ended_on(session: Session, client_id: int, start: date) -> date | None:
    """The day the order that started on `start` was ended early, if it was."""
    return session.exec(
        select(HuisverbodEvent.day)
        .where(HuisverbodEvent.client_id == client_id, HuisverbodEvent.kind == HuisverbodEventKind.BEEINDIGD)
        .where(HuisverbodEvent.day >= start).order_by(col(HuisverbodEvent.day).desc())
    ).first()


def _extension_day(end: date) -> date:
    """The day an extension is recorded as: today — or the old end, when it is recorded late
    (the decision was taken before the order ran out)."""
    return min(today(), end)


def _add(session: Session, client: Client, kind: str, day: date, note: str, *, new_end: date | None = None) -> int:
    from models.audit import acting

    from models.plain_text import too_long

    note = note.strip()
    problem = too_long(note, NOTE_LIMIT)
    if problem:
        raise ValidationFailed(problem, field=FIELD_NOTE)
    event = HuisverbodEvent(client_id=client.id, kind=kind, day=day, new_end=new_end, note=note,
                            recorded_by=acting(session).user_code, created_at=utcnow())
    session.add(event)
    session.flush()
    return event.id
