"""Overdracht on the one door for writes, in the real app: two colleagues editing the same handover
(the second save is refused, Ctrl+L merges), and Ctrl+Z taking back a new, an edited and an
acknowledged handover. Forms are filled in one step (widget values set, then one key)."""

from __future__ import annotations

from sqlmodel import Session, col, select
from textual.widgets import DataTable, Label, Select, TextArea

from models.actions import handover as actions
from models.actions import perform
from models.audit import Actor
from models.tables.clients import Client
from models.enums import HandoverReason
from models.handover.views import FIELD_AANBEVELING, FIELD_REMARK, FIELD_SITUATIE, FIELD_TO, HandoverInput
from models.tables.handovers import Handover
from screens.handover.form import HandoverForm
from screens.handover.page import ACK_AANBEVELING, AcknowledgeForm, HandoverView
from screens.handover.screen import HandoverScreen
from tests.conftest import settle
from tests.test_handover_app import handovers, rows, text_of, worker
from tests.test_handover_domain import clients_of

SIZE = (160, 48)


def send(database, to_code: str, codes: list[str], **changes):
    """AV sends a handover through the same action the form uses; its SavedHandover."""
    data = dict(to_worker_id=worker(database, to_code).id, reason=HandoverReason.AFWEZIGHEID,
                client_codes=tuple(codes), period_start=None, period_end=None, situatie="Rustig.",
                aanbeveling="Bel maandag.")
    data.update(changes)
    return perform(database, Actor("AV"), actions.write_handover, HandoverInput(**data), None).value


def stored(database, handover_id: int) -> Handover | None:
    with Session(database.engine) as session:
        return session.get(Handover, handover_id)


def banner(app) -> str:
    return str(app.screen.query_one("#form-error", Label).content)


def area(form, field_id: str) -> TextArea:
    return form.query_one(f"#{field_id}", TextArea)


async def to_overdracht(pilot, *, filter_presses: int = 0) -> None:
    await settle(pilot)
    await pilot.press("6", *["f"] * filter_presses)
    await settle(pilot)
    assert isinstance(pilot.app.screen, HandoverScreen)


async def press_on_row(pilot, handover_id: int, key: str) -> None:
    """Put the list's cursor on this handover and press `key` there."""
    table = pilot.app.screen.query_one("#handover-table", DataTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(str(handover_id)))
    await pilot.press(key)
    await settle(pilot)


async def test_two_colleagues_edit_one_handover_and_the_second_merges_with_ctrl_l(make_app, database):
    sent = send(database, "RM", [clients_of(database, worker(database, "AV").id, 1)[0].code])
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        await to_overdracht(pilot_av, filter_presses=1)  # van mij
        await to_overdracht(pilot_jb, filter_presses=2)  # alle
        await press_on_row(pilot_av, sent.id, "e")
        await press_on_row(pilot_jb, sent.id, "e")
        form_av, form_jb = av.screen, jb.screen
        assert isinstance(form_av, HandoverForm) and isinstance(form_jb, HandoverForm)

        area(form_jb, FIELD_SITUATIE).text = "JB: cliënte belde, rustig."  # JB changes both texts, first
        area(form_jb, FIELD_AANBEVELING).text = "Bel dinsdag."
        await pilot_jb.press("ctrl+s")
        await settle(pilot_jb)
        assert isinstance(jb.screen, HandoverScreen)

        area(form_av, FIELD_SITUATIE).text = "AV: wel bellen."  # AV changes only the situatie
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert av.screen is form_av
        assert "intussen gewijzigd door JB" in banner(av) and "Ctrl+L" in banner(av)
        await pilot_av.press("ctrl+s")  # the old version is kept: refused again, never an overwrite
        await settle(pilot_av)
        assert av.screen is form_av and "intussen gewijzigd door JB" in banner(av)
        assert stored(database, sent.id).situatie == "JB: cliënte belde, rustig."

        await pilot_av.press("ctrl+l")
        await settle(pilot_av)
        assert area(form_av, FIELD_AANBEVELING).text == "Bel dinsdag."  # left alone: JB's value
        assert area(form_av, FIELD_SITUATIE).text == "AV: wel bellen."  # changed by both: AV's input ...
        hint = str(form_av.query_one(f"#{FIELD_SITUATIE}-hint", Label).content)
        assert "nu opgeslagen: JB: cliënte belde, rustig." in hint  # ... with JB's under it
        assert "overgenomen" in banner(av)

        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert isinstance(av.screen, HandoverScreen)
    handover = stored(database, sent.id)
    assert (handover.situatie, handover.aanbeveling) == ("AV: wel bellen.", "Bel dinsdag.")


async def test_an_acknowledgement_refused_by_the_writers_edit_merges_the_new_aanbeveling(make_app, database):
    sent = send(database, "RM", [clients_of(database, worker(database, "AV").id, 1)[0].code])
    rm, av = make_app("RM"), make_app("AV")
    async with rm.run_test(size=SIZE) as pilot_rm, av.run_test(size=SIZE) as pilot_av:
        await to_overdracht(pilot_rm)  # aan mij
        await press_on_row(pilot_rm, sent.id, "b")  # the page opens and asks for the acknowledgement
        form = rm.screen
        assert isinstance(form, AcknowledgeForm) and area(form, ACK_AANBEVELING).text == "Bel maandag."

        await to_overdracht(pilot_av, filter_presses=1)  # meanwhile AV changes the Aanbeveling
        await press_on_row(pilot_av, sent.id, "e")
        area(av.screen, FIELD_AANBEVELING).text = "Bel maandag én de school."
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert isinstance(av.screen, HandoverScreen)

        area(form, FIELD_REMARK).text = "Ik bel maandag."
        await pilot_rm.press("ctrl+s")
        await settle(pilot_rm)
        assert rm.screen is form
        assert "intussen gewijzigd door AV" in banner(rm) and "Aanbeveling" in banner(rm) and "Ctrl+L" in banner(rm)
        await pilot_rm.press("ctrl+s")  # refused again: RM has not read the new version yet
        await settle(pilot_rm)
        assert rm.screen is form and stored(database, sent.id).acknowledged_at is None

        await pilot_rm.press("ctrl+l")
        await settle(pilot_rm)
        assert area(form, ACK_AANBEVELING).text == "Bel maandag én de school."  # what RM now confirms
        assert area(form, FIELD_REMARK).text == "Ik bel maandag."

        await pilot_rm.press("ctrl+s")
        await settle(pilot_rm)
        assert isinstance(rm.screen, HandoverView)
        assert "gelezen en overgenomen door RM" in text_of(rm, "#handover-view-status")
    handover = stored(database, sent.id)
    assert handover.acknowledged_at is not None and handover.ack_remark == "Ik bel maandag."
    assert handover.aanbeveling == "Bel maandag én de school."


async def test_ctrl_z_takes_back_a_new_and_an_edited_handover(make_app, database):
    rm = worker(database, "RM")
    edited = send(database, "RM", [])
    before = len(handovers(database))
    app = make_app("AV")
    async with app.run_test(size=SIZE) as pilot:
        await to_overdracht(pilot, filter_presses=1)  # van mij
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, HandoverForm)
        form.query_one(f"#{FIELD_TO}", Select).value = rm.id
        area(form, FIELD_AANBEVELING).text = "Bel woensdag."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
        new = handovers(database)[before:]
        assert len(new) == 1 and any("Ctrl+Z maakt ongedaan" in str(n.message) for n in app._notifications)

        await pilot.press("ctrl+z")
        await settle(pilot)
        assert len(handovers(database)) == before and stored(database, new[0].id) is None
        assert str(new[0].id) not in app.screen.rows  # the list reloaded
        assert any("Ongedaan gemaakt: Overdracht aan RM verstuurd" in str(n.message) for n in app._notifications)

        await press_on_row(pilot, edited.id, "e")
        area(app.screen, FIELD_AANBEVELING).text = "Iets anders."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert aanbeveling_shown(app, edited.id) == "Iets anders."
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert aanbeveling_shown(app, edited.id) == "Bel maandag."
    assert stored(database, edited.id).aanbeveling == "Bel maandag."


def aanbeveling_shown(app, handover_id: int) -> str:
    table = app.screen.query_one("#handover-table", DataTable)
    return rows(app, "#handover-table")[table.get_row_index(str(handover_id))][7]


async def test_ctrl_z_on_the_handover_page_takes_back_an_acknowledgement_and_the_caseload_move(make_app, database):
    av = worker(database, "AV")
    mine = [c.code for c in clients_of(database, av.id, 2)]
    sent = send(database, "RM", mine, reason=HandoverReason.CASELOAD)
    app = make_app("RM")
    async with app.run_test(size=SIZE) as pilot:
        await to_overdracht(pilot)
        await press_on_row(pilot, sent.id, "b")
        assert isinstance(app.screen, AcknowledgeForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        page = app.screen
        assert isinstance(page, HandoverView)
        assert "gelezen en overgenomen door RM" in text_of(app, "#handover-view-status")
        assert stored(database, sent.id).acknowledged_at is not None

        await pilot.press("ctrl+z")  # on the page (a modal): the app's undo
        await settle(pilot)
        assert app.screen is page and "nog niet bevestigd" in text_of(app, "#handover-view-status")
        await pilot.press("q")
        await settle(pilot)
        assert rows(app, "#handover-table")[app.screen.query_one("#handover-table", DataTable)
                                             .get_row_index(str(sent.id))][0].startswith("open")
    assert stored(database, sent.id).acknowledged_at is None
    with Session(database.engine) as session:
        owners = set(session.exec(select(Client.worker_id).where(col(Client.code).in_(mine))))
    assert owners == {av.id}  # the clients are back in AV's caseload
