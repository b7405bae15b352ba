"""The overleg's domain functions on the demo database: agenda, suggestions, meeting, minutes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from models.audit import Actor, AuditEntry
from models.tables.clients import Client
from models.clock import local
from models.enums import ActionStatus, AgendaItemKind, AuditAction, MeetingStatus, OutcomeKind
from models.errors import ConcurrentEdit, DomainError, ValidationFailed
from models.tables.overleg import ActionItem, AgendaItem, Meeting
from models.overleg.write import (
    ActionInput, ItemInput, add_action, add_agenda_item, add_fixed_items, end_meeting, mark_action_done,
    move_agenda_item, record_seconds, remove_agenda_item, save_minutes, start_meeting, update_agenda_item,
    update_meeting,
)
from models.overleg.queries import (
    agenda_view, client_discussions, meeting_mode_view, meeting_start_on_or_after, meeting_summaries, suggestions,
)
from models.settings import DEFAULTS
from models.tables.workers import Worker
from tests.conftest import FROZEN_TODAY

TUESDAY = date(2026, 11, 24)


@pytest.fixture
def session(database):
    with database.session(Actor("AV"), write=True) as s:
        yield s


def _ids(session):
    av = session.exec(select(Worker).where(Worker.code == "AV")).one()
    client = session.exec(select(Client).where(Client.worker_id == av.id, Client.status == "active")
                          .order_by(Client.code)).first()
    return av, client


def test_next_meeting_follows_the_team_setting():
    assert local(meeting_start_on_or_after(DEFAULTS, FROZEN_TODAY)).strftime("%a %H:%M") == "Tue 10:00"
    thursday = {**DEFAULTS, "meeting_weekday": 4, "meeting_time": "13:30"}
    moment = local(meeting_start_on_or_after(thursday, FROZEN_TODAY))
    assert (moment.date(), moment.strftime("%H:%M")) == (date(2026, 11, 26), "13:30")


def test_agenda_view_shows_the_next_meeting_with_its_neighbours(session):
    view = agenda_view(session, FROZEN_TODAY)
    assert local(view.meeting.start).date() == TUESDAY
    assert view.previous_start < view.meeting.start < view.next_start
    assert view.items[0].kind == AgendaItemKind.WACHTLIJST
    assert view.planned_minutes == sum(i.timebox_min for i in view.items)
    earlier = agenda_view(session, FROZEN_TODAY, offset=-1)
    assert earlier.meeting.status == MeetingStatus.FINISHED
    assert all(i.discussed or i.kind == AgendaItemKind.MEDEDELINGEN or not i.outcome for i in earlier.items)


def test_a_case_item_needs_a_client_a_presenter_and_one_question(session):
    av, client = _ids(session)
    meeting_id = agenda_view(session, FROZEN_TODAY).meeting.id
    cases = [
        (ItemInput("top3", "", av.id, "Vraag?", 10), "item-client", "cliëntcode"),
        (ItemInput("top3", "XX-9999", av.id, "Vraag?", 10), "item-client", "Onbekende"),
        (ItemInput("top3", client.code, av.id, "  ", 10), "item-question", "verplicht"),
        (ItemInput("top3", client.code, av.id, "Wat doen we? En wie belt?", 10), "item-question", "Eén vraag"),
        (ItemInput("top3", client.code, None, "Wat doen we?", 10), "item-presenter", "inbrengt"),
        (ItemInput("top3", client.code, av.id, "Wat doen we?", 0), "item-timebox", "tussen"),
        (ItemInput("wachtlijst", client.code, None, "", None), "item-client", "vast punt"),
    ]
    before = len(agenda_view(session, FROZEN_TODAY).items)
    for data, field, words in cases:
        with pytest.raises(ValidationFailed) as problem:
            add_agenda_item(session, meeting_id, data)
        session.rollback()
        assert problem.value.field == field and words in str(problem.value)
    assert len(agenda_view(session, FROZEN_TODAY).items) == before
    item = add_agenda_item(session, meeting_id, ItemInput("meldcode", client.code.lower(), av.id,
                                                          "  Melden   bij Veilig Thuis? ", None))
    assert (item.client_id, item.question, item.timebox_min, item.position) == (
        client.id, "Melden bij Veilig Thuis?", DEFAULTS["agenda_timebox_min"], before)
    audit = session.exec(select(AuditEntry).where(AuditEntry.entity == "agenda_item",
                                                  AuditEntry.action == AuditAction.CREATE)
                         .order_by(AuditEntry.id.desc())).first()
    assert (audit.client_code, audit.user_code) == (client.code, "AV")


def test_reorder_edit_remove_and_a_stale_edit_is_refused(session):
    view = agenda_view(session, FROZEN_TODAY)
    first, second = view.items[0], view.items[1]
    move_agenda_item(session, second.id, -1)
    moved = agenda_view(session, FROZEN_TODAY).items
    assert [moved[0].id, moved[1].id] == [second.id, first.id]
    assert [i.position for i in moved] == list(range(len(moved)))
    last = moved[-1]
    update_agenda_item(session, last.id, last.version, ItemInput(last.kind, last.client_code, last.presenter_id,
                                                                 "Nieuwe vraag?", 20))
    with pytest.raises(ConcurrentEdit) as conflict:
        update_agenda_item(session, last.id, last.version, ItemInput(last.kind, last.client_code, last.presenter_id,
                                                                     "Andere vraag?", 20))
    assert "AV" in str(conflict.value) and "vraag" in str(conflict.value)
    fresh = agenda_view(session, FROZEN_TODAY).items[-1]
    assert (fresh.question, fresh.timebox_min) == ("Nieuwe vraag?", 20)
    remove_agenda_item(session, fresh.id, fresh.version)
    left = agenda_view(session, FROZEN_TODAY).items
    assert fresh.id not in [i.id for i in left] and [i.position for i in left] == list(range(len(left)))
    assert add_fixed_items(session, agenda_view(session, FROZEN_TODAY).meeting.id) == 1  # rondje caseload
    kinds = [i.kind for i in agenda_view(session, FROZEN_TODAY).items]
    assert kinds.index(AgendaItemKind.RONDJE_CASELOAD) < kinds.index(AgendaItemKind.MELDCODE)


def test_suggestions_cover_every_source_and_adding_one_removes_it(session):
    view = agenda_view(session, FROZEN_TODAY)
    reasons = {s.key.split(":")[0] for s in view.suggestions}
    assert {"registration", "handover", "action"} <= reasons, reasons
    assert "plan" in reasons, "Top-3 plans changed or due since last week"
    on_agenda = {i.client_id for i in view.items if i.client_id}
    assert not any(s.client_id in on_agenda for s in view.suggestions if s.client_id)
    assert all(s.question and s.timebox_min == DEFAULTS["agenda_timebox_min"] for s in view.suggestions)
    pick = next(s for s in view.suggestions if s.client_id)
    add_agenda_item(session, view.meeting.id, ItemInput(pick.kind, pick.client_code, pick.presenter_id,
                                                        pick.question, pick.timebox_min))
    again = suggestions(session, session.get(Meeting, view.meeting.id), FROZEN_TODAY,
                        agenda_view(session, FROZEN_TODAY).items)
    assert pick.key not in {s.key for s in again}


def test_meeting_runs_and_ending_carries_undiscussed_items_over(session):
    view = agenda_view(session, FROZEN_TODAY)
    meeting_id = view.meeting.id
    av, _client = _ids(session)
    start_meeting(session, meeting_id)
    started = session.get(Meeting, meeting_id)
    assert started.status == MeetingStatus.RUNNING and started.started_at is not None
    assert "AV" in started.present
    cases = [i for i in view.items if not i.is_fixed]
    one, two = cases[0], cases[1]
    version = save_minutes(session, one.id, one.version, notes="Kinderen waren getuige.",
                           outcome_kind=OutcomeKind.BESLUIT, outcome="Melding doen.", discussed=True)
    assert version == one.version + 1
    record_seconds(session, {one.id: 400})
    record_seconds(session, {one.id: 100})  # never goes back
    add_action(session, one.id, ActionInput(av.id, "Melding doen bij Veilig Thuis", FROZEN_TODAY + timedelta(days=2)))
    session.commit()  # the functions only flush: keep this before the refusal below is rolled back
    with pytest.raises(ValidationFailed) as problem:
        add_action(session, two.id, ActionInput(av.id, "Te laat", FROZEN_TODAY - timedelta(days=1)))
    session.rollback()
    assert problem.value.field == "action-due"
    save_minutes(session, two.id, two.version, outcome_kind=OutcomeKind.ADVIES, outcome="AWARE aanvragen.",
                 discussed=True)
    mode = meeting_mode_view(session, meeting_id)
    first = next(i for i in mode.items if i.id == one.id)
    assert (first.seconds_used, first.version, len(first.actions)) == (400, version, 1)
    following_id, moved = end_meeting(session, meeting_id)
    ended = session.get(Meeting, meeting_id)
    assert ended.status == MeetingStatus.FINISHED and ended.ended_at is not None
    left = [i for i in cases if i.id not in (one.id, two.id)]
    assert moved == len(left) > 0
    carried = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == following_id,
                                                    AgendaItem.carried_from_id.is_not(None))).all()
    assert sorted(c.carried_from_id for c in carried) == sorted(i.id for i in left)
    nxt = agenda_view(session, FROZEN_TODAY, offset=1)
    assert nxt.meeting.id == following_id
    positions = [i.kind for i in nxt.items]
    assert positions[:2] == [AgendaItemKind.WACHTLIJST, AgendaItemKind.MEDEDELINGEN]
    assert all(i.carried_over for i in nxt.items[2:2 + moved])
    with pytest.raises(DomainError):
        end_meeting(session, meeting_id)
    history = client_discussions(session, one.client_id)
    assert history[0].outcome == "Melding doen." and history[0].outcome_kind == OutcomeKind.BESLUIT
    assert history[0].actions[0].what == "Melding doen bij Veilig Thuis"
    summaries = meeting_summaries(session)
    assert any(s.id == meeting_id and s.discussed >= 2 and s.actions == 1 for s in summaries)


def test_ending_the_last_planned_meeting_plans_the_next_one_from_the_team_settings(session):
    last = session.exec(select(Meeting).order_by(Meeting.start.desc())).first()
    case = AgendaItem(meeting_id=last.id, position=9, kind=AgendaItemKind.OVERIG, question="Nog iets?")
    session.add(case)
    session.commit()
    following_id, moved = end_meeting(session, last.id)
    following = session.get(Meeting, following_id)
    assert local(following.start).date() == local(last.start).date() + timedelta(days=7)
    assert local(following.start).strftime("%H:%M") == "10:00" and moved >= 1


def test_a_stale_change_of_the_meetings_roles_names_who_changed_it(database):
    with database.session(Actor("JB"), write=True) as session:
        meeting = agenda_view(session, FROZEN_TODAY).meeting
        meeting_id, version = meeting.id, meeting.version
        update_meeting(session, meeting_id, version, chair_id=None, minute_taker_id=None, present="AV, JB",
                       duration_min=60)
        session.commit()
    with database.session(Actor("AV"), write=True) as session:
        with pytest.raises(ConcurrentEdit) as conflict:
            update_meeting(session, meeting_id, version, chair_id=None, minute_taker_id=None, present="AV",
                           duration_min=90)
    assert "door JB" in str(conflict.value) and conflict.value.changed_by == "JB"
    assert {"present", "duration_min"} <= set(conflict.value.changed_fields)


def test_marking_an_action_done(session):
    action = session.exec(select(ActionItem).where(ActionItem.status == ActionStatus.OPEN)).first()
    mark_action_done(session, action.id)
    assert session.get(ActionItem, action.id).status == ActionStatus.DONE
    with pytest.raises(DomainError):
        mark_action_done(session, action.id)


def test_minutes_are_masked_by_default_and_exports_are_audited(session, tmp_path):
    from models.overleg.minutes import export_minutes_on, render_minutes

    last_week = agenda_view(session, FROZEN_TODAY, offset=-1).meeting
    day = local(last_week.start).date()
    path, minutes = export_minutes_on(session, day, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert path.name == f"verslag-overleg-{day.isoformat()}.md"
    assert text.startswith("Gemaskeerd: alleen cliëntcodes.\n\n# Verslag ambulant overleg ") and "## Alle open acties" in text
    assert "**Vraag:**" in text and "**Aanwezig:**" in text or "Aanwezig" in text
    codes = [c for c in minutes.client_codes if not c.startswith("AM-")]
    assert codes
    initials = set(session.exec(select(Client.initials).where(Client.code.in_(codes))))
    assert initials and not any(i in text for i in initials)
    names = {w.name for w in session.exec(select(Worker))}
    assert not any(n in text for n in names)
    exports = session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT)).all()
    assert sorted(e.client_code for e in exports) == sorted(minutes.client_codes)
    named = render_minutes(session, last_week.id, names=True).text
    assert any(i in named for i in initials) and any(n in named for n in names)


def test_closing_mid_meeting_saves_what_it_can_and_keeps_a_colleagues_item_as_a_draft(database):
    """The app closes with typed minutes not saved yet: an item a colleague changed since is never
    overwritten — its text is kept as a draft that meeting mode offers again."""
    from models.actions import perform
    from models.actions.overleg import minutes_draft_key, save_on_close, stored_minutes
    from models.drafts import find_draft

    with database.session(Actor("AV")) as session:
        one, two = agenda_view(session, FROZEN_TODAY).items[:2]
    with database.session(Actor("JB"), write=True) as session:
        save_minutes(session, two.id, two.version, outcome="Door JB")
        session.commit()
    unsaved = ((one.id, one.version, stored_minutes(one), {**stored_minutes(one), "notes": "Mijn notitie"}),
               (two.id, two.version, stored_minutes(two), {**stored_minutes(two), "outcome": "Mijn uitkomst"}))
    perform(database, Actor("AV"), save_on_close, unsaved, {one.id: 300}, "Overleg 24 nov", undoable=False)
    with database.session(Actor("AV")) as session:
        first, second = session.get(AgendaItem, one.id), session.get(AgendaItem, two.id)
        assert (first.notes, first.seconds_used, second.outcome) == ("Mijn notitie", 300, "Door JB")
        assert find_draft(session, "AV", minutes_draft_key(one.id)) is None
        kept = find_draft(session, "AV", minutes_draft_key(two.id))
        assert kept.fields["mine"]["outcome"] == "Mijn uitkomst" and kept.fields["version"] == two.version
