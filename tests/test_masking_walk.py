"""Masking complete (issue 16 part 7): with masking on, no client's initials or Care4 reference appear on
any screen, dialog, toast or export.

The test walks every section, scrolls its tables, opens every dialog a section key reaches (with a row
selected), the client page with every tab, the Top-3 comparison, meeting mode, the minutes preview, the
handover view, help and the palette, and scans what each one shows. "What it shows" is read three ways,
so that nothing can hide: the screen as rendered (the compositor's picture, the same one a screenshot
takes), every table's cells (rows beyond the viewport too) and every text widget's content (a Static's
text, an Input's value, a TextArea's text, the Markdown of the minutes), plus the toasts. The exports
made while masked (minutes, handover, iCal) are scanned as files, and the terminal's output too. A second
test switches masking on while names are on screen: they must go at once.

What counts as a name: the client's initials ("S.Z.") and Care4 reference ("C4-123456") — strings that
cannot occur by accident. The demo workers' names are not client data.
"""

from __future__ import annotations

from rich.text import Text
from sqlmodel import select
from textual.widgets import DataTable, Input, Markdown, Static, TextArea
from textual.widgets._markdown import MarkdownBlock

from models.audit import Actor
from models.tables.clients import Client
from tests.conftest import paste, rendered, settle, wait_until

SIZE = (160, 48)


def client_names(database) -> set[str]:
    """Every client's initials and Care4 reference — only the ones no screen could show by accident."""
    with database.session(Actor("AV")) as session:
        clients = session.exec(select(Client)).all()
    names = {c.initials for c in clients if len(c.initials) >= 4 and "." in c.initials}
    names |= {c.care4_ref for c in clients if c.care4_ref.startswith("C4-")}
    assert len(names) > 20, "the demo has clients with initials and Care4 references"
    return names


def _plain(value) -> str:
    return value.plain if isinstance(value, Text) else str(value)


def widget_texts(screen) -> list[str]:
    """The content of every widget of `screen`, including what is scrolled out of view."""
    texts = []
    for widget in screen.walk_children(with_self=False):
        if isinstance(widget, DataTable):
            texts += [_plain(c) for r in range(widget.row_count) for c in widget.get_row_at(r)]
            texts += [_plain(column.label) for column in widget.columns.values()]
            texts += [_plain(row.label) for row in widget.rows.values() if row.label is not None]
        elif isinstance(widget, Markdown):
            texts += [block._content.plain for block in widget.query(MarkdownBlock)]
        elif isinstance(widget, Input):
            texts.append(widget.value)
        elif isinstance(widget, TextArea):
            texts.append(widget.text)
        elif isinstance(widget, Static):
            texts.append(_plain(widget.render()))
        texts.append(str(getattr(widget, "border_title", "") or ""))
        texts.append(str(getattr(widget, "border_subtitle", "") or ""))
    return texts


class Scanner:
    """Collects every place a name was seen, so one run reports all leaks at once."""

    def __init__(self, app, names: set[str], *, below: bool = True) -> None:
        # below: also the data of the screens under the current one (not on screen themselves)
        self.app, self.names, self.leaks, self.below = app, names, [], below

    def scan(self, where: str) -> None:
        screen = self.app.screen
        where = f"{where} ({type(screen).__name__})"
        self.check(f"{where} on screen", rendered(self.app))
        self.check(f"{where} in its widgets", "\n".join(widget_texts(screen)))
        for below in self.app.screen_stack[:-1] if self.below else ():
            self.check(f"{where} in {type(below).__name__} below", "\n".join(widget_texts(below)))
        self.check(f"{where} in a toast", "\n".join(f"{n.title} {n.message}" for n in self.app._notifications))

    def check(self, where: str, text: str) -> None:
        found = sorted(name for name in self.names if name in text)
        if found:
            self.leaks.append(f"{where}: {found[:3]}")


async def scroll_through(pilot, scanner: Scanner, where: str) -> None:
    """Every table of the screen moved through to its end, scanned on each page."""
    for table in list(pilot.app.screen.query(DataTable)):
        if not table.display or table.row_count == 0:
            continue
        table.focus()
        await pilot.pause()
        for _ in range(max(1, table.row_count // 10 + 1)):
            await pilot.press("pagedown")
            await pilot.pause()
            scanner.scan(f"{where}, {table.id} scrolled")
        await pilot.press("home")
        await pilot.pause()


async def dialog(pilot, scanner: Scanner, keys: tuple[str, ...], where: str, close: tuple[str, ...] = ("escape",)):
    """Press `keys` on the current screen, scan what opened (and its toasts), close it again."""
    before = pilot.app.screen
    await pilot.press(*keys)
    await settle(pilot)
    scanner.scan(where)
    if pilot.app.screen is not before:
        for key in close:
            if pilot.app.screen is before:
                break
            await pilot.press(key)
            await settle(pilot)
    assert pilot.app.screen is before, f"{where}: did not close with {close}"


async def focus_table(pilot, selector: str, row: int = 0) -> None:
    table = pilot.app.screen.query_one(selector, DataTable)
    table.focus()
    table.move_cursor(row=row)
    await pilot.pause()


async def test_masked_no_client_name_on_any_screen_dialog_or_toast(make_app, database, tmp_path, monkeypatch,
                                                                     capfd):
    from screens.common.confirm import ConfirmScreen
    from screens.overleg.meeting_mode import MeetingModeScreen

    monkeypatch.setenv("TEAMBORD_EXPORT_DIR", str(tmp_path / "exports"))
    names = client_names(database)
    app = make_app(masked=True)
    async with app.run_test(size=SIZE) as pilot:
        scanner = Scanner(app, names)
        await settle(pilot)
        assert app.masked and "MASKERING" in rendered(app)  # the header badge  # the header badge

        # --- 1 Vandaag
        await pilot.press("1")
        await settle(pilot)
        scanner.scan("Vandaag")
        await scroll_through(pilot, scanner, "Vandaag")
        for table in ("#today-appointments", "#today-attention"):  # Enter opens where the row lives
            await focus_table(pilot, table)
            await pilot.press("enter")
            await settle(pilot)
            scanner.scan(f"Vandaag: Enter on {table}")
            while len(app.screen_stack) > 1:
                await pilot.press("escape")
                await settle(pilot)
            await pilot.press("1")
            await settle(pilot)

        # --- 2 Planning
        await pilot.press("2")
        await settle(pilot)
        scanner.scan("Planning")
        await scroll_through(pilot, scanner, "Planning")
        grid = app.screen.query_one("#planning-grid", DataTable)
        grid.focus()
        grid.move_cursor(row=0, column=0)
        await pilot.pause()
        await dialog(pilot, scanner, ("enter",), "Planning: day dialog")
        await pilot.press("enter")  # the day dialog again, then its first appointment's form
        await settle(pilot)
        await dialog(pilot, scanner, ("enter",), "Planning: appointment form", close=("escape", "escape"))
        await dialog(pilot, scanner, ("n",), "Planning: day dialog new", close=("escape", "escape"))
        await pilot.press("escape")
        await settle(pilot)
        await dialog(pilot, scanner, ("n",), "Planning: new appointment", close=("escape", "escape"))
        await dialog(pilot, scanner, ("a",), "Planning: absence", close=("escape", "escape"))
        await dialog(pilot, scanner, ("f",), "Planning: slot finder", close=("escape", "escape"))
        await dialog(pilot, scanner, ("g",), "Planning: jump week", close=("escape",))
        await pilot.press("x")  # the iCal export asks where; Enter takes the export folder
        await settle(pilot)
        scanner.scan("Planning: iCal export, where?")
        await pilot.press("enter")
        await settle(pilot)
        scanner.scan("Planning: iCal exported")

        # --- 3 Wachtlijst
        await pilot.press("3")
        await settle(pilot)
        scanner.scan("Wachtlijst")
        await scroll_through(pilot, scanner, "Wachtlijst")
        for key, what in (("n", "new"), ("e", "edit"), ("i", "intake"), ("a", "advice"), ("t", "allocate"),
                          ("v", "refer"), ("l", "lapse"), ("d", "intake done"), ("backspace", "step back")):
            await focus_table(pilot, "#waitlist-table")
            await dialog(pilot, scanner, (key,), f"Wachtlijst: {what}", close=("escape", "escape", "n"))

        # --- 4 Caseload, and the client page from it
        await pilot.press("4")
        await settle(pilot)
        scanner.scan("Caseload")
        await scroll_through(pilot, scanner, "Caseload")
        for key, what in (("f", "fase"), ("v", "follow-up"), ("a", "close trajectory")):
            await focus_table(pilot, "#caseload-clients")
            await dialog(pilot, scanner, (key,), f"Caseload: {what}", close=("escape", "escape", "n"))
        await focus_table(pilot, "#caseload-clients")
        await pilot.press("enter")
        await settle(pilot)
        page = app.screen
        scanner.scan("Client page")
        for tab in "taovhl":
            await pilot.press(tab)
            await settle(pilot)
            scanner.scan(f"Client page, tab {tab}")
            await scroll_through(pilot, scanner, f"Client page, tab {tab}")
        await pilot.press("t")
        await settle(pilot)
        await dialog(pilot, scanner, ("g",), "Client page: Top-3 compare")
        await dialog(pilot, scanner, ("n",), "Client page: Top-3 editor", close=("escape", "n", "escape"))
        await dialog(pilot, scanner, ("u",), "Client page: huisverbod", close=("escape", "n", "escape"))
        await dialog(pilot, scanner, ("i",), "Client page: who viewed it (audit overview)")
        assert app.screen is page
        await pilot.press("escape")
        await settle(pilot)

        # --- 5 Overleg
        await pilot.press("5")
        await settle(pilot)
        scanner.scan("Overleg")
        await scroll_through(pilot, scanner, "Overleg")
        for key, what in (("n", "new item"), ("e", "edit item"), ("o", "roles"), ("l", "history"),
                          ("c", "client history")):
            await focus_table(pilot, "#overleg-items")
            await dialog(pilot, scanner, (key,), f"Overleg: {what}", close=("escape", "escape", "n"))
        await pilot.press("comma")  # the last meeting: its minutes have clients in them
        await settle(pilot)
        scanner.scan("Overleg, previous meeting")
        await dialog(pilot, scanner, ("x",), "Overleg: minutes preview")
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        scanner.scan("Overleg: minutes saved")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await focus_table(pilot, "#overleg-items")
        await pilot.press("v")
        await settle(pilot)
        if isinstance(app.screen, ConfirmScreen):  # the next meeting is not today: begin it now anyway
            scanner.scan("Overleg: begin the meeting now?")
            await pilot.press("j")
            await settle(pilot)
        meeting = app.screen
        assert isinstance(meeting, MeetingModeScreen)
        scanner.scan("Meeting mode")
        for _ in range(3):  # the next items (not past the last: that asks to end the meeting)
            await pilot.press("full_stop")
            await settle(pilot)
            scanner.scan("Meeting mode, next item")
            if app.screen is not meeting:
                await pilot.press("n")  # not yet
                await settle(pilot)
                break
        assert app.screen is meeting, rendered(app)
        await dialog(pilot, scanner, ("n",), "Meeting mode: new action", close=("escape", "escape"))
        await dialog(pilot, scanner, ("x",), "Meeting mode: minutes")
        assert app.screen is meeting
        await pilot.press("escape")
        await settle(pilot)

        # --- 6 Overdracht
        await pilot.press("6")
        await settle(pilot)
        for _ in range(3):  # aan mij / van mij / alle
            await pilot.press("f")
            await settle(pilot)
            scanner.scan("Overdracht")
            await scroll_through(pilot, scanner, "Overdracht")
        await focus_table(pilot, "#handover-table")
        await pilot.press("enter")
        await settle(pilot)
        scanner.scan("Overdracht: handover view")
        await pilot.press("x")
        await settle(pilot)
        scanner.scan("Overdracht: handover view, export")
        await pilot.press("X")  # the export with initials: refused while masking is on
        await settle(pilot)
        scanner.scan("Overdracht: handover view, export with initials")
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("j")  # (were it asked: yes — the export must still hold no names)
            await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await focus_table(pilot, "#handover-table")
        await dialog(pilot, scanner, ("x",), "Overdracht: export from the list", close=("escape",))
        await dialog(pilot, scanner, ("e",), "Overdracht: edit", close=("escape", "n", "escape"))
        await dialog(pilot, scanner, ("n",), "Overdracht: new", close=("escape", "n", "escape"))

        # --- help and the palette
        await dialog(pilot, scanner, ("question_mark",), "Help")
        code = app.client_index[0].code
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*code)
        await settle(pilot)
        await wait_until(pilot, lambda: code in rendered(app), "the palette shows the client")
        scanner.scan("Palette")
        await pilot.press("escape")
        await settle(pilot)
        app.action_set_passphrase()
        await settle(pilot)
        scanner.scan("Wachtwoordzin instellen")
        await pilot.press("escape")
        await settle(pilot)
        app.lock()  # the idle lock (tests/test_idle_lock.py times it): what it covers the screen with
        await settle(pilot)
        scanner.scan("Idle lock")
        await paste(pilot, "demo")
        await pilot.press("enter")
        await settle(pilot)
        scanner.scan("End (toasts)")

    captured = capfd.readouterr()
    scanner.check("stdout/stderr", captured.out + captured.err)
    exports = sorted((tmp_path / "exports").rglob("*"))
    for path in (p for p in exports if p.is_file()):
        scanner.check(f"export {path.name}", path.read_text(encoding="utf-8", errors="replace"))
    assert len([p for p in exports if p.is_file()]) >= 3, "minutes, handover and iCal were exported"
    assert not scanner.leaks, "\n".join(scanner.leaks)


async def test_masking_switched_on_hides_names_already_on_screen(make_app, database):
    """m pressed while a screen already shows initials: they go at once, on the section, the client page,
    an open form, Overleg and the planning."""
    from screens.common.confirm import ConfirmScreen

    names = client_names(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # A section below a form or the client page catches up when it is shown again (SectionScreen);
        # what counts is what is on screen and in the screen in front.
        scanner = Scanner(app, names, below=False)
        await settle(pilot)

        async def switch_on_and_scan(where: str, shows_names: bool = True) -> None:
            unmasked = Scanner(app, names, below=False)
            unmasked.scan(where)
            assert bool(unmasked.leaks) == shows_names, f"{where}: names shown with masking off: {unmasked.leaks}"
            app.action_toggle_mask()  # as m does (a form's field would take the letter)
            await settle(pilot)
            scanner.scan(f"{where}, masking switched on")
            app.action_toggle_mask()
            await settle(pilot)

        await pilot.press("4")
        await settle(pilot)
        await switch_on_and_scan("Caseload")
        await focus_table(pilot, "#caseload-clients")
        await pilot.press("v")
        await settle(pilot)
        await switch_on_and_scan("Caseload: follow-up form")
        await pilot.press("escape")
        await settle(pilot)
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("j")
            await settle(pilot)
        await focus_table(pilot, "#caseload-clients")
        await pilot.press("enter")
        await settle(pilot)
        await switch_on_and_scan("Client page")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await switch_on_and_scan("Overleg")
        await pilot.press("2")
        await settle(pilot)
        grid = app.screen.query_one("#planning-grid", DataTable)
        grid.focus()
        grid.move_cursor(row=0, column=0)
        await pilot.press("enter")
        await settle(pilot)
        await switch_on_and_scan("Planning: day dialog", shows_names=False)  # codes only, always
        await pilot.press("enter")
        await settle(pilot)
        await switch_on_and_scan("Planning: appointment form")
    assert not scanner.leaks, "\n".join(scanner.leaks)
