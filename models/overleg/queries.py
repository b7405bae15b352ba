"""Overleg: the next (or a given) meeting with its agenda, suggestions, meeting mode, history.

Everything returns plain frozen data (models.views / models.overleg.views).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from models.tables.clients import Client
from models.clock import at, local
from models.dutch import short_date
from models.enums import ActionStatus, AgendaItemKind, RegistrationStatus, OPEN_REGISTRATION_STATUSES
from models.tables.overleg import ActionItem, AgendaItem, Meeting
from models.overleg.views import (
    ActionView, AgendaView, Discussion, ItemView, MeetingInfo, MeetingModeView, MeetingSummary, Suggestion,
    WaitlistPanel,
)
from models.common import worker_codes
from models.settings import team_settings

SUGGESTIONS_PER_SOURCE = 8


# --- when the team meets ------------------------------------------------------------------

def meeting_start_on_or_after(settings: dict[str, object], day: date) -> datetime:
    """The team's regular meeting moment (team settings weekday/time) on or after a day, in UTC.

    Nobody works on a public holiday or a closure day (models/days_off.py, closure days come with
    the settings), so then the meeting moves to the next working day of the same week."""
    hour, minute = (int(part) for part in str(settings["meeting_time"]).split(":"))
    return at(meeting_day_on_or_after(settings, day), hour, minute)


def meeting_day_on_or_after(settings: dict[str, object], day: date) -> date:
    """The first weekly meeting day on or after `day`, moved off days off within its week."""
    from models.days_off import closure_days_in, working_day_in_week

    weekday = int(settings["meeting_weekday"])
    closures = closure_days_in(settings)
    monday = day - timedelta(days=day.weekday())
    for week in range(53):  # a whole week off (closed between Christmas and New Year) moves a week on
        meeting_day = working_day_in_week(monday + timedelta(weeks=week), weekday, closures)
        if meeting_day is not None and meeting_day >= day:
            return meeting_day
    return day + timedelta(days=(weekday - day.isoweekday()) % 7)  # a weekend weekday: as set


def find_meeting(session: Session, on_or_after: date, *, offset: int = 0) -> Meeting | None:
    """The first meeting on or after a day; `offset` steps to later (+) or earlier (-) meetings."""
    anchor = at(on_or_after, 0)
    if offset >= 0:
        query = select(Meeting).where(Meeting.start >= anchor).order_by(Meeting.start).offset(offset).limit(1)
    else:
        query = (select(Meeting).where(Meeting.start < anchor).order_by(col(Meeting.start).desc())
                 .offset(-offset - 1).limit(1))
    return session.exec(query).first()


def meeting_on(session: Session, day: date) -> Meeting | None:
    return session.exec(select(Meeting).where(Meeting.start >= at(day, 0), Meeting.start < at(day + timedelta(days=1), 0))
                        .order_by(Meeting.start)).first()


# --- the agenda -----------------------------------------------------------------------------

def meeting_info(session: Session, meeting: Meeting, codes: dict[int, str] | None = None) -> MeetingInfo:
    codes = codes if codes is not None else worker_codes(session)
    return MeetingInfo(
        id=meeting.id, version=meeting.version, start=meeting.start, duration_min=meeting.duration_min,
        status=meeting.status, chair_id=meeting.chair_id, chair_code=codes.get(meeting.chair_id),
        minute_taker_id=meeting.minute_taker_id, minute_taker_code=codes.get(meeting.minute_taker_id),
        present=tuple(code for code in (part.strip() for part in meeting.present.split(",")) if code),
        started_at=meeting.started_at, ended_at=meeting.ended_at,
    )


def item_views(session: Session, meeting_id: int, codes: dict[int, str] | None = None) -> list[ItemView]:
    codes = codes if codes is not None else worker_codes(session)
    rows = list(session.exec(
        select(AgendaItem, Client.code, Client.initials)
        .join(Client, Client.id == AgendaItem.client_id, isouter=True)
        .where(AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.position, AgendaItem.id)
    ))
    actions = _actions_of_items(session, [item.id for item, _code, _initials in rows], codes)
    return [_item_view(item, code, initials, codes, tuple(actions.get(item.id, ()))) for item, code, initials in rows]


def _item_view(item: AgendaItem, code: str | None, initials: str | None, codes: dict[int, str],
               actions: tuple[ActionView, ...]) -> ItemView:
    return ItemView(
        id=item.id, version=item.version, meeting_id=item.meeting_id, position=item.position, kind=item.kind,
        client_id=item.client_id, client_code=code, client_initials=initials or "",
        presenter_id=item.presenter_id, presenter_code=codes.get(item.presenter_id), question=item.question,
        timebox_min=item.timebox_min, notes=item.notes, outcome_kind=item.outcome_kind, outcome=item.outcome,
        discussed=item.discussed, carried_over=item.carried_from_id is not None, seconds_used=item.seconds_used,
        started_at=item.started_at, actions=actions,
    )


def _action_view(action: ActionItem, code: str | None, initials: str | None, codes: dict[int, str]) -> ActionView:
    return ActionView(
        id=action.id, version=action.version, agenda_item_id=action.agenda_item_id, client_id=action.client_id,
        client_code=code, client_initials=initials or "", owner_id=action.owner_id,
        owner_code=codes.get(action.owner_id, "?"), what=action.what, due=action.due, status=action.status,
    )


def _actions_of_items(session: Session, item_ids: list[int], codes: dict[int, str]) -> dict[int, list[ActionView]]:
    if not item_ids:
        return {}
    query = (
        select(ActionItem, Client.code, Client.initials)
        .join(Client, Client.id == ActionItem.client_id, isouter=True)
        .where(col(ActionItem.agenda_item_id).in_(item_ids))
        .order_by(ActionItem.id)
    )
    result: dict[int, list[ActionView]] = defaultdict(list)
    for action, code, initials in session.exec(query):
        result[action.agenda_item_id].append(_action_view(action, code, initials, codes))
    return result


def open_action_views(session: Session, codes: dict[int, str] | None = None, limit: int = 200) -> list[ActionView]:
    codes = codes if codes is not None else worker_codes(session)
    query = (
        select(ActionItem, Client.code, Client.initials)
        .join(Client, Client.id == ActionItem.client_id, isouter=True)
        .where(ActionItem.status == ActionStatus.OPEN)
        .order_by(col(ActionItem.due).is_(None), ActionItem.due, ActionItem.id)
        .limit(limit)
    )
    return [_action_view(a, code, initials, codes) for a, code, initials in session.exec(query)]


def agenda_view(session: Session, today: date, *, offset: int = 0) -> AgendaView:
    """The overleg section: the meeting `offset` steps from the next one, with suggestions."""
    settings = team_settings(session)
    codes = worker_codes(session)
    meeting = find_meeting(session, today, offset=offset)
    planned = meeting.start if meeting else meeting_start_on_or_after(settings, today)
    if meeting is None:
        previous = session.exec(select(Meeting.start).where(Meeting.start < planned)
                                .order_by(col(Meeting.start).desc()).limit(1)).first()
        return AgendaView(meeting=None, planned_start=planned, items=[], previous_start=previous, next_start=None,
                          open_actions=open_action_views(session, codes),
                          suggestions=suggestions(session, None, today) if offset == 0 else [])
    previous = session.exec(select(Meeting.start).where(Meeting.start < meeting.start)
                            .order_by(col(Meeting.start).desc()).limit(1)).first()
    following = session.exec(select(Meeting.start).where(Meeting.start > meeting.start)
                             .order_by(Meeting.start).limit(1)).first()
    info = meeting_info(session, meeting, codes)
    items = item_views(session, meeting.id, codes)
    from models.enums import MeetingStatus

    wanted = suggestions(session, meeting, today, items) if meeting.status != MeetingStatus.FINISHED else []
    return AgendaView(meeting=info, planned_start=planned, items=items, previous_start=previous,
                      next_start=following, open_actions=open_action_views(session, codes), suggestions=wanted)


# --- suggestions --------------------------------------------------------------------------

def suggestions(session: Session, meeting: Meeting | None, today: date,
                items: list[ItemView] | None = None) -> list[Suggestion]:
    """What may deserve a place on this meeting's agenda and is not on it yet."""
    from models.tables.handovers import Handover, HandoverClient
    from models.tables.registrations import Registration
    from models.tables.top3 import Top3Plan

    settings = team_settings(session)
    timebox = int(settings["agenda_timebox_min"])
    alert_days = int(settings["waiting_alert_days"])
    codes = worker_codes(session)
    start = meeting.start if meeting else meeting_start_on_or_after(settings, today)
    meeting_day = local(start).date()
    last = session.exec(select(Meeting.start).where(Meeting.start < start)
                        .order_by(col(Meeting.start).desc()).limit(1)).first()
    since = last if last is not None else at(today - timedelta(days=7), 0)
    items = items or []
    on_agenda_clients = {item.client_id for item in items if item.client_id is not None}
    questions = " ".join(item.question for item in items)
    found: list[Suggestion] = []

    def add(key, reason, kind, client, presenter_id, question) -> None:
        client_id, code, initials = client if client else (None, None, "")
        if client_id is not None and client_id in on_agenda_clients:
            return
        if any(s.key == key for s in found):
            return
        found.append(Suggestion(key=key, reason=reason, kind=kind, client_id=client_id, client_code=code,
                                client_initials=initials or "", presenter_id=presenter_id,
                                presenter_code=codes.get(presenter_id), question=question[:400],
                                timebox_min=timebox))

    # Registrations waiting for advice: intake done, not yet discussed with the gedragsdeskundige.
    for r in session.exec(select(Registration).where(Registration.status == RegistrationStatus.INTAKE_GEDAAN)
                          .order_by(Registration.registered_on).limit(SUGGESTIONS_PER_SOURCE)):
        if r.code in questions:
            continue
        add(f"registration:{r.id}", "Wacht op advies", AgendaItemKind.HULPKEUZE, None, r.intake_worker_id,
            f"{r.code}: intake gedaan — welke hulpvorm adviseren we?")
    # Waiting longer than the team's alert.
    limit_day = today - timedelta(days=alert_days)
    for r in session.exec(select(Registration).where(col(Registration.status).in_(OPEN_REGISTRATION_STATUSES),
                                                     Registration.registered_on < limit_day)
                          .order_by(Registration.registered_on).limit(SUGGESTIONS_PER_SOURCE)):
        if r.code in questions:
            continue
        days = (today - r.registered_on).days
        add(f"registration:{r.id}", f"Wacht {days} dagen", AgendaItemKind.NIEUWE_AANMELDING, None,
            r.intake_worker_id, f"{r.code} wacht al {days} dagen: hoe kan de hulp eerder starten?")
    # Top-3 plans changed, or due for evaluation, since the last meeting (newest version per client).
    # Start from the few plans in the date window (indexes on created_at and evaluate_on), then keep
    # those that no newer version replaced: grouping every plan of the organisation per client to
    # find the newest grew with the organisation, not with what is suggested.
    newer = aliased(Top3Plan)
    replaced = (select(newer.id).where(newer.client_id == Top3Plan.client_id, newer.number > Top3Plan.number,
                                       newer.is_draft == False).exists())  # noqa: E712
    wanted = 2 * SUGGESTIONS_PER_SOURCE
    base = (select(Top3Plan, Client.code, Client.initials, Client.worker_id)
            .join(Client, Client.id == Top3Plan.client_id)
            .where(Top3Plan.is_draft == False, Client.status == "active", ~replaced))  # noqa: E712
    # Two queries, not one with OR, each ordered by its own index: with OR (or ordered by
    # evaluate_on) SQLite walked every plan of the organisation.
    changed = session.exec(base.where(Top3Plan.created_at >= since)
                           .order_by(Top3Plan.created_at, Top3Plan.id).limit(wanted)).all()
    due = session.exec(base.where(Top3Plan.evaluate_on >= local(since).date(), Top3Plan.evaluate_on <= meeting_day)
                       .order_by(Top3Plan.evaluate_on, Top3Plan.id).limit(wanted)).all()
    unique = {row[0].id: row for row in (*changed, *due)}
    plans = sorted(unique.values(), key=lambda row: (row[0].evaluate_on is not None,  # NULL first, as SQL
                                                     row[0].evaluate_on or date.min, row[0].id))[:wanted]
    for plan, code, initials, worker_id in plans:
        client = (plan.client_id, code, initials)
        if plan.created_at >= since:
            what = "nieuw" if plan.number == 1 else f"gewijzigd (versie {plan.number})"
            add(f"plan:{plan.id}", f"Top-3 {what}", AgendaItemKind.TOP3, client, worker_id,
                f"Top-3 {what}: zijn de veiligheidsafspraken voldoende?")
        else:
            add(f"plan:{plan.id}", f"Evaluatie {short_date(plan.evaluate_on)}", AgendaItemKind.EVALUATIE, client,
                worker_id, f"Top-3 evaluatie op {short_date(plan.evaluate_on)}: hoe staat het met de veiligheid?")
    # Handovers not yet acknowledged.
    handovers = list(session.exec(select(Handover).where(Handover.is_draft == False,  # noqa: E712
                                                         col(Handover.acknowledged_at).is_(None))
                                  .order_by(Handover.created_at).limit(SUGGESTIONS_PER_SOURCE)))
    first_clients: dict[int, tuple[int, str, str]] = {}
    if handovers:
        for handover_id, client_id, code, initials in session.exec(
                select(HandoverClient.handover_id, Client.id, Client.code, Client.initials)
                .join(Client, Client.id == HandoverClient.client_id)
                .where(col(HandoverClient.handover_id).in_([h.id for h in handovers])).order_by(Client.code)):
            first_clients.setdefault(handover_id, (client_id, code, initials))
    for h in handovers:
        to = codes.get(h.to_worker_id, "?") if h.to_worker_id else "het team"
        add(f"handover:{h.id}", "Overdracht niet bevestigd", AgendaItemKind.OVERIG, first_clients.get(h.id),
            h.from_worker_id, f"Overdracht van {codes.get(h.from_worker_id, '?')} aan {to} is nog niet bevestigd: "
                              f"wie pakt het op?")
    # Overdue action items.
    for action, code, initials in session.exec(
            select(ActionItem, Client.code, Client.initials)
            .join(Client, Client.id == ActionItem.client_id, isouter=True)
            .where(ActionItem.status == ActionStatus.OPEN, col(ActionItem.due).is_not(None), ActionItem.due < today)
            .order_by(ActionItem.due).limit(SUGGESTIONS_PER_SOURCE)):
        client = (action.client_id, code, initials) if action.client_id else None
        add(f"action:{action.id}", f"Actie te laat ({short_date(action.due)})", AgendaItemKind.OVERIG, client,
            action.owner_id, f"Actie over de deadline: {action.what} — wat is er nodig?")
    return found


# --- meeting mode, history, per client ----------------------------------------------------

def meeting_mode_view(session: Session, meeting_id: int) -> MeetingModeView:
    from models.errors import NotFound

    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("Dit overleg bestaat niet meer.")
    codes = worker_codes(session)
    following = session.exec(select(Meeting.start).where(Meeting.start > meeting.start)
                             .order_by(Meeting.start).limit(1)).first()
    return MeetingModeView(meeting=meeting_info(session, meeting, codes), items=item_views(session, meeting.id, codes),
                           next_meeting_start=following)


def meeting_summaries(session: Session, *, limit: int = 60) -> list[MeetingSummary]:
    """Meetings, newest first."""
    from sqlalchemy import case

    codes = worker_codes(session)
    meetings = list(session.exec(select(Meeting).order_by(col(Meeting.start).desc()).limit(limit)))
    ids = [m.id for m in meetings]
    counts: dict[int, tuple[int, int, int]] = {}
    actions: dict[int, int] = {}
    if ids:
        for meeting_id, total, discussed, carried in session.exec(
                select(AgendaItem.meeting_id, func.count(),
                       func.sum(case((AgendaItem.discussed == True, 1), else_=0)),  # noqa: E712
                       func.sum(case((col(AgendaItem.carried_from_id).is_not(None), 1), else_=0)))
                .where(col(AgendaItem.meeting_id).in_(ids)).group_by(AgendaItem.meeting_id)):
            counts[meeting_id] = (int(total), int(discussed or 0), int(carried or 0))
        actions = dict(session.exec(
            select(AgendaItem.meeting_id, func.count()).join(ActionItem, ActionItem.agenda_item_id == AgendaItem.id)
            .where(col(AgendaItem.meeting_id).in_(ids)).group_by(AgendaItem.meeting_id)).all())
    return [
        MeetingSummary(id=m.id, start=m.start, status=m.status, chair_code=codes.get(m.chair_id),
                       minute_taker_code=codes.get(m.minute_taker_id), items=counts.get(m.id, (0, 0, 0))[0],
                       discussed=counts.get(m.id, (0, 0, 0))[1], carried=counts.get(m.id, (0, 0, 0))[2],
                       actions=int(actions.get(m.id, 0)))
        for m in meetings
    ]


def meeting_offset_of(session: Session, meeting_id: int, today: date) -> int:
    """The `offset` agenda_view needs to show a given meeting (0 = the next one)."""
    meeting = session.get(Meeting, meeting_id)
    anchor = at(today, 0)
    if meeting.start >= anchor:
        return session.exec(select(func.count()).select_from(Meeting)
                            .where(Meeting.start >= anchor, Meeting.start < meeting.start)).one()
    return -session.exec(select(func.count()).select_from(Meeting)
                         .where(Meeting.start < anchor, Meeting.start >= meeting.start)).one()


def client_discussions(session: Session, client_id: int) -> list[Discussion]:
    """Every time a client was on the agenda, newest first, with its outcome and actions."""
    codes = worker_codes(session)
    rows = list(session.exec(
        select(AgendaItem, Meeting.start)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.client_id == client_id)
        .order_by(col(Meeting.start).desc(), AgendaItem.position)
    ))
    actions = _actions_of_items(session, [item.id for item, _start in rows], codes)
    return [
        Discussion(meeting_id=item.meeting_id, meeting_start=start, item_id=item.id, kind=item.kind,
                   presenter_code=codes.get(item.presenter_id), question=item.question,
                   outcome_kind=item.outcome_kind, outcome=item.outcome, discussed=item.discussed,
                   carried_over=item.carried_from_id is not None, actions=tuple(actions.get(item.id, ())))
        for item, start in rows
    ]


def waitlist_panel(session: Session, today: date) -> WaitlistPanel:
    """The waiting list and the caseload bars, for "wachtlijst verdelen" in meeting mode."""
    from importlib.util import find_spec

    from models.caseload.queries import caseload_overview
    from models.waitlist.queries import waiting_list

    can_allocate = find_spec("models.waitlist.write") is not None and find_spec("models.waitlist.allocation") is not None
    return WaitlistPanel(registrations=waiting_list(session, today).rows, loads=caseload_overview(session),
                         can_allocate=can_allocate)
