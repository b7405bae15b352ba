"""The Teambord App: six sections as modes, the user, masking, and opening the database.

Nothing here imports SQLModel at module level. The first frame shows the Vandaag shell at once;
the database is opened (and the demo seeded) in a thread worker, and the data follows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import App
from textual.reactive import reactive
from textual.worker import Worker, WorkerState

from models.clock import today
from models.dutch import long_date, week_label
from screens.common.section import SectionScreen
from screens.vandaag.screen import TodayScreen
from tui.commands import TeambordCommands
from tui.dbfile import Step
from tui.keymap import GLOBAL, bindings
from tui.runner import Runner
from tui.sign_in_flow import SignInFlow
from tui.settings import LaunchSettings, UserConfig
from tui.theme import THEMES, theme_named

if TYPE_CHECKING:
    from models.audit import Actor
    from models.auth.signin import SignInResult, SignInState
    from models.views import WorkerRef
    from tui.db import Database
    from tui.messages import AbsenceRecorded


LIVE_REFRESH_SECONDS = 2.0
STYLE_PRELOAD_DELAY = 0.3  # after the first data: the user is reading, the screens' CSS can be read


def _section(module: str, name: str) -> SectionScreen:
    from importlib import import_module

    return getattr(import_module(module), name)()


class TeambordApp(SignInFlow, App[int]):
    TITLE = "Teambord"
    CSS_PATH = "app.tcss"
    # Vandaag is imported up front (it is the first screen); the other sections load on their
    # first visit, so their imports do not delay the first frame.
    MODES = {
        "vandaag": TodayScreen,
        "planning": lambda: _section("screens.planning.screen", "PlanningScreen"),
        "wachtlijst": lambda: _section("screens.waitlist.screen", "WaitlistScreen"),
        "caseload": lambda: _section("screens.caseload.screen", "CaseloadScreen"),
        "overleg": lambda: _section("screens.overleg.screen", "OverlegScreen"),
        "overdracht": lambda: _section("screens.handover.screen", "HandoverScreen"),
    }
    DEFAULT_MODE = "vandaag"
    BINDINGS = bindings(GLOBAL)
    # Only Teambord's own commands, in Dutch: Textual's built-in ones are English (and its screenshot
    # command fails in a fresh home folder).
    COMMANDS = {TeambordCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"

    user_label: reactive[str] = reactive("Teambord wordt geopend…")
    date_label: reactive[str] = reactive("")
    masked: reactive[bool] = reactive(False)

    def __init__(self, settings: LaunchSettings, *, user_config: UserConfig | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.user_config = user_config or UserConfig()
        self.config = self.user_config.load()  # theme, keymap, export folder, idle minutes (tui/config.py)
        self.database: Database | None = None
        self.user: WorkerRef | None = None
        self.team: list[WorkerRef] = []
        self.client_index: list = []  # ClientRef, for the command palette
        self.registration_index: list[str] = []  # codes of open registrations, for the palette
        self._change_stamp: tuple | None = None
        self.offline = False  # the last poll could not reach the database
        self._help = None  # HelpScreen, built on the first "?" and kept
        self._index_wanted = False
        self._styles_preloaded = False
        self._live_timer = None
        self.runner = Runner(self)  # every database call of every screen goes through it
        self.set_reactive(TeambordApp.masked, settings.masked)
        self._use_theme_from_the_start(self.config.theme)
        if self.config.keymap:  # the user's own keys (config.json "keymap"), by binding id
            self.set_keymap(dict(self.config.keymap))

    def _use_theme_from_the_start(self, name: str) -> None:
        """The chosen theme before the stylesheet is first read: setting `theme` in on_mount made
        Textual parse and apply all CSS a second time before the first frame (~60 ms)."""
        for theme in THEMES.values():
            self.register_theme(theme)
        theme = theme_named(name)
        self.set_reactive(TeambordApp.theme, theme.name)
        self.stylesheet.set_variables(self.get_css_variables())
        dark = theme.dark
        self.update_classes({**{name: False for name in self.classes if name.startswith("-theme-")},
                             f"-theme-{theme.name}": True, "-dark-mode": dark, "-light-mode": not dark},
                            update=False)

    # --- start-up -------------------------------------------------------------------------

    def on_mount(self) -> None:
        from tui.diagnostics import ensure_logging

        ensure_logging()
        day = today()
        self.date_label = f"{long_date(day)} · {week_label(day)}"
        self.set_class(self.masked, "-masked")
        if self.config.problems:  # a wrong setting: said once, and its default used
            self.notify("\n".join(f"• {problem}" for problem in self.config.problems),
                        title=f"Instellingen in {self.user_config.path}",
                        severity="warning", timeout=15)
        # Start the database work after the first frame: its imports (SQLAlchemy, SQLModel) would
        # otherwise compete with painting it (PERFORMANCE.md).
        self.call_after_refresh(self._open_database)

    @work(thread=True, exclusive=True, group="startup", exit_on_error=False)
    def _open_database(self) -> None:
        from tui.db import DatabaseProblem
        from tui.startup import prepare

        from models.changes import change_stamp

        try:
            database, state = prepare(self.settings)
        except DatabaseProblem as problem:
            self.call_from_thread(self._start_failed, problem.step, str(problem), problem)
            return
        # The change counters as the first sections will see them: otherwise the first poll found
        # "news" (no stamp yet) and every section reloaded on its next visit.
        with database.session() as session:
            self._change_stamp = change_stamp(session)
        signed = self._sign_in_at_start(database, state)
        self.call_from_thread(self._database_ready, database, state, signed)

    def _start_failed(self, step: str, message: str, error: BaseException | None = None) -> None:
        """Stop with a Dutch sentence naming the step that failed and where the log is."""
        from tui.diagnostics import where_to_look

        text = Text(f"Teambord kon niet starten (stap: {step}).\n{message}\n{where_to_look()}")
        if self.settings.debug and error is not None:
            from rich.console import Group
            from rich.traceback import Traceback

            cause = error.__cause__ or error
            trace = Traceback.from_exception(type(cause), cause, cause.__traceback__, show_locals=False)
            self.exit(2, 2, Group(trace, text))
            return
        self.exit(2, 2, text)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and not (event.worker.group == "live-refresh" and self.offline):
            from tui.diagnostics import log_failure  # a lost connection is logged once, not every poll

            log_failure(f"worker:{event.worker.group}", event.worker.error)
        if event.worker.group == "startup" and event.state is WorkerState.ERROR:
            self._start_failed(Step.OPENING, "Er ging iets onverwachts mis.", event.worker.error)
        elif event.worker.group == "client-index" and event.state is WorkerState.ERROR:
            self.notify("De zoeklijst van cliënten kon niet worden geladen; Ctrl+P vindt nu alleen de onderdelen.",
                        severity="warning", timeout=8)
        elif event.worker.group == "live-refresh":
            if event.state is WorkerState.ERROR:
                self._connection_lost()
            elif event.state is WorkerState.SUCCESS and self.offline:
                self.offline = False
                self.notify("Verbinding met de database hersteld.", title="Verbonden", timeout=5)
                self.reload_screen()

    def _connection_lost(self) -> None:
        # Said once, not every poll; the poll keeps running and notices when the server is back.
        if not self.offline:
            self.offline = True
            self.notify("Geen verbinding met de database. Wat u invult blijft staan; Teambord probeert "
                        "het elke paar seconden opnieuw.", title="Verbinding verbroken", severity="error",
                        timeout=10)

    def _database_ready(self, database: Database, state: SignInState, signed: SignInResult | None) -> None:
        self.database = database
        self.team = workers = list(state.workers)
        if database.upgraded_from:
            where = f" Reservekopie: {database.backup}" if database.backup else ""
            self.notify(f"Database bijgewerkt van schema {database.upgraded_from}.{where}", timeout=10)
        code = self._code_to_sign_in(workers)
        by_code = {w.code: w for w in workers}
        if self.settings.user_code and self.settings.user_code not in by_code:
            self._start_failed(Step.LOADING, f"Onbekende medewerkercode '{self.settings.user_code}'. "
                                             f"Bekend zijn: {', '.join(sorted(by_code))}.")
            return
        if signed is not None and signed.worker is not None:
            self.set_user(signed.worker)
            return
        self.ask_sign_in(state, preset=code, message=signed.message if signed is not None else "")

    # --- the user -------------------------------------------------------------------------

    @property
    def actor(self) -> Actor | None:
        from models.audit import Actor

        return Actor(self.user.code) if self.user else None

    def set_user(self, worker: WorkerRef) -> None:
        if self.user is not None and self.user.id != worker.id:
            self.runner.forget()
        self.user = worker
        self.user_label = f"{worker.name} ({worker.code})"
        if self.settings.remember_user and not self.settings.demo:
            self.user_config.remember_user(self.settings.database_url, worker.code)
        self._index_wanted = True  # loaded after the first section has shown its data
        self.reload_screen()
        if self._live_timer is None:
            self._live_timer = self.set_interval(LIVE_REFRESH_SECONDS, self.check_for_changes)
        self.start_idle_watch()

    def section_shown(self) -> None:
        """Called by a section after it painted data: now load what can wait (the palette's index)."""
        if self._index_wanted:
            self._index_wanted = False
            self._load_client_index()
            if not self._styles_preloaded:
                self._styles_preloaded = True
                self.set_timer(STYLE_PRELOAD_DELAY, self._preload_styles)

    def _preload_styles(self) -> None:
        from tui.diagnostics import log_failure
        from tui.style_preload import preload_styles

        try:
            preload_styles(self)
        except Exception as error:  # noqa: BLE001 - only a head start: each screen reads its own CSS anyway
            log_failure("style-preload", error)

    @work(thread=True, exclusive=True, group="client-index", exit_on_error=False)
    def _load_client_index(self) -> None:
        from models.client.queries import client_refs
        from models.waitlist.queries import open_registration_codes

        with self.database.session() as session:
            refs = client_refs(session)
            codes = open_registration_codes(session)
        self.client_index = refs
        self.registration_index = codes

    # --- live refresh -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="live-refresh", exit_on_error=False)
    def check_for_changes(self) -> None:
        """Poll the change counters (one tiny query); reload the visible section if they moved.

        Colleagues' saves show within LIVE_REFRESH_SECONDS. An open form or modal is never
        disturbed: only a section screen reloads, keeping its cursor (SectionScreen._deliver).
        """
        from models.changes import change_stamp

        if self.database is None:
            return
        with self.database.session() as session:
            stamp = change_stamp(session)
        if stamp != self._change_stamp:
            self._change_stamp = stamp
            self.call_from_thread(self._data_changed_elsewhere)

    def _data_changed_elsewhere(self) -> None:
        self._load_client_index()
        self.reload_screen()

    # --- app-wide actions -----------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Every notification is plain text: messages quote what people typed (screens/common/plain.py)."""
        if self.holds_toast(message, {"title": title, "severity": severity, "timeout": timeout}):
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def reload_screen(self) -> None:
        if isinstance(self.screen, SectionScreen):
            self.screen.reload()

    async def action_quit(self) -> None:
        """Ctrl+Q: with unsaved input in an open form, ask first; that input is kept as a draft."""
        from screens.common.confirm import ConfirmScreen

        if isinstance(self.screen, ConfirmScreen) and getattr(self.screen, "quit_question", False):
            self._keep_drafts_and_exit()  # Ctrl+Q twice: yes
            return
        unsaved = self._unsaved_forms()
        if not unsaved:
            self.exit()
            return
        form = unsaved[-1]
        kept = all(s.draft_key for s in unsaved)  # every form has an Edit now
        question = (f"U bent nog bezig in \u201c{form.title_text}\u201d (niet opgeslagen). "
                    + ("Uw invoer blijft bewaard als concept: als u het formulier weer opent, kunt u verder. "
                       if kept else "Wat u daar invulde, gaat verloren. ") + "Toch stoppen?")
        confirm = ConfirmScreen(question, yes="stoppen", no="verder werken")
        confirm.quit_question = True

        def answered(stop: bool | None) -> None:
            if stop:
                self._keep_drafts_and_exit()

        self.push_screen(confirm, answered)

    def _unsaved_forms(self) -> list:
        from screens.common.form import FormScreen

        return [s for s in self.screen_stack if isinstance(s, FormScreen) and s.unsaved()]

    def _keep_drafts_and_exit(self) -> None:
        forms = self._unsaved_forms()
        waiting = len(forms)
        if not waiting:
            self.exit()
            return

        def one_written() -> None:
            nonlocal waiting
            waiting -= 1
            if waiting == 0:
                self.exit()

        self.set_timer(5, self.exit)  # a database that does not answer must not keep the app open
        for form in forms:
            form.keep_draft(then=one_written)

    def action_undo(self) -> None:
        """Ctrl+Z: take back this session's newest change in the section the user is in."""
        self.runner.undo(self.screen, done=self._undone)

    def _undone(self, done) -> None:
        self.notify(done.message + ".", timeout=4)
        reload = getattr(self.screen, "reload", None)  # a section, or a dialog showing data (one day)
        if callable(reload):
            reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.at_the_gate() and action != "quit":  # sign-in or lock: no section, palette or mask key
            return False
        if action == "undo":  # shown in the footer (with what it undoes) only when there is something
            return self.runner.undo_label() is not None
        return True

    def action_toggle_mask(self) -> None:
        self.masked = not self.masked

    def watch_masked(self, masked: bool) -> None:
        self.set_class(masked, "-masked")
        self.reload_screen()
        if self.is_mounted:
            self.notify("Maskering aan: alleen codes." if masked else "Maskering uit.", timeout=3)

    def action_toggle_theme(self) -> None:
        """The palette's "Licht thema" / "Donker thema": switch, and remember it for the next start."""
        from tui.config import DARK_THEME, LIGHT_THEME

        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME
        word = "licht" if self.theme == LIGHT_THEME else "donker"
        if self.user_config.set_theme(self.theme):
            self.notify(f"Thema: {word}. Teambord onthoudt dit.", timeout=4)
        else:
            self.notify(f"Thema: {word}, maar {self.user_config.path} kon niet worden bijgewerkt; bij de volgende "
                        "start is het thema weer zoals daar staat.", severity="warning", timeout=10)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from tui.commands import TeambordPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(TeambordPalette(id="--command-palette",
                                             placeholder="Zoek een onderdeel, een cliënt of een aanmelding (code)…"))

    def action_help(self) -> None:
        from screens.common.help import HelpScreen  # not before the first frame: only on "?"

        if isinstance(self.screen, HelpScreen):
            return
        mode = self.current_mode if self.current_mode in self.MODES else None
        if self._help is None:
            self._help = HelpScreen(mode)
            self.install_screen(self._help, name="help")  # installed: kept, not rebuilt, after closing
        else:
            self._help.show_for(mode)
        self.push_screen("help")

    def open_registration(self, code: str) -> None:
        """The waiting list, filtered on one registration (the palette's "Aanmelding AM-…")."""
        self.switch_mode("wachtlijst")
        self.call_after_refresh(lambda: self.screen.show_registration(code)
                                if hasattr(self.screen, "show_registration") else None)

    def open_client(self, client_id: int) -> None:
        """Open a client's page (logged as a read in the audit log)."""
        from screens.client.page import ClientPage

        if self.database is not None and self.user is not None:
            self.push_screen(ClientPage(client_id))

    def on_absence_recorded(self, message: AbsenceRecorded) -> None:
        """An absence was saved in the planning: offer a pre-filled handover for its clients."""
        from screens.handover.flow import offer_absence_handovers

        offer_absence_handovers(self, message.worker_id, message.start, message.end)

    def _handle_exception(self, error: Exception) -> None:
        """Any unhandled error: written to the log (type and code locations only), then stop."""
        from tui.diagnostics import log_failure

        log_failure("crash", error, screen=type(self.screen).__name__ if self.is_running else "-")
        self._return_code = 1
        if self._exception is None:  # as Textual does: Pilot re-raises the first one in tests
            self._exception = error
            self._exception_event.set()
        self._fatal_error()

    def _fatal_error(self) -> None:
        # Textual's default crash report prints local variables, which may hold client data, and
        # an English traceback the team cannot act on. Say what happened in Dutch and where the
        # log is; the traceback (without locals) only with --debug.
        from tui.diagnostics import where_to_look

        self.bell()
        message = Text("Teambord is onverwacht gestopt door een fout in het programma.\n"
                       f"{where_to_look()}\n"
                       "Meld het probleem met dat logboek erbij (er staan geen cliëntgegevens in).")
        if not self._exit_renderables:  # one report, also when a second error follows the first
            if self.settings.debug:
                import rich
                from rich.console import Group
                from rich.segment import Segments
                from rich.traceback import Traceback

                traceback = Traceback(show_locals=False, width=None, suppress=[rich])
                self._exit_renderables.append(
                    Group(Segments(self.console.render(traceback, self.console.options)), message))
            else:
                self._exit_renderables.append(message)
        self._close_messages_no_wait()
