"""The Top-3 editor: a new version of a client's safety plan, entered purely by keyboard.

A new version starts as a copy of the current one (or, for a first Top-3, one empty situation).
Tab moves through the fields; Ctrl+N adds a situation, Ctrl+T an agreement, Ctrl+R removes the one
with the cursor, Alt+↑/↓ (or Ctrl+↑/↓) moves it up or down the ranking; Ctrl+S saves a new version.

What is typed is kept as the client's draft (autosaved shortly after typing stops, when the cursor
leaves a field, and when the editor closes — also when the app is closed), and offered again the
next time someone opens the editor for this client. Leaving with unsaved changes asks first.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, TextArea
from screens.plain import Label, Select

from models.clock import today
from models.dutch_parse import ParseError
from models.enums import AgreementStatus, Top3Phase
from models.top3_diff import MAX_SITUATIONS, Agreement, PlanContent, Situation, validate_plan
from screens.form import DateInput, FormScreen, field, parse_field
from screens.top3_render import version_title
from tui.keymap import TOP3_EDITOR_KEYS, bindings
from screens.workers import db_work
from tui.diagnostics import log_failure

AUTOSAVE_AFTER = 2.0  # seconds of quiet typing before the draft is written


class Choice(ModalScreen[str | None]):
    """A question with a few lettered answers; Esc (or n) is always "do nothing"."""

    DEFAULT_CSS = """
    Choice { align: center middle; }
    Choice > Vertical { width: 72; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    Choice .choice-option { color: $text; }
    Choice #choice-hint { color: $text-muted; padding-top: 1; }
    """
    BINDINGS = [Binding("escape,n", "choose('')", "Niets doen", id="choice.none")]

    def __init__(self, question: str, options: list[tuple[str, str, str]]) -> None:
        """options: (key, label, value)."""
        super().__init__()
        self.question = question
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="choice-question")
            for key, label, _value in self.options:
                yield Label(f"  {key}: {label}", classes="choice-option")
            yield Label("n / Esc: niets doen", id="choice-hint")

    def on_key(self, event) -> None:
        for key, _label, value in self.options:
            if event.key == key:
                event.stop()
                self.dismiss(value)

    def action_choose(self, value: str) -> None:
        self.dismiss(value or None)


def open_top3_editor(page, view) -> None:
    """From the client page: offer a draft if there is one, else start from the current version."""
    app = page.app
    current = view.versions[0] if view.versions else None
    start = current.content if current else PlanContent(situations=(Situation(""),), agreements=(Agreement("", ""),))
    base = current.number if current else 0
    code = view.detail.code

    def launch(content: PlanContent, base_number: int, from_draft: bool) -> None:
        editor = Top3Editor(client_id=view.detail.id, client_code=code, content=content, base_number=base_number,
                            from_draft=from_draft)
        app.push_screen(editor, page.version_saved)

    draft = view.draft
    if draft is None:
        launch(start, base, False)
        return
    mine = draft.author_code in (None, app.user.code)
    question = f"Er is een niet-opgeslagen concept van de Top-3 van {code}: {version_title(draft)}."
    if draft.based_on != base:
        question += f" Het concept is begonnen op versie {draft.based_on}; inmiddels is er versie {base}."
    options = [("j", "verder met het concept", "resume")]
    if mine:
        options.append(("w", "concept weggooien en opnieuw beginnen vanaf de huidige versie", "discard"))

    def answered(choice: str | None) -> None:
        if choice == "resume":
            launch(draft.content, draft.based_on, True)
        elif choice == "discard":
            _discard_draft(app, view.detail.id)
            launch(start, base, False)

    app.push_screen(Choice(question, options), answered)


def _discard_draft(app, client_id: int) -> None:
    from models.top3_write import discard_draft

    with app.database.session(app.actor, write=True) as session:
        discard_draft(session, client_id)


class SituationBlock(Vertical):
    def __init__(self, serial: int, situation: Situation) -> None:
        super().__init__(classes="top3-situation", id=f"s{serial}")
        self.serial = serial
        self.situation = situation

    def compose(self) -> ComposeResult:
        from models.limits import column_limit
        from models.top3 import SafetyAgreement, UnsafeSituation

        s, n = self.situation, self.serial
        with Horizontal(classes="top3-row"):
            yield field("Omschrijving: wie doet wat bij wie, wanneer en waar",
                        TextArea(s.description, id=f"s{n}-description", compact=True, soft_wrap=True),
                        limit=column_limit(UnsafeSituation, "description"))
            with Vertical(classes="top3-side"):
                yield field("Betrokken gezinsleden", Input(s.family_members, id=f"s{n}-family", compact=True),
                                  limit=column_limit(UnsafeSituation, "family_members"))
                yield field("Laatst voorgekomen", DateInput(s.last_occurrence, id=f"s{n}-last", compact=True))
        yield field("Risicofactoren", TextArea(s.risk_factors, id=f"s{n}-risks", compact=True, soft_wrap=True,
                                               classes="top3-risks"),
                    limit=column_limit(UnsafeSituation, "risk_factors"))

    def value(self, *, strict: bool) -> Situation:
        n = self.serial
        return Situation(
            description=self.query_one(f"#s{n}-description", TextArea).text.strip(),
            family_members=self.query_one(f"#s{n}-family", Input).value.strip(),
            last_occurrence=_date(self.query_one(f"#s{n}-last", DateInput), strict),
            risk_factors=self.query_one(f"#s{n}-risks", TextArea).text.strip(),
        )


class AgreementBlock(Horizontal):
    def __init__(self, serial: int, agreement: Agreement) -> None:
        super().__init__(classes="top3-agreement", id=f"a{serial}")
        self.serial = serial
        self.agreement = agreement

    def compose(self) -> ComposeResult:
        from models.limits import column_limit
        from models.top3 import SafetyAgreement, UnsafeSituation

        a, n = self.agreement, self.serial
        yield field("Wie", Input(a.who, id=f"a{n}-who", compact=True), limit=column_limit(SafetyAgreement, "who"))
        yield field("Doet wat", Input(a.what, id=f"a{n}-what", compact=True),
                    limit=column_limit(SafetyAgreement, "what")).add_class("wide")
        yield field("Tot wanneer", DateInput(a.until, id=f"a{n}-until", compact=True))
        yield field("Controle door", Input(a.checked_by, id=f"a{n}-checked", compact=True),
                    limit=column_limit(SafetyAgreement, "checked_by"))
        yield field("Als niet nagekomen", Input(a.consequence, id=f"a{n}-consequence", compact=True),
                    limit=column_limit(SafetyAgreement, "consequence")).add_class("wide")
        yield field("Status", Select([(s.label, s.value) for s in AgreementStatus], value=a.status or AgreementStatus.LOOPT,
                                     allow_blank=False, id=f"a{n}-status", compact=True))

    def value(self, *, strict: bool) -> Agreement:
        n = self.serial
        status = self.query_one(f"#a{n}-status", Select).value
        return Agreement(
            who=self.query_one(f"#a{n}-who", Input).value.strip(),
            what=self.query_one(f"#a{n}-what", Input).value.strip(),
            until=_date(self.query_one(f"#a{n}-until", DateInput), strict),
            checked_by=self.query_one(f"#a{n}-checked", Input).value.strip(),
            consequence=self.query_one(f"#a{n}-consequence", Input).value.strip(),
            status=status if isinstance(status, str) else AgreementStatus.LOOPT,
        )


def _date(widget: DateInput, strict: bool):
    if not widget.value.strip():
        return None
    if strict:
        return parse_field(widget)
    try:
        return widget.parsed()
    except ParseError:
        return None  # a draft keeps what can be understood


class Top3Editor(FormScreen[int]):
    CSS_PATH = "top3_editor.tcss"
    BINDINGS = bindings(TOP3_EDITOR_KEYS)

    def __init__(self, *, client_id: int, client_code: str, content: PlanContent, base_number: int,
                 from_draft: bool) -> None:
        super().__init__(self._save_version, title=self._title(client_code, base_number, from_draft))
        self.client_id = client_id
        self.client_code = client_code
        self.start = content
        self.base_number = base_number
        self.from_draft = from_draft
        self.serial = 0
        self.ready = False  # changes count only after the initial values are in place
        self.finished = False  # saved as a version: no more draft writes
        self.draft_pending = False  # changes not yet in the draft
        self.autosave_timer = None
        self.write_lock = threading.Lock()
        self.latest = content  # the content as data, refreshed on every change

    @staticmethod
    def _title(code: str, base: int, from_draft: bool) -> str:
        source = "concept" if from_draft else (f"kopie van versie {base}" if base else "eerste Top-3")
        return f"Top-3 van {code} · nieuwe versie {base + 1} ({source})"

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form-box"):
            yield Label(self.title_text, id="form-title")
            yield Label("", id="form-error")
            with Horizontal(id="top3-plan-fields"):
                yield field("Gemaakt met (wie waren erbij)", Input(self.start.made_with, id="made-with", compact=True))
                yield field("Fase", Select([(p.label, p.value) for p in Top3Phase], value=self.start.phase,
                                           allow_blank=False, id="phase", compact=True))
                yield field("Volgende evaluatie", DateInput(self.start.evaluate_on, id="evaluate-on", compact=True))
            yield Label("Onveilige situaties — de meest onveilige eerst (Alt+↑/↓ verplaatst)", classes="top3-heading")
            yield Label("", id="situations-error", classes="field-error")
            with Vertical(id="situations"):
                for situation in self.start.situations:
                    yield self._situation_block(situation)
            yield Label("Veiligheidsafspraken", classes="top3-heading")
            with Vertical(id="agreements"):
                for agreement in self.start.agreements:
                    yield self._agreement_block(agreement)
            yield Label("Ctrl+S opslaan als nieuwe versie · Ctrl+N situatie erbij · Ctrl+T afspraak erbij · "
                        "Ctrl+R weghalen · Alt+↑/↓ rangorde · Esc sluiten (concept blijft bewaard)", id="form-keys")
        yield Footer(compact=True)

    def _situation_block(self, situation: Situation) -> SituationBlock:
        self.serial += 1
        return SituationBlock(self.serial, situation)

    def _agreement_block(self, agreement: Agreement) -> AgreementBlock:
        self.serial += 1
        return AgreementBlock(self.serial, agreement)

    def on_mount(self) -> None:
        self._renumber()
        first = self.query(".top3-situation TextArea")
        if first:
            first.first().focus()
        self.call_after_refresh(self._mark_ready)

    def _mark_ready(self) -> None:
        self.dirty = False
        self.ready = True

    def _renumber(self) -> None:
        for rank, block in enumerate(self.query(SituationBlock).results(SituationBlock), start=1):
            block.border_title = f"Situatie {rank}"
        for position, block in enumerate(self.query(AgreementBlock).results(AgreementBlock), start=1):
            block.border_title = f"Afspraak {position}"

    @property
    def situation_blocks(self) -> list[SituationBlock]:
        return list(self.query_one("#situations").query_children(SituationBlock).results(SituationBlock))

    @property
    def agreement_blocks(self) -> list[AgreementBlock]:
        return list(self.query_one("#agreements").query_children(AgreementBlock).results(AgreementBlock))

    # --- the plan as data -----------------------------------------------------------------

    def content(self, *, strict: bool) -> PlanContent:
        phase = self.query_one("#phase", Select).value
        return PlanContent(
            situations=tuple(block.value(strict=strict) for block in self.situation_blocks),
            agreements=tuple(block.value(strict=strict) for block in self.agreement_blocks),
            made_with=self.query_one("#made-with", Input).value.strip(),
            phase=phase if isinstance(phase, str) else Top3Phase.DIRECTE_VEILIGHEID,
            evaluate_on=_date(self.query_one("#evaluate-on", DateInput), strict),
        )

    def collect(self) -> PlanContent:
        content = self.content(strict=True)
        validate_plan(content, today())  # the saver validates again; this puts the message at once
        return content

    def show_error(self, field_id: str | None, message: str) -> None:
        super().show_error(self._widget_id(field_id), message)

    def _widget_id(self, field_id: str | None) -> str | None:
        """Model field names ("situation-1-description") to this editor's widget ids ("s7-description")."""
        match = re.fullmatch(r"(situation|agreement)-(\d+)-(\w+)", field_id or "")
        if not match:
            return field_id
        kind, index, part = match.group(1), int(match.group(2)), match.group(3)
        blocks = self.situation_blocks if kind == "situation" else self.agreement_blocks
        if index >= len(blocks):
            return "situations" if kind == "situation" else None
        return f"{'s' if kind == 'situation' else 'a'}{blocks[index].serial}-{part}"

    # --- saving a version -----------------------------------------------------------------

    def _save_version(self, content: PlanContent) -> int:
        """Runs in FormScreen's save worker."""
        from models.top3_write import Top3Conflict, save_version

        with self.write_lock:
            try:
                with self.app.database.session(self.app.actor, write=True) as session:
                    number = save_version(session, self.client_id, content, base_number=self.base_number,
                                          author_id=self.app.user.id)
            except Top3Conflict as conflict:
                # Nothing was written and the input stays. The message names the newer version; a
                # second Ctrl+S, now knowingly, saves on top of it (versions are never overwritten).
                self.base_number = conflict.newest
                raise
            self.finished = True
        return number

    def action_save(self) -> None:
        self._stop_autosave()
        super().action_save()

    def _refused(self, field_id: str | None, message: str) -> None:
        super()._refused(field_id, message)
        self.title_text = self._title(self.client_code, self.base_number, self.from_draft)
        self.query_one("#form-title", Label).update(self.title_text)
        self._changed()  # keep the draft current

    # --- changes and the draft ------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _edited(self, _event) -> None:
        self._changed()

    def _changed(self) -> None:
        if not self.ready or self.finished:
            return
        self.dirty = True
        self.draft_pending = True
        self._snapshot()
        self.call_after_refresh(self._snapshot)  # blocks just mounted or moved are in place then
        self._stop_autosave()
        self.autosave_timer = self.set_timer(AUTOSAVE_AFTER, self._autosave)

    def _snapshot(self) -> None:
        """Keep the editor's content as data, so it can still be stored while the screen is torn down."""
        try:
            self.latest = self.content(strict=False)
        except NoMatches:  # a block that is still being mounted; the next snapshot catches it
            pass

    def _stop_autosave(self) -> None:
        if self.autosave_timer is not None:
            self.autosave_timer.stop()
            self.autosave_timer = None

    def on_descendant_blur(self, _event) -> None:
        if self.draft_pending:
            self._autosave()

    def _autosave(self) -> None:
        self._stop_autosave()
        if self.draft_pending and not self.finished and self.app.database is not None:
            self.draft_pending = False
            self._snapshot()
            self._write_draft(self.latest)

    @db_work("top3-draft", what="het concept bewaren", exclusive=False)
    def _write_draft(self, content: PlanContent) -> None:
        self._store_draft(content)

    def _store_draft(self, content: PlanContent) -> None:
        from models.top3_write import save_draft

        with self.write_lock:
            if self.finished:
                return
            with self.app.database.session(self.app.actor, write=True) as session:
                save_draft(session, self.client_id, content, author_id=self.app.user.id)

    def _flush_draft(self) -> None:
        """Write pending changes now (on the UI thread: the editor is closing)."""
        self._stop_autosave()
        if self.draft_pending and not self.finished and self.app.database is not None:
            self.draft_pending = False
            try:
                self._store_draft(self.latest)
            except Exception as error:  # noqa: BLE001 - never crash while closing; the message may hold client data
                log_failure("top3-draft-save", error)
                self.notify("Het concept kon niet worden bewaard.", severity="error")

    def on_unmount(self) -> None:
        # Also when the app is closed (Ctrl+Q) with the editor open: the draft is offered next time.
        self._flush_draft()

    def action_cancel(self) -> None:
        if not self.dirty:
            self._flush_draft()
            self.dismiss(None)
            return

        def answered(choice: str | None) -> None:
            if choice == "keep":
                self._flush_draft()
                self.dismiss(None)
            elif choice == "discard":
                self._stop_autosave()
                self.draft_pending = False
                self.finished = True
                with self.write_lock:
                    _discard_draft(self.app, self.client_id)
                self.dismiss(None)

        self.app.push_screen(Choice("Deze Top-3 is nog niet opgeslagen als nieuwe versie. Wat wilt u doen?", [
            ("b", "sluiten en het concept bewaren (wordt de volgende keer aangeboden)", "keep"),
            ("w", "sluiten en het concept weggooien", "discard"),
        ]), answered)

    # --- situations and agreements by key -------------------------------------------------

    def _block_with_focus(self) -> SituationBlock | AgreementBlock | None:
        widget = self.focused
        while widget is not None and not isinstance(widget, (SituationBlock, AgreementBlock)):
            widget = widget.parent
        return widget

    def action_add_situation(self) -> None:
        if len(self.situation_blocks) >= MAX_SITUATIONS:
            self.show_error("situations", "Een Top-3 heeft ten hoogste drie situaties. Haal er eerst een weg (Ctrl+R).")
            return
        block = self._situation_block(Situation(""))
        self.query_one("#situations").mount(block)
        self._after_layout_change(block, f"#s{block.serial}-description")

    def action_add_agreement(self) -> None:
        block = self._agreement_block(Agreement("", ""))
        self.query_one("#agreements").mount(block)
        self._after_layout_change(block, f"#a{block.serial}-who")

    def _after_layout_change(self, block, focus: str | None = None) -> None:
        self._renumber()
        self._changed()
        if focus:
            self.call_after_refresh(lambda: self._focus_in(block, focus))

    def _focus_in(self, block, selector: str) -> None:
        widget = block.query_one(selector)
        widget.focus()
        block.scroll_visible()

    def action_remove_block(self) -> None:
        block = self._block_with_focus()
        if block is None:
            self.notify("Zet de cursor in de situatie of afspraak die weg moet.", timeout=4)
            return
        siblings = self.situation_blocks if isinstance(block, SituationBlock) else self.agreement_blocks
        index = siblings.index(block)
        neighbour = siblings[index + 1] if index + 1 < len(siblings) else (siblings[index - 1] if index else None)
        what = "Situatie" if isinstance(block, SituationBlock) else "Afspraak"
        block.remove()
        self.notify(f"{what} {index + 1} weggehaald (nog niet opgeslagen).", timeout=3)
        if neighbour is not None:
            self.call_after_refresh(lambda: neighbour.query("Input, TextArea").first().focus())
        self.call_after_refresh(self._renumber)
        self._changed()

    def action_move(self, step: int) -> None:
        block = self._block_with_focus()
        if block is None:
            return
        siblings = self.situation_blocks if isinstance(block, SituationBlock) else self.agreement_blocks
        index = siblings.index(block)
        target = index + step
        if not 0 <= target < len(siblings):
            return
        parent = block.parent
        if step < 0:
            parent.move_child(block, before=siblings[target])
        else:
            parent.move_child(block, after=siblings[target])
        self._renumber()
        self._changed()
        block.scroll_visible()
        if isinstance(block, SituationBlock):
            self.notify(f"Situatie nu op plaats {target + 1}.", timeout=2)

    def check_action(self, action: str, parameters: tuple[Any, ...]) -> bool | None:
        if action in {"remove_block", "move"} and self.is_mounted:
            return self._block_with_focus() is not None or None
        return super().check_action(action, parameters)  # e.g. Ctrl+L only after a conflict
