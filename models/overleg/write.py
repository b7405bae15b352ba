"""Writes for the weekly overleg: the agenda, meeting mode (minutes as you go), action items.

Every write validates, raises ValidationFailed(message, field=<form widget id>) for bad input,
refuses with ConcurrentEdit when the record changed since the caller loaded it (the `version`
column), and FLUSHES; the unit of work (models/actions/overleg.py through `perform()`) commits.
Client-data rows (AgendaItem, ActionItem) are audited by the flush listener in models.audit, so
the session needs an actor. A meeting is not client data, but who changed it is recorded too
(`_meeting_changed`), so a colleague's refused save can name them. The time box clock (seconds
used, when an item was reached) is meeting bookkeeping, not client data: it is written with a
plain UPDATE that neither bumps the version nor writes an audit entry, so the ticking clock never
collides with what the minute taker types.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import inspect, update
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from models.audit import record
from models.plain_text import short_list
from models.tables.clients import Client
from models.clock import local, today as team_today, utcnow
from models.dutch import short_date
from models.enums import (
    FIXED_AGENDA_KINDS, ActionStatus, AgendaItemKind, AuditAction, MeetingStatus, OutcomeKind,
)
from models.conflicts import concurrent_edit
from models.errors import ConcurrentEdit, DomainError, NotFound, ValidationFailed
from models.tables.overleg import ActionItem, AgendaItem, Meeting
from models.overleg.views import ActionInput, ItemInput
from models.overleg.queries import meeting_start_on_or_after
from models.settings import team_settings
from models.tables.workers import Absence, Worker

FIXED_QUESTIONS = {
    AgendaItemKind.WACHTLIJST: "Wie neemt welke aanmelding van de wachtlijst?",
    AgendaItemKind.MEDEDELINGEN: "Mededelingen en afwezigheid komende week.",
    AgendaItemKind.RONDJE_CASELOAD: "Hoe vol zit iedereen, en wie kan er iets bij hebben?",
}
FIXED_TIMEBOX = {AgendaItemKind.WACHTLIJST: 15, AgendaItemKind.MEDEDELINGEN: 5, AgendaItemKind.RONDJE_CASELOAD: 10}
MAX_TIMEBOX = 120
# A registration is not a client yet: those items name it by its waiting-list code in the question.
CLIENT_REQUIRED = {AgendaItemKind.TOP3, AgendaItemKind.MELDCODE, AgendaItemKind.EVALUATIE}


# --- meetings ---------------------------------------------------------------------------------

def ensure_meeting(session: Session, on_or_after: date) -> Meeting:
    """The first meeting on or after a day; planned from the team settings when there is none.

    A new meeting gets the fixed items "wachtlijst verdelen" and "mededelingen".
    """
    from models.clock import at

    existing = session.exec(select(Meeting).where(Meeting.start >= at(on_or_after, 0))
                            .order_by(Meeting.start).limit(1)).first()
    if existing is not None:
        return existing
    settings = team_settings(session)
    meeting = Meeting(start=meeting_start_on_or_after(settings, on_or_after),
                      duration_min=int(settings["meeting_minutes"]), status=MeetingStatus.PLANNED)
    previous = session.exec(select(Meeting).where(Meeting.start < meeting.start)
                            .order_by(col(Meeting.start).desc()).limit(1)).first()
    if previous is not None:  # the roles rotate by hand; start from last week's
        meeting.chair_id, meeting.minute_taker_id = previous.chair_id, previous.minute_taker_id
    session.add(meeting)
    session.flush()
    for position, kind in enumerate((AgendaItemKind.WACHTLIJST, AgendaItemKind.MEDEDELINGEN)):
        session.add(AgendaItem(meeting_id=meeting.id, position=position, kind=kind,
                               question=FIXED_QUESTIONS[kind], timebox_min=FIXED_TIMEBOX[kind]))
    session.flush()
    return meeting


def update_meeting(session: Session, meeting_id: int, expected_version: int, *, chair_id: int | None,
                   minute_taker_id: int | None, present: str, duration_min: int | None = None) -> Meeting:
    meeting = _meeting(session, meeting_id, expected_version)
    codes = dict(session.exec(select(Worker.code, Worker.id)).all())
    listed = [part.strip().upper() for part in present.replace(";", ",").replace(" ", ",").split(",") if part.strip()]
    unknown = [code for code in listed if code not in codes]
    if unknown:
        raise ValidationFailed(f"Onbekende medewerkercode: {short_list(unknown)}.", field="meeting-present")
    if chair_id is not None and chair_id == minute_taker_id:
        raise ValidationFailed("Voorzitter en notulist zijn bij voorkeur twee mensen.", field="meeting-minutes")
    if duration_min is not None and not 15 <= duration_min <= 480:
        raise ValidationFailed("De duur ligt tussen 15 en 480 minuten.", field="meeting-duration")
    meeting.chair_id, meeting.minute_taker_id = chair_id, minute_taker_id
    meeting.present = ", ".join(dict.fromkeys(listed))
    if duration_min is not None:
        meeting.duration_min = duration_min
    _meeting_changed(session, meeting)
    return meeting


def _meeting(session: Session, meeting_id: int, expected_version: int | None = None) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("Dit overleg bestaat niet meer.")
    if expected_version is not None and meeting.version != expected_version:
        raise concurrent_edit(session, "meeting", meeting_id, "Dit overleg")
    return meeting


def _meeting_changed(session: Session, meeting: Meeting) -> None:
    """Flush a changed meeting with an audit entry naming its changed fields (never their values).

    The flush listener logs client data only; without this entry a colleague's refused save of the
    meeting's roles could only say "door een collega"."""
    state = inspect(meeting)
    fields = [attr.key for attr in state.attrs if attr.history.has_changes() and attr.key != "version"]
    if fields:
        record(session, AuditAction.UPDATE, "meeting", None, entity_id=meeting.id, detail=", ".join(fields))
    _flush(session, "Dit overleg")


def _open_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = _meeting(session, meeting_id)
    if meeting.status == MeetingStatus.FINISHED:
        raise DomainError("Dit overleg is afgerond; de agenda kan niet meer veranderen.")
    return meeting


# --- agenda items -----------------------------------------------------------------------------

def add_agenda_item(session: Session, meeting_id: int | None, data: ItemInput, *, today: date | None = None) -> AgendaItem:
    """A new item at the end of a meeting's agenda (the next meeting when `meeting_id` is None)."""
    meeting = ensure_meeting(session, today or team_today()) if meeting_id is None else _open_meeting(session, meeting_id)
    item = AgendaItem(meeting_id=meeting.id)
    _apply_item(session, item, data)
    last = session.exec(select(AgendaItem.position).where(AgendaItem.meeting_id == meeting.id)
                        .order_by(col(AgendaItem.position).desc()).limit(1)).first()
    item.position = 0 if last is None else last + 1
    session.add(item)
    session.flush()
    return item


def update_agenda_item(session: Session, item_id: int, expected_version: int, data: ItemInput) -> AgendaItem:
    item = _item(session, item_id, expected_version)
    _open_meeting(session, item.meeting_id)
    _apply_item(session, item, data)
    _flush(session, "Dit agendapunt")
    return item


def remove_agenda_item(session: Session, item_id: int, expected_version: int) -> None:
    item = _item(session, item_id, expected_version)
    _open_meeting(session, item.meeting_id)
    if session.exec(select(ActionItem.id).where(ActionItem.agenda_item_id == item_id)).first() is not None:
        raise DomainError("Bij dit punt staan al acties; het kan niet meer van de agenda.")
    if session.exec(select(AgendaItem.id).where(AgendaItem.carried_from_id == item_id)).first() is not None:
        raise DomainError("Dit punt is al doorgeschoven naar een volgend overleg.")
    meeting_id = item.meeting_id
    session.delete(item)
    _flush(session, "Dit agendapunt")
    _renumber(session, meeting_id)
    session.flush()


def move_agenda_item(session: Session, item_id: int, step: int) -> None:
    """Move an item up (-1) or down (+1) on its agenda; positions are renumbered 0..n-1."""
    item = _item(session, item_id)
    _open_meeting(session, item.meeting_id)
    items = _ordered(session, item.meeting_id)
    index = next(i for i, other in enumerate(items) if other.id == item_id)
    target = index + step
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items):
        if other.position != position:
            other.position = position
    _flush(session, "De agenda")


def add_fixed_items(session: Session, meeting_id: int) -> int:
    """Add the fixed items missing from an agenda (at the top, in the usual order). Returns how many."""
    _open_meeting(session, meeting_id)
    items = _ordered(session, meeting_id)
    present = {item.kind for item in items}
    missing = [kind for kind in FIXED_AGENDA_KINDS if kind not in present]
    if not missing:
        return 0
    fixed = [item for item in items if item.kind in FIXED_AGENDA_KINDS]
    rest = [item for item in items if item.kind not in FIXED_AGENDA_KINDS]
    new = [AgendaItem(meeting_id=meeting_id, kind=kind, question=FIXED_QUESTIONS[kind], timebox_min=FIXED_TIMEBOX[kind])
           for kind in missing]
    for position, item in enumerate(fixed + new + rest):
        if item.position != position or item.id is None:
            item.position = position
    session.add_all(new)
    _flush(session, "De agenda")
    return len(new)


def _apply_item(session: Session, item: AgendaItem, data: ItemInput) -> None:
    try:
        kind = AgendaItemKind(data.kind)
    except ValueError:
        raise ValidationFailed("Kies een soort agendapunt.", field="item-kind") from None
    code = data.client_code.strip().upper()
    question = " ".join(data.question.split())
    if kind in FIXED_AGENDA_KINDS:
        if code:
            raise ValidationFailed("Een vast punt gaat niet over één cliënt; laat de cliënt leeg.", field="item-client")
        client_id = None
        question = question or FIXED_QUESTIONS[kind]
    else:
        if kind in CLIENT_REQUIRED and not code:
            raise ValidationFailed("Vul de cliëntcode in.", field="item-client")
        client_id = None
        if code:
            client_id = session.exec(select(Client.id).where(Client.code == code)).first()
            if client_id is None:
                raise ValidationFailed("Onbekende cliëntcode.", field="item-client")
        if not question:
            raise ValidationFailed("Vul één duidelijke vraag aan het team in (verplicht).", field="item-question")
        if question.count("?") > 1:
            raise ValidationFailed("Eén vraag per punt: zet een tweede vraag in een eigen punt.", field="item-question")
    if len(question) > 400:
        raise ValidationFailed("De vraag is te lang (ten hoogste 400 tekens). Maak hem korter en scherper.",
                               field="item-question")
    if data.presenter_id is not None and session.get(Worker, data.presenter_id) is None:
        raise ValidationFailed("Kies een inbrenger uit het team.", field="item-presenter")
    if kind not in FIXED_AGENDA_KINDS and data.presenter_id is None:
        raise ValidationFailed("Kies wie het punt inbrengt.", field="item-presenter")
    timebox = data.timebox_min
    if timebox is None:
        timebox = FIXED_TIMEBOX.get(kind) or int(team_settings(session)["agenda_timebox_min"])
    if not 1 <= timebox <= MAX_TIMEBOX:
        raise ValidationFailed(f"De tijd per punt ligt tussen 1 en {MAX_TIMEBOX} minuten.", field="item-timebox")
    item.kind, item.client_id, item.presenter_id = kind, client_id, data.presenter_id
    item.question, item.timebox_min = question, timebox


def stored_item(session: Session, item_id: int) -> tuple[int, ItemInput]:
    """The agenda item as stored now, with its version: what the form reloads after a conflict."""
    item = _item(session, item_id)
    code = session.exec(select(Client.code).where(Client.id == item.client_id)).first() if item.client_id else None
    return item.version, ItemInput(kind=item.kind, client_code=code or "", presenter_id=item.presenter_id,
                                   question=item.question, timebox_min=item.timebox_min)


def _item(session: Session, item_id: int, expected_version: int | None = None) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise NotFound("Dit agendapunt bestaat niet meer.")
    if expected_version is not None and item.version != expected_version:
        raise concurrent_edit(session, "agenda_item", item_id, "Dit agendapunt")
    return item


def _ordered(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
                             .order_by(AgendaItem.position, AgendaItem.id)))


def _renumber(session: Session, meeting_id: int) -> None:
    for position, item in enumerate(_ordered(session, meeting_id)):
        if item.position != position:
            item.position = position


# --- meeting mode -----------------------------------------------------------------------------

def start_meeting(session: Session, meeting_id: int) -> Meeting:
    """Open meeting mode: a planned meeting starts now; a running one simply resumes."""
    meeting = _meeting(session, meeting_id)
    if meeting.status == MeetingStatus.FINISHED:
        raise DomainError("Dit overleg is al afgerond.")
    if meeting.status == MeetingStatus.PLANNED:
        # who is present is looked up first: its query would flush the other changes before the
        # audit entry has named them
        if not meeting.present:
            meeting.present = ", ".join(_available_codes(session, local(meeting.start).date()))
        meeting.status = MeetingStatus.RUNNING
        meeting.started_at = utcnow()
        _meeting_changed(session, meeting)
    return meeting


def _available_codes(session: Session, day: date) -> list[str]:
    absent = set(session.exec(select(Absence.worker_id).where(Absence.start_date <= day, Absence.end_date >= day)))
    workers = session.exec(select(Worker).where(Worker.active == True).order_by(Worker.code))  # noqa: E712
    return [w.code for w in workers if w.id not in absent and w.works_on(day)]


def reach_item(session: Session, item_id: int) -> None:
    """Meeting mode reached this item: remember when (the time box clock), once."""
    session.execute(update(AgendaItem.__table__).where(AgendaItem.__table__.c.id == item_id,
                                                       AgendaItem.__table__.c.started_at.is_(None))
                    .values(started_at=utcnow()))


def record_seconds(session: Session, seconds: dict[int, int]) -> None:
    """Persist the time used per item (never less than what is stored: two screens, one clock)."""
    table = AgendaItem.__table__
    for item_id, used in seconds.items():
        session.execute(update(table).where(table.c.id == item_id, table.c.seconds_used < used)
                        .values(seconds_used=max(0, int(used))))


def save_minutes(session: Session, item_id: int, expected_version: int, *, notes: str | None = None,
                 outcome_kind: str | None | bool = False, outcome: str | None = None,
                 discussed: bool | None = None) -> int:
    """Save what the minute taker typed for one item; returns the item's new version.

    Only the given fields change (`outcome_kind=False` leaves it alone). Everything is checked
    before anything changes. Nothing is written when the item changed elsewhere since
    `expected_version` (ConcurrentEdit): the caller keeps the text.
    """
    item = _item(session, item_id, expected_version)
    meeting = _meeting(session, item.meeting_id)
    if meeting.status == MeetingStatus.FINISHED and discussed is not None and discussed != item.discussed:
        raise DomainError("Dit overleg is afgerond.")
    if notes is not None and len(notes) > 4000:
        raise ValidationFailed("De aantekeningen zijn te lang (ten hoogste 4000 tekens).", field="mm-notes")
    if outcome is not None and len(outcome) > 2000:
        raise ValidationFailed("De uitkomst is te lang (ten hoogste 2000 tekens).", field="mm-outcome")
    if outcome_kind not in (False, None) and outcome_kind not in {k.value for k in OutcomeKind}:
        raise ValidationFailed("Kies advies of besluit.", field="mm-outcome")
    if notes is not None:
        item.notes = notes
    if outcome is not None:
        item.outcome = outcome
    if outcome_kind is not False:
        item.outcome_kind = outcome_kind
    if discussed is not None:
        item.discussed = discussed
    if session.is_modified(item):
        _flush(session, "Dit agendapunt")
    return item.version


def end_meeting(session: Session, meeting_id: int) -> tuple[int, int]:
    """Finish a meeting: items not discussed move to the next meeting, marked as carried over.

    The next meeting is planned from the team settings when it does not exist yet.
    Returns (the next meeting's id, how many items were carried over).
    """
    meeting = _meeting(session, meeting_id)
    if meeting.status == MeetingStatus.FINISHED:
        raise DomainError("Dit overleg is al afgerond.")
    following = ensure_meeting(session, local(meeting.start).date() + timedelta(days=1))
    moved = 0
    targets = _ordered(session, following.id)
    fixed_count = sum(1 for item in targets if item.kind in FIXED_AGENDA_KINDS)
    carried: list[AgendaItem] = []
    for item in _ordered(session, meeting_id):
        if item.discussed or item.kind in FIXED_AGENDA_KINDS:
            continue  # fixed items come back every week by themselves
        if session.exec(select(AgendaItem.id).where(AgendaItem.carried_from_id == item.id)).first() is not None:
            continue
        note = f"Doorgeschoven van {short_date(local(meeting.start).date())}."
        carried.append(AgendaItem(
            meeting_id=following.id, kind=item.kind, client_id=item.client_id, presenter_id=item.presenter_id,
            question=item.question, timebox_min=item.timebox_min, carried_from_id=item.id,
            notes=f"{note}\n{item.notes}".strip() if item.notes and note not in item.notes else (item.notes or note),
        ))
        moved += 1
    # Carried-over items go right after the fixed items, ahead of new questions.
    order = targets[:fixed_count] + carried + targets[fixed_count:]
    for position, item in enumerate(order):
        item.position = position
    session.add_all(carried)
    meeting.status = MeetingStatus.FINISHED
    meeting.ended_at = utcnow()
    _meeting_changed(session, meeting)
    return following.id, moved


# --- action items -----------------------------------------------------------------------------

def add_action(session: Session, agenda_item_id: int, data: ActionInput, *, today: date | None = None) -> ActionItem:
    item = _item(session, agenda_item_id)
    action = ActionItem(agenda_item_id=item.id, client_id=item.client_id, owner_id=0, what="")
    _apply_action(session, action, data, today or team_today())
    session.add(action)
    session.flush()
    return action


def mark_action_done(session: Session, action_id: int, expected_version: int | None = None) -> ActionItem:
    """Mark an action item done (from the owner's Vandaag view or the overleg)."""
    action = session.get(ActionItem, action_id)
    if action is None:
        raise NotFound("Deze actie bestaat niet meer.")
    if expected_version is not None and action.version != expected_version:
        raise concurrent_edit(session, "action_item", action_id, "Deze actie")
    if action.status == ActionStatus.DONE:
        raise DomainError("Deze actie staat al op gedaan.")
    action.status = ActionStatus.DONE
    _flush(session, "Deze actie")
    return action


def _apply_action(session: Session, action: ActionItem, data: ActionInput, today: date) -> None:
    if data.owner_id is None or session.get(Worker, data.owner_id) is None:
        raise ValidationFailed("Kies wie de actie uitvoert.", field="action-owner")
    what = " ".join(data.what.split())
    if not what:
        raise ValidationFailed("Beschrijf wat er moet gebeuren.", field="action-what")
    if len(what) > 400:
        raise ValidationFailed("Te lang (ten hoogste 400 tekens).", field="action-what")
    if data.due is None:
        raise ValidationFailed("Vul een deadline in.", field="action-due")
    if data.due < today:
        raise ValidationFailed("De deadline ligt in het verleden.", field="action-due")
    action.owner_id, action.what, action.due = data.owner_id, what, data.due


# --- shared -----------------------------------------------------------------------------------

def _flush(session: Session, noun: str) -> None:
    """Flush; a colleague's save that slipped in between our version check and this write (a
    server database does not lock the row for us) is refused like a stale version."""
    try:
        session.flush()
    except StaleDataError:
        raise ConcurrentEdit(f"{noun} is intussen door een collega gewijzigd. Er is niets veranderd.") from None
