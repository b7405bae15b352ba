"""The overleg end to end, by key presses: prepare the agenda, run the meeting, end it, minutes.

Also: nothing typed is lost when the app closes mid-meeting, the time box countdown changes
colour, and a colleague's concurrent change is not overwritten silently.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select
from textual.widgets import DataTable, Digits, Label, Static, TextArea

import screens.overleg.meeting_clock as meeting_clock_module
from models.audit import AuditEntry
from models.tables.clients import Client
from models.drafts import FormDraft
from models.enums import ActionStatus, AgendaItemKind, AuditAction, MeetingStatus, OutcomeKind
from models.tables.overleg import ActionItem, AgendaItem, Meeting
from models.tables.workers import Worker
from screens.overleg.action_form import ActionForm
from screens.overleg.agenda_item_form import AgendaItemForm
from screens.common.confirm import ConfirmScreen
from screens.overleg.meeting_mode import MeetingModeScreen
from screens.overleg.screen import OverlegScreen
from screens.vandaag.screen import TodayScreen
from screens.overleg.minutes_preview import MinutesPreview
from tests.conftest import FROZEN_TODAY, clear_and_paste, paste, settle, wait_until

SIZE = (160, 48)


class FakeClock:
    """Stands in for time.monotonic in meeting mode, so tests move time without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def text_of(app, selector: str) -> str:
    widget = app.screen.query_one(selector)
    return str(widget.content if isinstance(widget, (Label, Static)) else widget.value)


def rows(app, selector: str) -> list[list[str]]:
    grid = app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in grid.get_row_at(i)] for i in range(grid.row_count)]


def next_meeting(session: Session) -> Meeting:
    from models.clock import at

    return session.exec(select(Meeting).where(Meeting.start >= at(FROZEN_TODAY, 0)).order_by(Meeting.start)).first()


def agenda(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
                             .order_by(AgendaItem.position, AgendaItem.id)))


async def type_text(pilot, text: str) -> None:
    """Put the text into the focused field at the cursor, in one step (a paste, not a key per character)."""
    await paste(pilot, text)


async def open_meeting_mode(pilot) -> MeetingModeScreen:
    await pilot.press("5")
    await settle(pilot)
    await pilot.press("v")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfirmScreen)  # the meeting is tomorrow: start it early?
    await pilot.press("j")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MeetingModeScreen)
    return pilot.app.screen


async def test_prepare_run_and_end_a_meeting_then_actions_on_vandaag_and_masked_minutes(
        make_app, database, tmp_path, monkeypatch):
    monkeypatch.setenv("TEAMBORD_EXPORT_DIR", str(tmp_path))
    with Session(database.engine) as session:
        meeting = next_meeting(session)
        av = session.exec(select(Worker).where(Worker.code == "AV")).one()
        on_agenda = {i.client_id for i in agenda(session, meeting.id)}
        client = session.exec(select(Client).where(Client.worker_id == av.id, Client.status == "active")
                              .order_by(Client.code)).all()
        client = next(c for c in client if c.id not in on_agenda)
        items_before = len(agenda(session, meeting.id))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.screen, OverlegScreen)
        assert "dinsdag 24 november 2026 10:00" in text_of(app, "#overleg-title")

        # --- prepare: a case item by keys; the question is required and must be one question
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, AgendaItemForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "cliëntcode" in text_of(app, "#item-client-error")
        await type_text(pilot, client.code)
        await pilot.press("tab", "tab")  # inbrenger: AV (the user) already chosen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "verplicht" in text_of(app, "#item-question-error")
        await type_text(pilot, "Melden bij Veilig Thuis? En wie belt?")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Eén vraag" in text_of(app, "#item-question-error")
        await clear_and_paste(pilot, "Melden bij Veilig Thuis?")  # one question left
        await pilot.press("tab")
        await type_text(pilot, "15")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OverlegScreen)
        table = rows(app, "#overleg-items")
        assert table[-1][2] == f"{client.code} ({client.initials})" and table[-1][6] == "Melden bij Veilig Thuis?"
        # --- reorder: the new item one place up
        await pilot.press("ctrl+end", "minus")
        await settle(pilot)
        assert rows(app, "#overleg-items")[-2][6] == "Melden bij Veilig Thuis?"
        # --- a suggestion with one key
        suggested = rows(app, "#overleg-suggestions")[0]
        assert suggested[0] == "Wacht op advies"
        await pilot.press("s")
        await settle(pilot)
        assert rows(app, "#overleg-items")[-1][6] == suggested[2]
        assert suggested[2] not in [row[2] for row in rows(app, "#overleg-suggestions")]
        with Session(database.engine) as session:
            items = agenda(session, meeting.id)
            assert len(items) == items_before + 2
            assert [i.position for i in items] == list(range(len(items)))
            assert items[-3].client_id == client.id and items[-3].timebox_min == 15

        # --- the meeting: masking on, the first item large with its question
        assert not app.masked
        screen = await open_meeting_mode(pilot)
        assert app.masked
        assert "WACHTLIJST VERDELEN" in text_of(app, "#mm-item-title")
        assert "Wie neemt welke aanmelding" in text_of(app, "#mm-question")
        assert "2. Mededelingen" in str(app.screen.query_one("#mm-next", Static).content)
        assert app.screen.query_one("#mm-waitlist").display
        assert rows(app, "#mm-registrations") and rows(app, "#mm-loads")
        # item 1: notes, a decision, an action for AV due friday
        await pilot.press("o")
        await type_text(pilot, "Twee acute aanmeldingen")
        await pilot.press("escape", "u")
        await type_text(pilot, "Intakes deze week")
        await pilot.press("escape", "l")
        await settle(pilot)
        assert "BESLUIT" in text_of(app, "#mm-outcome-title")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ActionForm)
        await type_text(pilot, "Intakes inplannen")
        await pilot.press("tab")
        await type_text(pilot, "vr")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert rows(app, "#mm-actions") == [["AV", "Intakes inplannen", "vr 27 nov"]]
        await pilot.press("full_stop")  # item 2: mededelingen, nothing to record
        await settle(pilot)
        assert "MEDEDELINGEN" in text_of(app, "#mm-item-title")
        await pilot.press("full_stop")  # item 3: a case
        await settle(pilot)
        case = screen.current
        assert case.client_code and case.client_code in text_of(app, "#mm-item-title")
        assert f"({case.client_initials})" not in text_of(app, "#mm-item-title")  # masked: code only
        await pilot.press("u")
        await type_text(pilot, "AWARE aanvragen")
        await pilot.press("escape", "a")
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "AWARE-aanvraag indienen")
        await pilot.press("tab")
        await type_text(pilot, "vandaag")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [row[1] for row in rows(app, "#mm-actions")] == ["AWARE-aanvraag indienen"]
        await pilot.press("full_stop")
        await settle(pilot)
        assert "Punt 4 van" in text_of(app, "#mm-item-title")
        # --- end: what was not discussed moves to next week
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, OverlegScreen)
        assert "Afgerond" in text_of(app, "#overleg-title")
        states = [row[5] for row in rows(app, "#overleg-items")]
        assert states[:3] == ["✓ besluit", "✓ besproken", "✓ advies"]

        with Session(database.engine) as session:
            ended = session.get(Meeting, meeting.id)
            assert ended.status == MeetingStatus.FINISHED and ended.started_at and ended.ended_at
            items = agenda(session, meeting.id)
            first, _second, third = items[:3]
            assert (first.notes, first.outcome, first.outcome_kind, first.discussed) == (
                "Twee acute aanmeldingen", "Intakes deze week", OutcomeKind.BESLUIT, True)
            assert (third.outcome, third.outcome_kind, third.discussed) == ("AWARE aanvragen", OutcomeKind.ADVIES, True)
            assert [i.discussed for i in items[3:]] == [False] * (len(items) - 3)
            following = session.exec(select(Meeting).where(Meeting.start > meeting.start)
                                     .order_by(Meeting.start)).first()
            carried = [i for i in agenda(session, following.id) if i.carried_from_id]
            assert sorted(i.carried_from_id for i in carried) == sorted(i.id for i in items[3:])
            assert any(i.client_id == client.id and i.question == "Melden bij Veilig Thuis?" for i in carried)
            actions = {a.what: a for a in session.exec(select(ActionItem).where(
                ActionItem.agenda_item_id.in_([first.id, third.id])))}
            assert actions["Intakes inplannen"].owner_id == av.id
            assert actions["Intakes inplannen"].due == FROZEN_TODAY + timedelta(days=4)
            assert actions["AWARE-aanvraag indienen"].client_id == third.client_id
            own_action = actions["Intakes inplannen"]

        # the next meeting shows the carried-over items
        await pilot.press("full_stop")
        await settle(pilot)
        assert "dinsdag 1 december 2026" in text_of(app, "#overleg-title")
        assert sum(row[5] == "doorgeschoven" for row in rows(app, "#overleg-items")) >= len(carried)

        # --- minutes, masked, with an audit entry per client mentioned
        await pilot.press("comma", "x")  # a preview first (Markdown); Ctrl+S saves it in the export folder
        await wait_until(pilot, lambda: isinstance(app.screen, MinutesPreview) and app.screen.loaded, "the preview")
        await pilot.press("ctrl+s")
        await settle(pilot)
        minutes = (tmp_path / "verslag-overleg-2026-11-24.md").read_text(encoding="utf-8")
        assert minutes.startswith("Gemaskeerd: alleen cliëntcodes.\n\n# Verslag ambulant overleg dinsdag 24 november 2026")
        assert "- **Besluit:** Intakes deze week" in minutes and "- **Advies:** AWARE aanvragen" in minutes
        assert "AV: Intakes inplannen — deadline vr 27 nov" in minutes
        assert "Melden bij Veilig Thuis?" in minutes and "doorgeschoven naar het volgende overleg" in minutes
        assert "## Alle open acties" in minutes and "**Aanwezig:** " in minutes
        with Session(database.engine) as session:
            mentioned = [i.client_id for i in agenda(session, meeting.id) if i.client_id]
            clients = session.exec(select(Client).where(Client.id.in_(mentioned))).all()
            exports = {e.client_code for e in session.exec(select(AuditEntry).where(
                AuditEntry.action == AuditAction.EXPORT, AuditEntry.user_code == "AV"))}
        assert all(c.code in minutes for c in clients)
        assert not any(c.initials in minutes for c in clients)  # masked: no initials
        assert {c.code for c in clients} <= exports

        # --- the action on the owner's Vandaag view, marked done there
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        week = app.screen.query_one("#today-week-table", DataTable)  # due friday: under "deze week"
        row = week.get_row_index(f"action:{own_action.id}")
        assert str(week.get_row_at(row)[1]).startswith("Actie: Intakes inplannen")
        week.focus()
        week.move_cursor(row=row)
        await pilot.press("d")
        await settle(pilot)
        assert f"action:{own_action.id}" not in [k.value for k in week.rows]
    with Session(database.engine) as session:
        assert session.get(ActionItem, own_action.id).status == ActionStatus.DONE


async def test_nothing_typed_is_lost_when_the_app_closes_mid_meeting(make_app, database, monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(meeting_clock_module, "monotonic", clock)
    monkeypatch.setattr("screens.overleg.meeting_minutes.DRAFT_DELAY", 0.1)  # not what is tested here
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_meeting_mode(pilot)
        item_id = screen.current.id
        await pilot.press("o")
        await type_text(pilot, "Halverwege")

        def draft_kept() -> bool:
            with Session(database.engine) as session:
                return any("Halverwege" in d.fields for d in session.exec(select(FormDraft)))

        # a pause in typing: kept as a draft (a kill -9 loses nothing); the debounce is shortened
        # above, and the background write is polled for
        await wait_until(pilot, draft_kept, "a draft of the notes")
        await settle(pilot)
        with Session(database.engine) as session:
            [draft] = session.exec(select(FormDraft)).all()
            assert draft.form_key == f"meeting-item:{item_id}" and "Halverwege" in draft.fields
        await type_text(pilot, " gesloten")
        clock.now += 125
        await pilot.press("ctrl+q")  # no Esc, no save key: the app just closes
    with Session(database.engine) as session:
        item = session.get(AgendaItem, item_id)
        assert item.notes == "Halverwege gesloten"
        assert item.seconds_used == 125 and item.started_at is not None
        assert session.get(Meeting, item.meeting_id).status == MeetingStatus.RUNNING
        assert session.exec(select(FormDraft)).all() == []  # saved: the draft is gone
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:  # reopening resumes where it was
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(again.screen, MeetingModeScreen)
        assert again.screen.query_one("#mm-notes", TextArea).text == "Halverwege gesloten"
        assert str(again.screen.query_one("#mm-countdown", Digits).value) == "12:55"


async def test_the_countdown_turns_amber_then_red_and_pauses(make_app, database, monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(meeting_clock_module, "monotonic", clock)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_meeting_mode(pilot)
        box = screen.query_one("#mm-clock")
        digits = screen.query_one("#mm-countdown", Digits)
        assert screen.current.timebox_min == 15 and digits.value == "15:00"
        assert not box.has_class("-late") and not box.has_class("-over")
        clock.now += 14 * 60 + 10
        screen.clock.tick()
        assert digits.value == "00:50" and box.has_class("-late")
        clock.now += 80
        screen.clock.tick()
        assert digits.value == "-00:30" and box.has_class("-over") and "TIJD OM" in text_of(app, "#mm-clock-label")
        await pilot.press("space")
        await settle(pilot)
        clock.now += 600
        screen.clock.tick()
        assert digits.value == "-00:30" and box.has_class("-paused")
        await pilot.press("space")
        clock.now += 30
        screen.clock.tick()
        assert digits.value == "-01:00"
        clock.now += 3600  # the whole meeting runs late too
        screen.clock.tick()
        assert "1:" in text_of(app, "#mm-overall")
        first = screen.current.id
        await pilot.press("full_stop")
        await settle(pilot)
        assert digits.value == "05:00"  # mededelingen: 5 minutes
    with Session(database.engine) as session:
        assert session.get(AgendaItem, first).seconds_used == 15 * 60 + 60 + 3600


async def test_a_colleagues_change_is_not_overwritten_and_ctrl_l_merges_it(make_app, database):
    from models.audit import Actor
    from models.overleg.write import save_minutes

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_meeting_mode(pilot)
        item = screen.current
        with database.session(Actor("JB"), write=True) as session:  # JB, on another laptop
            version = session.get(AgendaItem, item.id).version
            save_minutes(session, item.id, version, outcome="Door JB ingevuld")
            session.commit()
        await pilot.press("u")
        await type_text(pilot, "Mijn uitkomst")
        await pilot.press("escape")  # leaving the field saves: refused, naming JB
        await settle(pilot)
        with Session(database.engine) as session:
            assert session.get(AgendaItem, item.id).outcome == "Door JB ingevuld"
        assert screen.query_one("#mm-outcome", TextArea).text == "Mijn uitkomst"
        assert any("door JB" in str(n.message) and "Ctrl+L" in str(n.message) for n in app._notifications)
        app.clear_notifications()
        await pilot.press("ctrl+s")  # refused again: never an overwrite
        await settle(pilot)
        with Session(database.engine) as session:
            assert session.get(AgendaItem, item.id).outcome == "Door JB ingevuld"
        assert any("door JB" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+l")  # both changed the outcome: mine stays, JB's shown under it
        await settle(pilot)
        assert screen.query_one("#mm-outcome", TextArea).text == "Mijn uitkomst"
        assert "nu opgeslagen: Door JB ingevuld" in text_of(app, "#mm-outcome-hint")
        await pilot.press("ctrl+s")
        await settle(pilot)
    with Session(database.engine) as session:
        assert session.get(AgendaItem, item.id).outcome == "Mijn uitkomst"


async def test_escape_twice_leaves_meeting_mode_once(make_app, database):
    """Regression: a second Esc while the first was still saving dismissed the screen twice."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_meeting_mode(pilot)
        await pilot.press("p")  # clock paused: leaving has no seconds to write first
        await settle(pilot)
        await pilot.press("o")
        await type_text(pilot, "Kort")
        # Esc (out of the field: a save starts), Esc and q (leave) before its answer came back —
        # called in one go: key presses are only by chance faster than the database.
        screen.action_leave()
        screen.action_leave()
        screen.action_leave()
        await settle(pilot)
        assert isinstance(app.screen, OverlegScreen) and screen.left
        screen._leave()  # a late "saved, leave now" does nothing once it has left
        await settle(pilot)
        assert len(app.screen_stack) == 1 and isinstance(app.screen, OverlegScreen)
        with Session(database.engine) as session:
            assert session.get(AgendaItem, screen.current.id).notes == "Kort"


async def test_minutes_a_killed_meeting_mode_kept_as_a_draft_come_back_and_are_saved(make_app, database):
    from models.actions.drafts import keep
    from models.actions.overleg import minutes_draft_key, stored_minutes
    from models.audit import Actor

    with database.session(Actor("AV"), write=True) as session:  # what the draft timer wrote before kill -9
        first = agenda(session, next_meeting(session).id)[0]
        stored = stored_minutes(first)
        keep(session, minutes_draft_key(first.id), {"version": first.version, "base": stored,
                                                    "mine": {**stored, "notes": "Vlak voor de crash"}}, "Overleg")
        session.commit()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_meeting_mode(pilot)
        assert screen.current.id == first.id
        assert screen.query_one("#mm-notes", TextArea).text == "Vlak voor de crash"
        assert any("teruggezet" in str(n.message) for n in app._notifications)
    with Session(database.engine) as session:
        assert session.get(AgendaItem, first.id).notes == "Vlak voor de crash"
        assert session.exec(select(FormDraft)).all() == []


async def test_past_meetings_are_browsable_and_a_clients_discussions_are_listed(make_app, database):
    from screens.overleg.history import ClientDiscussionsScreen, MeetingListScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, MeetingListScreen)
        listed = rows(app, "#history-meetings")
        assert len(listed) >= 10 and listed[0][2] == "Gepland" and "Afgerond" in [r[2] for r in listed]
        last_week = next(i for i, r in enumerate(listed) if r[2] == "Afgerond")
        app.screen.query_one("#history-meetings", DataTable).move_cursor(row=last_week)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OverlegScreen)
        assert "dinsdag 17 november 2026" in text_of(app, "#overleg-title") and "Afgerond" in text_of(app, "#overleg-title")
        items = rows(app, "#overleg-items")
        case_row = next(i for i, r in enumerate(items) if r[2])
        app.screen.query_one("#overleg-items", DataTable).move_cursor(row=case_row)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ClientDiscussionsScreen)
        code = items[case_row][2].split(" ")[0]
        assert code in text_of(app, "#discussions-title")
        assert any(r[0] == "di 17 nov" for r in rows(app, "#discussions"))
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, OverlegScreen)
    with Session(database.engine) as session:
        reads = session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.READ)).all()
    assert [(r.user_code, r.client_code) for r in reads] == [("AV", code)]


async def test_wachtlijst_verdelen_allocates_in_place_and_the_outcome_says_so(make_app, database):
    from models.tables.registrations import Registration
    from screens.waitlist.allocation_form import AllocationForm

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_meeting_mode(pilot)
        assert screen.current.kind == AgendaItemKind.WACHTLIJST
        assert "w wijst de gekozen toe" in text_of(app, "#mm-registrations-title")
        table = screen.query_one("#mm-registrations", DataTable)
        with Session(database.engine) as session:
            plain = {r.code: r.id for r in session.exec(select(Registration).where(
                Registration.children_involved == False))}  # noqa: E712 - no melding question in the form
        row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]) in plain)
        code = str(table.get_row_at(row)[0])
        table.focus()
        table.move_cursor(row=row)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, AllocationForm)
        await pilot.press("ctrl+s")  # the team takes the first suggestion
        await settle(pilot)
        assert app.screen is screen
        assert code not in [r[0] for r in rows(app, "#mm-registrations")]
        outcome = screen.query_one("#mm-outcome", TextArea).text
        assert outcome.startswith(f"{code} toegewezen aan ")
        assert "BESLUIT" in text_of(app, "#mm-outcome-title")
    with Session(database.engine) as session:
        registration = session.get(Registration, plain[code])
        assert registration.status == "toegewezen" and registration.client_id is not None
        item = session.get(AgendaItem, screen.current.id)
        assert item.outcome == outcome and item.outcome_kind == OutcomeKind.BESLUIT


async def test_the_running_clock_is_written_every_few_seconds(make_app, database, monkeypatch):
    """A laptop that dies mid-item loses at most WRITE_EVERY seconds of the item's time; and the
    clock's writes never stand in the way of Ctrl+Z (undo skips the bookkeeping columns)."""
    clock = FakeClock()
    monkeypatch.setattr(meeting_clock_module, "monotonic", clock)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_meeting_mode(pilot)
        item_id = screen.current.id
        clock.now += meeting_clock_module.WRITE_EVERY + 1
        screen.query_one(meeting_clock_module.MeetingClock).tick()
        await settle(pilot)
        with Session(database.engine) as session:
            assert session.get(AgendaItem, item_id).seconds_used == int(meeting_clock_module.WRITE_EVERY + 1)
