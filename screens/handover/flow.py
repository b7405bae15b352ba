"""The handover flows shared by the Overdracht list, the handover page and the App: write a new
one (offering an open draft first), edit, discard a draft, export, and the proposal after an
absence was entered in the planning. (Acknowledging happens on the handover page only:
screens/handover/page.py.)

Each flow gets the node that asks (a screen, or the app for the absence proposal) and reaches the
app only through `runner`, `push_screen` and `notify`: it never imports the app module, so the app
can import this module without a circle. Who the user is, is the actor of each unit of work
(models/actions/handover.py). What happens after a change is the caller's `on_done(done)`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from models.actions import Done
from models.actions import handover as actions
from models.dutch import count, short_date
from models.enums import HandoverReason
from models.handover.views import AbsenceProposal, HandoverDetail, HandoverListRow
from screens.common.confirm import ConfirmScreen

if TYPE_CHECKING:
    from textual.dom import DOMNode

OnDone = Callable[[Done], None] | None


def ask(node: DOMNode, question: str, answered: Callable[[bool | None], None], *, yes: str, no: str) -> None:
    node.app.push_screen(ConfirmScreen(question, yes=yes, no=no), answered)


def undo_hint(done: Done) -> str:
    return " Ctrl+Z maakt ongedaan." if done.undo else ""


# --------------------------------------------------------------------------- new, draft, edit

def new_handover(node: DOMNode, *, on_done: OnDone = None) -> None:
    """A new handover; if the user has an unfinished draft, offer that first."""

    def offer(found: list[HandoverListRow]) -> None:
        if not found:
            open_form(node, on_done=on_done)
            return
        draft = found[0]
        to = f" aan {draft.to_code}" if draft.to_code else ""
        more = f" (en nog {len(found) - 1})" if len(found) > 1 else ""

        def answered(resume: bool | None) -> None:
            if resume:
                edit_handover(node, draft.id, on_done=on_done)
            else:
                open_form(node, on_done=on_done)

        ask(node, f"U hebt een concept-overdracht{to} van {short_date(draft.created_at.date())}{more}. "
                  "Verder schrijven?", answered, yes="concept openen", no="nieuwe overdracht")

    node.app.runner.read(node, actions.my_drafts, done=offer, what="uw concepten zoeken", group="handover-flow")


def edit_handover(node: DOMNode, handover_id: int, *, on_done: OnDone = None) -> None:
    """The form on the stored handover; refused (with the reason) once acknowledged or when it is to the user."""
    node.app.runner.read(node, actions.editable_handover, handover_id, what="de overdracht openen",
                         done=lambda detail: open_form(node, detail=detail, on_done=on_done), group="handover-flow")


def open_form(node: DOMNode, *, detail: HandoverDetail | None = None, proposal: AbsenceProposal | None = None,
              on_done: OnDone = None) -> None:
    from screens.common.form import Edit
    from screens.handover.form import FormValues, HandoverForm, handover_fields

    what = "de overdracht opslaan"
    if detail is not None:
        values = FormValues(
            from_worker_id=detail.from_worker_id, to_worker_id=detail.to_worker_id, reason=detail.reason,
            client_codes=detail.client_codes, period_start=detail.period_start, period_end=detail.period_end,
            situatie=detail.situatie, achtergrond=detail.achtergrond, beoordeling=detail.beoordeling,
            aanbeveling=detail.aanbeveling, sent=not detail.is_draft)
        title = f"Overdracht {detail.id} bewerken" if not detail.is_draft else "Concept-overdracht"
        handover_id = detail.id

        def load(session):
            version, stored = actions.load_handover(session, handover_id)
            return version, handover_fields(stored)

        edit = Edit(partial(actions.write_handover, handover_id=handover_id), version=detail.version, load=load,
                    what=what)
        key = f"handover:{handover_id}"
    elif proposal is not None:
        values = FormValues(
            from_worker_id=proposal.worker_id, reason=proposal.reason, client_codes=proposal.client_codes,
            period_start=proposal.start, period_end=proposal.end, situatie=proposal.situatie)
        title = f"Overdracht bij afwezigheid van {proposal.worker_code}"
        edit = Edit(partial(actions.write_handover, from_worker_id=proposal.worker_id), what=what)
        key = "handover:new"
    else:
        values = FormValues()
        title = "Nieuwe overdracht"
        edit = Edit(actions.write_handover, what=what)
        key = "handover:new"
    node.app.push_screen(HandoverForm(edit, values=values, title=title, draft_key=key),
                         partial(_saved, node, on_done))


def _saved(node: DOMNode, on_done: OnDone, done: Done | None) -> None:
    if done is None:
        return
    saved = done.value
    if saved.is_draft:
        node.app.notify(f"{done.message}. U vindt het onder Overdracht (6) · van mij; e of n schrijft verder."
                        + undo_hint(done), timeout=6)
    else:
        node.app.notify(f"{done.message}. Die staat op Vandaag van {saved.to_code} tot hij bevestigd is."
                        + undo_hint(done), timeout=6)
    if on_done is not None:
        on_done(done)


def discard_draft(node: DOMNode, handover_id: int, *, on_done: OnDone = None) -> None:
    def discarded(done: Done) -> None:
        node.app.notify(f"{done.message}.{undo_hint(done)}", timeout=4)
        if on_done is not None:
            on_done(done)

    def answered(sure: bool | None) -> None:
        if sure:
            node.app.runner.write(node, actions.discard_draft, handover_id, what="het concept verwijderen",
                                  done=discarded)

    ask(node, "Dit concept verwijderen?", answered, yes="verwijderen", no="bewaren")


# --------------------------------------------------------------------------- export

def export(node: DOMNode, handover_id: int, *, masked: bool = True) -> None:
    """Into the export folder (tui/exports.py); the toast names the file's path."""
    from models.errors import DomainError
    from tui.exports import export_folder, saved_message

    try:
        folder = export_folder(node.app.config)
    except DomainError as problem:
        node.app.notify(str(problem), severity="warning", timeout=10)
        return
    # No undo: the file is out of Teambord's hands once written, and the audit log is append-only.
    node.app.runner.write(node, actions.export_handover, handover_id, folder, masked, undoable=False,
                          what="de overdracht exporteren",
                          done=lambda done: node.app.notify(saved_message(done.value), title="Overdracht", timeout=10))


MASKED_NO_INITIALS = "Maskering staat aan: een export met initialen kan pas als u de maskering uitzet (m)."


def export_unmasked(node: DOMNode, handover_id: int) -> None:
    if node.app.masked:  # the screen may be on a beamer: no names in any export while masking is on
        node.app.notify(MASKED_NO_INITIALS, severity="warning", timeout=8)
        return

    def answered(sure: bool | None) -> None:
        if sure:
            export(node, handover_id, masked=False)

    ask(node, "Exporteren MET initialen? Het bestand bevat dan herleidbare gegevens; deel het alleen via "
              "een veilige weg.", answered, yes="met initialen", no="annuleren")


# --------------------------------------------------------------------------- absence

def offer_absence_handovers(node: DOMNode, worker_id: int, start, end) -> None:
    """After an absence is saved: offer a handover, pre-filled with the clients who have
    appointments with that worker in the period."""

    def offer(found: tuple[AbsenceProposal, bool] | None) -> None:
        if found is None:
            node.app.notify("Geen afspraken met cliënten in die periode: een overdracht is niet nodig.", timeout=5)
            return
        proposal, own = found
        who = "U hebt" if own else f"{proposal.worker_code} heeft"

        def answered(write: bool | None) -> None:
            if write:
                open_form(node, proposal=proposal)

        ask(node, f"{who} {count(proposal.appointment_count, 'afspraak', 'afspraken')} met "
                  f"{count(len(proposal.client_codes), 'cliënt', 'cliënten')} van "
                  f"{short_date(proposal.start)} t/m {short_date(proposal.end)} "
                  f"({HandoverReason.label_of(proposal.reason).lower()}). Een overdracht schrijven? "
                  "Cliënten, periode en situatie staan al ingevuld.", answered,
            yes="overdracht schrijven", no="niet nu")

    node.app.runner.read(node, actions.absence_offer, worker_id, start, end, done=offer,
                         what="de overdracht voorstellen", group="handover-absence")
