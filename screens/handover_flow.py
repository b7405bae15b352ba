"""The handover flows shared by the Overdracht list, the handover page, Vandaag and the App:
write a new one (offering an open draft first), edit, acknowledge, export, and the proposal after
an absence was entered in the planning. Database work runs in thread workers; models are imported
inside them so this module loads no SQLModel.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.dutch import short_date
from models.enums import HandoverReason
from models.handover_views import AbsenceProposal, HandoverDetail, HandoverInput, SavedHandover
from screens.background import run_in_thread
from screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from tui.app import TeambordApp

Done = Callable[[Any], None] | None


def ask(app: TeambordApp, question: str, answered: Callable[[bool | None], None], *, yes: str, no: str) -> None:
    app.push_screen(ConfirmScreen(question, yes=yes, no=no), answered)


def _saver(app: TeambordApp, *, handover_id: int | None = None, version: dict | None = None,
           from_worker_id: int | None = None, on_behalf_of: str = "") -> Callable[[HandoverInput], SavedHandover]:
    """`version` is a mutable {"version": n}: a reload after a conflict moves it on."""

    def save(data: HandoverInput) -> SavedHandover:
        from models.audit import Actor
        from models.handover_write import save_handover

        actor = Actor(app.user.code, on_behalf_of=on_behalf_of) if on_behalf_of else app.actor
        with app.database.session(actor, write=True) as session:
            return save_handover(session, writer_id=app.user.id, data=data, handover_id=handover_id,
                                 expected_version=version["version"] if version else None,
                                 from_worker_id=from_worker_id)

    return save


def _saved(app: TeambordApp, done: Done) -> Callable[[SavedHandover | None], None]:
    def after(result: SavedHandover | None) -> None:
        if result is not None:
            if result.is_draft:
                app.notify("Bewaard als concept. U vindt het onder Overdracht (6) · van mij; "
                           "e of n schrijft verder.", timeout=6)
            else:
                app.notify(f"Overdracht aan {result.to_code} verstuurd. Die staat op Vandaag van {result.to_code} "
                           "tot hij bevestigd is.", timeout=6)
        if done is not None:
            done(result)

    return after


# --------------------------------------------------------------------------- new, draft, edit

def new_handover(app: TeambordApp, done: Done = None) -> None:
    """A new handover; if the user has an unfinished draft, offer that first."""

    def drafts() -> list:
        from models.queries.handovers import my_drafts

        with app.database.session(app.actor) as session:
            return my_drafts(session, app.user.id)

    def offer(found: list) -> None:
        if not found:
            open_form(app, done=done)
            return
        draft = found[0]
        to = f" aan {draft.to_code}" if draft.to_code else ""
        more = f" (en nog {len(found) - 1})" if len(found) > 1 else ""

        def answered(resume: bool | None) -> None:
            if resume:
                edit_handover(app, draft.id, done)
            else:
                open_form(app, done=done)

        ask(app, f"U hebt een concept-overdracht{to} van {short_date(draft.created_at.date())}{more}. "
                 "Verder schrijven?", answered, yes="concept openen", no="nieuwe overdracht")

    run_in_thread(app, drafts, offer, group="handover-flow")


def edit_handover(app: TeambordApp, handover_id: int, done: Done = None) -> None:
    def load() -> HandoverDetail | None:
        from models.queries.handovers import handover_detail

        with app.database.session(app.actor) as session:
            return handover_detail(session, handover_id)

    def opened(detail: HandoverDetail | None) -> None:
        if detail is None:
            app.notify("Deze overdracht bestaat niet meer.", severity="error")
        elif detail.acknowledged_at is not None:
            app.notify(f"Deze overdracht is al bevestigd door {detail.to_code}; wijzigen kan niet meer.",
                       severity="warning")
        elif detail.to_worker_id == app.user.id and not detail.is_draft:
            app.notify("Een overdracht aan uzelf bevestigt u (b); wijzigen doet de schrijver.", severity="warning")
        else:
            open_form(app, detail=detail, done=done)

    run_in_thread(app, load, opened, group="handover-flow")


def open_form(app: TeambordApp, *, detail: HandoverDetail | None = None, proposal: AbsenceProposal | None = None,
              done: Done = None) -> None:
    from screens.handover_form import HandoverForm, FormValues

    if detail is not None:
        values = FormValues(
            from_worker_id=detail.from_worker_id, to_worker_id=detail.to_worker_id, reason=detail.reason,
            client_codes=detail.client_codes, period_start=detail.period_start, period_end=detail.period_end,
            situatie=detail.situatie, achtergrond=detail.achtergrond, beoordeling=detail.beoordeling,
            aanbeveling=detail.aanbeveling, sent=not detail.is_draft)
        title = f"Overdracht {detail.id} bewerken" if not detail.is_draft else "Concept-overdracht"
        loaded = {"version": detail.version}
        saver = _saver(app, handover_id=detail.id, version=loaded)

        def reload() -> dict:
            from models.errors import NotFound
            from models.queries.handovers import handover_detail
            from screens.handover_form import handover_fields

            with app.database.session(app.actor) as session:
                stored = handover_detail(session, detail.id)
            if stored is None:
                raise NotFound("Deze overdracht bestaat niet meer.")
            if stored.acknowledged_at is not None:
                raise NotFound(f"Deze overdracht is intussen bevestigd door {stored.to_code}; wijzigen kan niet meer.")
            loaded["version"] = stored.version
            return handover_fields(stored, app.team)
    elif proposal is not None:
        values = FormValues(
            from_worker_id=proposal.worker_id, reason=proposal.reason, client_codes=proposal.client_codes,
            period_start=proposal.start, period_end=proposal.end, situatie=proposal.situatie)
        on_behalf = proposal.worker_code if proposal.worker_id != app.user.id else ""
        title = f"Overdracht bij afwezigheid van {proposal.worker_code}"
        saver = _saver(app, from_worker_id=proposal.worker_id, on_behalf_of=on_behalf)
    else:
        values = FormValues(from_worker_id=app.user.id)
        title = "Nieuwe overdracht"
        saver = _saver(app)
    app.push_screen(HandoverForm(saver, values=values, title=title,
                                 reloader=reload if detail is not None else None), _saved(app, done))


def discard_draft(app: TeambordApp, handover_id: int, done: Done = None) -> None:
    def answered(sure: bool | None) -> None:
        if not sure:
            return

        def work() -> bool:
            from models.handover_write import discard_draft as discard

            with app.database.session(app.actor, write=True) as session:
                discard(session, handover_id, app.user.id)
            return True

        def after(_result: bool) -> None:
            app.notify("Concept verwijderd.")
            if done is not None:
                done(None)

        run_in_thread(app, work, after, group="handover-flow")

    ask(app, "Dit concept verwijderen?", answered, yes="verwijderen", no="bewaren")


# --------------------------------------------------------------------------- acknowledge

def acknowledge(app: TeambordApp, detail: HandoverDetail, done: Done = None) -> None:
    from screens.handover_view import AcknowledgeForm

    if detail.is_draft:
        app.notify("Een concept kan niet worden bevestigd.", severity="warning")
        return
    if detail.acknowledged_at is not None:
        app.notify(f"Deze overdracht is al bevestigd door {detail.to_code}.", severity="warning")
        return
    if detail.to_worker_id != app.user.id:
        app.notify(f"Alleen {detail.to_code or 'de ontvanger'} kan deze overdracht bevestigen.", severity="warning")
        return

    def save(remark: str):
        from models.handover_write import acknowledge_handover

        with app.database.session(app.actor, write=True) as session:
            return acknowledge_handover(session, detail.id, app.user.id, detail.version, remark)

    def after(result) -> None:
        if result is not None:
            moved = ""
            if result.moved_client_codes:
                moved = f" {', '.join(result.moved_client_codes)} staan nu in uw caseload."
            app.notify(f"Overdracht van {result.from_code} bevestigd: gelezen en overgenomen.{moved}", timeout=8)
        if done is not None:
            done(result)

    app.push_screen(AcknowledgeForm(save, detail=detail), after)


# --------------------------------------------------------------------------- export

def export_dir() -> Path:
    configured = os.environ.get("TEAMBORD_EXPORT_DIR")
    if configured:
        return Path(configured)
    from tui.paths import data_dir

    return data_dir() / "export"


def export(app: TeambordApp, handover_id: int, *, masked: bool = True) -> None:
    def work() -> Path:
        from models.handover_export import export_handover

        with app.database.session(app.actor, write=True) as session:
            name, text = export_handover(session, handover_id, masked=masked)
        folder = export_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    def after(path: Path) -> None:
        how = "alleen codes" if masked else "met initialen"
        app.notify(f"Geëxporteerd ({how}) naar {path}", timeout=10)

    run_in_thread(app, work, after, group="handover-export",
               failure="Exporteren is niet gelukt (database of map niet bereikbaar).")


def export_unmasked(app: TeambordApp, handover_id: int) -> None:
    def answered(sure: bool | None) -> None:
        if sure:
            export(app, handover_id, masked=False)

    ask(app, "Exporteren MET initialen? Het bestand bevat dan herleidbare gegevens; deel het alleen via "
             "een veilige weg.", answered, yes="met initialen", no="annuleren")


# --------------------------------------------------------------------------- absence

def offer_absence_handovers(app: TeambordApp, worker_id: int, start, end) -> None:
    """After an absence is saved: offer a handover, pre-filled with the clients who have
    appointments with that worker in the period."""
    if app.database is None or app.user is None:
        return

    def load() -> AbsenceProposal | None:
        from models.queries.handovers import absence_proposal

        with app.database.session(app.actor) as session:
            return absence_proposal(session, worker_id, start, end)

    def offer(proposal: AbsenceProposal | None) -> None:
        if proposal is None:
            app.notify("Geen afspraken met cliënten in die periode: een overdracht is niet nodig.", timeout=5)
            return
        who = "U hebt" if proposal.worker_id == app.user.id else f"{proposal.worker_code} heeft"
        count = len(proposal.client_codes)
        clients = "cliënt" if count == 1 else "cliënten"

        def answered(write: bool | None) -> None:
            if write:
                open_form(app, proposal=proposal, done=lambda _result: app.reload_screen())

        ask(app, f"{who} {proposal.appointment_count} afspraken met {count} {clients} van "
                 f"{short_date(proposal.start)} t/m {short_date(proposal.end)} "
                 f"({HandoverReason.label_of(proposal.reason).lower()}). Een overdracht schrijven? "
                 "Cliënten, periode en situatie staan al ingevuld.", answered,
            yes="overdracht schrijven", no="niet nu")

    run_in_thread(app, load, offer, group="handover-absence")
