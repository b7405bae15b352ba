"""The Top-3 editor: a new version of a client's safety plan, entered purely by keyboard.

A new version starts as a copy of the current one (or, for a first Top-3, one empty situation).
Tab moves through the fields; Ctrl+N adds a situation, Ctrl+T an agreement, Ctrl+R removes the one
with the cursor, Alt+↑/↓ (or Ctrl+↑/↓) moves it up or down the ranking; Ctrl+S saves a new version.

What is typed is kept as the client's draft (autosaved shortly after typing stops, when the cursor
leaves a field, and when the editor closes — also when the app is closed), and offered again the
next time someone opens the editor for this client. Leaving with unsaved changes asks first.

Every write goes through the app's runner (models/actions/top3.py): the version save joins the
undo history (Ctrl+Z on the client page takes it back), the draft writes do not. When a colleague
saved a newer version meanwhile, Ctrl+S is refused — again and again, never saving over their
version — until Ctrl+L merged theirs in row by row (models/top3_write.merge_plan); then Ctrl+S saves
this user's input as the version after theirs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, TextArea
from screens.common.plain import Label, Select

from models.actions import top3 as actions
from models.clock import today
from models.dutch import numeric_date
from models.dutch_parse import ParseError
from models.enums import AgreementStatus, Top3Phase
from models.top3.diff import MAX_SITUATIONS, Agreement, PlanContent, PlanVersion, Situation, validate_plan
from screens.common.form import FORM_ERROR, KEPT, DateInput, Edit, FormScreen, field, parse_field
from screens.top3.render import agreement_text, situation_lines, version_title
from tui.keymap import TOP3_EDITOR_KEYS, bindings

if TYPE_CHECKING:
    from models.actions import Done
    from models.errors import DomainError
    from models.top3.write import MergedRow, PlanMerge

EMPTY = PlanContent()


class Choice(ModalScreen[str | None]):
    """A question with a few lettered answers; Esc (or n) is always "do nothing"."""

    DEFAULT_CSS = """
    Choice { align: center middle; }
    Choice > Vertical { width: 72; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    Choice .choice-option { color: $text; }
    Choice #choice-hint { color: $text-muted; padding-top: 1; }
    """
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
        # The answers are letters of this question, not keys of the key map; its last line names them.
        answers = {key: value for key, _label, value in self.options} | {"escape": None, "n": None}
        if event.key in answers:
            event.stop()
            self.dismiss(answers[event.key])


def open_top3_editor(page, view) -> None:
    """From the client page: offer a draft if there is one, else start from the current version."""
    app = page.app
    current = view.versions[0] if view.versions else None
    start = current.content if current else PlanContent(situations=(Situation(""),), agreements=(Agreement("", ""),))
    base = current.number if current else 0
    code = view.detail.code

    def launch(content: PlanContent, base_number: int, from_draft: bool) -> None:
        stored = next((v.content for v in view.versions if v.number == base_number), EMPTY)
        editor = Top3Editor(client_id=view.detail.id, client_code=code, base=stored, content=content,
                            base_number=base_number, from_draft=from_draft, author_id=app.user.id)
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
            app.runner.write(page, actions.discard_top3_draft, view.detail.id, undoable=False,
                             what="het concept weggooien", done=lambda _done: launch(start, base, False))

    app.push_screen(Choice(question, options), answered)


class TheirRow(Label):
    """Under a row after a merge: the colleague's version of it, or that they removed it."""

    DEFAULT_CSS = """
    TheirRow { display: none; color: $warning; padding: 0 0 0 2; }
    TheirRow.-shown { display: block; }
    """

    def show(self, text: Text | str) -> None:
        self.update(text)
        self.set_class(bool(text), "-shown")


class SituationBlock(Vertical):
    def __init__(self, serial: int, situation: Situation, origin: int | None) -> None:
        super().__init__(classes="top3-situation", id=f"s{serial}")
        self.serial = serial
        self.situation = situation
        self.origin = origin  # the stored row (index in the base version) this one started as; None: new

    def compose(self) -> ComposeResult:
        from models.limits import column_limit
        from models.tables.top3 import UnsafeSituation

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
        yield TheirRow(id=f"s{n}-theirs")

    def value(self, *, strict: bool) -> Situation:
        n = self.serial
        return Situation(
            description=self.query_one(f"#s{n}-description", TextArea).text.strip(),
            family_members=self.query_one(f"#s{n}-family", Input).value.strip(),
            last_occurrence=_date(self.query_one(f"#s{n}-last", DateInput), strict),
            risk_factors=self.query_one(f"#s{n}-risks", TextArea).text.strip(),
        )


class AgreementBlock(Vertical):
    # the fields in a row, the colleague's version (after a merge) under them
    DEFAULT_CSS = """
    AgreementBlock > .top3-agreement-row { height: auto; }
    AgreementBlock > .top3-agreement-row > .field { width: 1fr; margin-right: 1; }
    AgreementBlock > .top3-agreement-row > .wide { width: 2fr; }
    """

    def __init__(self, serial: int, agreement: Agreement, origin: int | None) -> None:
        super().__init__(classes="top3-agreement", id=f"a{serial}")
        self.serial = serial
        self.agreement = agreement
        self.origin = origin  # see SituationBlock

    def compose(self) -> ComposeResult:
        with Horizontal(classes="top3-agreement-row"):
            yield from self._fields()
        yield TheirRow(id=f"a{self.serial}-theirs")

    def _fields(self) -> ComposeResult:
        from models.limits import column_limit
        from models.tables.top3 import SafetyAgreement

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


class Top3Editor(FormScreen["Done"]):
    CSS_PATH = "top3_editor.tcss"
    BINDINGS = bindings(TOP3_EDITOR_KEYS)

    def __init__(self, *, client_id: int, client_code: str, base: PlanContent, content: PlanContent,
                 base_number: int, from_draft: bool, author_id: int | None) -> None:
        """`base`: version `base_number` (empty for a first Top-3), what `content` — a copy of it or a
        draft begun on it — started from; the merge after a refusal counts changes against it."""
        from models.top3.write import row_origins

        edit = Edit(partial(actions.save_top3_version, client_id=client_id, author_id=author_id),
                    version=base_number, load=partial(actions.newest_top3, client_id=client_id),
                    what="de Top-3 opslaan")
        super().__init__(edit, title=self._title(client_code, base_number, from_draft), draft_key=f"top3:{client_id}")
        self.client_id = client_id
        self.client_code = client_code
        self.author_id = author_id
        self.base = base
        self.start = content
        self.start_origins = row_origins(base, content)
        self.from_draft = from_draft
        self.serial = 0
        self.ready = False  # changes count only after the initial values are in place
        self.latest = content  # the content as data, refreshed on every change
        self.draft_pending = False  # changes not yet in the draft (FormScreen writes one at a time)

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
                for situation, origin in zip(self.start.situations, self.start_origins[0], strict=True):
                    yield self._situation_block(situation, origin)
            yield Label("Veiligheidsafspraken", classes="top3-heading")
            with Vertical(id="agreements"):
                for agreement, origin in zip(self.start.agreements, self.start_origins[1], strict=True):
                    yield self._agreement_block(agreement, origin)
            yield Label("Ctrl+S opslaan als nieuwe versie · Ctrl+N situatie erbij · Ctrl+T afspraak erbij · "
                        "Ctrl+R weghalen · Alt+↑/↓ rangorde · Esc sluiten (concept blijft bewaard)", id="form-keys")
        yield Footer(compact=True)

    def _situation_block(self, situation: Situation, origin: int | None = None) -> SituationBlock:
        self.serial += 1
        return SituationBlock(self.serial, situation, origin)

    def _agreement_block(self, agreement: Agreement, origin: int | None = None) -> AgreementBlock:
        self.serial += 1
        return AgreementBlock(self.serial, agreement, origin)

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

    def _retitle(self) -> None:
        self.title_text = self._title(self.client_code, self.version or 0, self.from_draft)
        self.query_one("#form-title", Label).update(self.title_text)

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
        validate_plan(content, today())  # the action validates again; this puts the message at once
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

    def _refused(self, field_id: str | None, message: str) -> None:
        super()._refused(field_id, message)
        self._retitle()
        self._changed()  # keep the draft current

    # --- Ctrl+L: the colleague's version merged in, row by row -------------------------------

    def action_reload(self) -> None:
        """Rows, not single fields, are what two people edit in a Top-3, so this editor merges its own
        way (FormScreen merges field by field)."""
        if not self.conflicted or self.saving:
            return
        self.saving = True
        self.app.runner.read(self, actions.newest_top3, self.client_id, done=self._merge, what="de nieuwe versie laden",
                             failed=lambda problem: self._refused(FORM_ERROR, str(problem) + KEPT), group="form-load")

    def _merge(self, newest: PlanVersion | None) -> None:
        from models.top3.write import merge_plan

        self.saving = False
        if newest is None:  # versions are never deleted; a refusal always has a newer one
            return
        self.conflicted = False
        self.refresh_bindings()
        mine = self.content(strict=False)
        merged = merge_plan(self.base, mine, self._origins(), newest.content)
        self.base, self.version = newest.content, newest.number
        self._retitle()
        self._place_rows(self.query_one("#situations"), self.situation_blocks, merged.situations,
                         self._situation_block, partial(_their_text, "situatie", situation_lines, newest))
        self._place_rows(self.query_one("#agreements"), self.agreement_blocks, merged.agreements,
                         self._agreement_block, partial(_their_text, "afspraak", agreement_text, newest))
        self._merge_fields(merged, mine)
        self.call_after_refresh(self._renumber)
        self._changed()
        self.show_error(FORM_ERROR, _merge_summary(merged, newest))

    def _origins(self) -> tuple[tuple[int | None, ...], tuple[int | None, ...]]:
        return (tuple(b.origin for b in self.situation_blocks), tuple(b.origin for b in self.agreement_blocks))

    def _place_rows(self, container, blocks: list, rows: tuple[MergedRow, ...], new_block: Callable,
                    their_text: Callable[[MergedRow], Text | str]) -> None:
        """Keep the blocks whose input stays (as typed), build blocks for the colleague's rows, and
        put them all in the merged order."""
        placed = []
        for row in rows:
            block = blocks[row.source] if row.source is not None else new_block(row.value)
            block.origin = row.origin
            placed.append((block, their_text(row)))
        kept = {id(block) for block, _text in placed}
        for block in blocks:
            if id(block) not in kept:
                block.remove()
        container.mount_all([block for block, _text in placed if block.parent is None])
        previous = None
        for block, text in placed:
            if previous is None:
                container.move_child(block, before=0)
            else:
                container.move_child(block, after=previous)
            previous = block
            if block.is_mounted:
                block.query_one(TheirRow).show(text)
            else:  # a new block composes its TheirRow once mounted
                self.call_after_refresh(lambda b=block, t=text: b.query_one(TheirRow).show(t))

    def _merge_fields(self, merged: PlanMerge, mine: PlanContent) -> None:
        """Made with, fase, evaluation: a field left alone takes the colleague's value; a field both
        changed keeps this user's with theirs under it."""
        widgets = {"made_with": "made-with", "phase": "phase", "evaluate_on": "evaluate-on"}
        for name, widget_id in widgets.items():
            value = merged.fields[name]
            if value != getattr(mine, name):
                self.set_field(widget_id, value.strftime("%d-%m-%Y") if name == "evaluate_on" and value else
                               value or "")
            if name in merged.differing_fields:
                theirs = merged.differing_fields[name]
                shown = (Top3Phase.label_of(theirs) if name == "phase" else
                         numeric_date(theirs) if name == "evaluate_on" else theirs) or "(leeg)"
                hint = self.query_one(f"#{widget_id}-hint", Label)
                hint.update(f"nu opgeslagen: {shown}")
                hint.set_class(True, "-shown", "-theirs")

    # --- changes and the draft ------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _edited(self, _event) -> None:
        self._changed()

    def _changed(self) -> None:
        if not self.ready or self.closing:
            return
        self.dirty = True
        self.draft_pending = True
        self._snapshot()
        self.call_after_refresh(self._snapshot)  # blocks just mounted or moved are in place then
        self._schedule_draft()

    def _snapshot(self) -> None:
        """Keep the editor's content as data, so it can still be stored while the screen is torn down."""
        try:
            self.latest = self.content(strict=False)
        except NoMatches:  # a block that is still being mounted; the next snapshot catches it
            pass

    def on_descendant_blur(self, _event) -> None:
        if self.draft_pending:
            self.keep_draft()

    def offer_draft(self) -> None:
        """The Top-3 draft is offered on the client page before the editor opens (open_top3_editor)."""

    def draft_wanted(self) -> bool:
        return self.draft_pending and not self.saving and not self.closing

    def draft_write(self) -> tuple:
        """The client's shared Top-3 draft (colleagues are offered it on the client page), not a form
        draft."""
        self._snapshot()
        self.draft_pending = False
        return actions.keep_top3_draft, self.client_id, self.latest, self.author_id

    def draft_failed(self, problem: DomainError) -> None:
        # The editor stays open with everything typed (who waited to close it is not told); the next
        # change or Esc tries again.
        self.draft_pending = True
        self._draft_waiters.clear()
        self._draft_again = False
        self.notify(f"Het concept kon niet worden bewaard: {problem} Uw invoer staat er nog.", severity="warning",
                    timeout=8)
        self._draft_written()

    def action_cancel(self) -> None:
        if self.saving or self.closing:
            return
        if not self.unsaved():
            self.keep_draft(then=lambda: self.close(None))
            return

        def answered(choice: str | None) -> None:
            if choice == "keep":
                self.keep_draft(then=lambda: self.close(None))
            elif choice == "discard":
                self._discard_and_close()

        self.app.push_screen(Choice("Deze Top-3 is nog niet opgeslagen als nieuwe versie. Wat wilt u doen?", [
            ("b", "sluiten en het concept bewaren (wordt de volgende keer aangeboden)", "keep"),
            ("w", "sluiten en het concept weggooien", "discard"),
        ]), answered)

    def _discard_and_close(self) -> None:
        self.draft_pending = False
        self.ready = False  # what happens in the fields from now on is not input any more

        def not_discarded(problem: DomainError) -> None:
            self.ready = True  # still open: typing counts again
            self.notify(str(problem), title="Concept niet weggegooid", severity="warning", timeout=8)

        def discard() -> None:
            self.app.runner.write(self, actions.discard_top3_draft, self.client_id, undoable=False,
                                  what="het concept weggooien", done=lambda _done: self.close(None),
                                  failed=not_discarded)

        self.keep_draft(then=discard)  # after a draft write under way, so that one cannot bring it back

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


def _their_text(noun: str, render: Callable[[Any], Text], newest: PlanVersion, row: MergedRow) -> Text | str:
    """The line under a merged row: what the colleague's version has, when it differs from the input kept."""
    from models.top3.write import BOTH, THEY_REMOVED, YOU_REMOVED

    who = f" door {newest.author_code}" if newest.author_code else ""
    if row.kind == BOTH:
        return Text(f"Nu opgeslagen in versie {newest.number}{who}: ", style="bold") + render(row.theirs)
    if row.kind == THEY_REMOVED:
        return (f"In versie {newest.number}{who} is deze {noun} weggehaald; uw invoer staat er nog (Ctrl+R haalt "
                "hem weg).")
    if row.kind == YOU_REMOVED:
        return (f"U had deze {noun} weggehaald, maar in versie {newest.number}{who} is hij gewijzigd: hij staat er "
                "weer (Ctrl+R haalt hem weg).")
    return ""


def _merge_summary(merged: PlanMerge, newest: PlanVersion) -> str:
    who = f" van {newest.author_code}" if newest.author_code else ""
    taken, differing = merged.taken, merged.differing
    parts = [f"{taken} {'wijziging' if taken == 1 else 'wijzigingen'} overgenomen"] if taken else []
    if differing:
        parts.append(f"bij {differing} {'onderdeel' if differing == 1 else 'onderdelen'} staat uw invoer, met "
                     "daaronder wat nu is opgeslagen")
    return (f"Versie {newest.number}{who} geladen" + (": " + "; ".join(parts) if parts else "")
            + f". Ctrl+S slaat uw invoer op als versie {newest.number + 1}.")
