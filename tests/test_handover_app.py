"""Overdracht driven by real key presses: two colleagues on one database (Pilot).

Keys move through the forms, choose, complete, save and acknowledge; a field's text is pasted into
it in one step (tests/conftest.py `paste`) instead of a key press (and an idle wait) per character."""

from __future__ import annotations

import io
from datetime import date, timedelta

from sqlmodel import Session, select
from textual.widgets import DataTable, Input, Label, Select, Static, TextArea

from models.audit import Actor, AuditEntry
from models.tables.clients import Client
from models.enums import AbsenceKind, AuditAction, HandoverReason
from models.tables.handovers import Handover, HandoverClient
from models.tables.workers import Absence, Worker
from screens.common.confirm import ConfirmScreen
from screens.handover.form import HandoverForm
from screens.handover.page import AcknowledgeForm, HandoverView
from screens.handover.screen import HandoverScreen
from screens.vandaag.screen import TodayScreen
from tests.conftest import FROZEN_TODAY, paste, settle
from tui.messages import AbsenceRecorded

SIZE = (160, 48)


def worker(database, code: str) -> Worker:
    with Session(database.engine) as session:
        return session.exec(select(Worker).where(Worker.code == code)).one()


def handovers(database) -> list[Handover]:
    with Session(database.engine) as session:
        return list(session.exec(select(Handover).order_by(Handover.id)))


def text_of(app, selector: str) -> str:
    """What a Label or Static shows, as plain text (rich renderables rendered)."""
    from rich.console import Console

    content = app.screen.query_one(selector, Static).content
    if isinstance(content, str):
        return content
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()


def error_at(app, field_id: str) -> str:
    """The message at a field, as far as it is really displayed."""
    label = app.screen.query_one(f"#{field_id}-error", Label)
    return str(label.content) if label.display and label.region.height else ""


def rows(app, selector: str) -> list[list[str]]:
    grid = app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in grid.get_row_at(i)] for i in range(grid.row_count)]


def completable_pair(database, owner_id: int) -> tuple[str, str, str]:
    """Two of the owner's clients; the second is what completion proposes for its code minus one character."""
    with Session(database.engine) as session:
        all_codes = sorted(session.exec(select(Client.code).where(Client.status == "active")))
        mine = sorted(session.exec(select(Client.code).where(Client.worker_id == owner_id, Client.status == "active")))
    for code in mine[1:]:
        prefix = code[:-1]
        if min(c for c in all_codes if c.startswith(prefix) and c != prefix) == code:
            return mine[0], prefix, code
    raise AssertionError("no completable client code in the demo")


async def choose(pilot, select_id: str, letter: str) -> None:
    """Open a Select with Enter, jump to an option by typing its first letter, take it with Enter."""
    pilot.app.screen.query_one(f"#{select_id}", Select).focus()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(letter, "enter")
    await pilot.pause()


async def type_into(pilot, widget_id: str, text: str) -> None:
    pilot.app.screen.query_one(f"#{widget_id}").focus()
    await pilot.pause()
    await paste(pilot, text)


async def test_two_colleagues_hand_over_two_clients_and_the_caseload_moves(make_app, database):
    av, rm = worker(database, "AV"), worker(database, "RM")
    first, prefix, second = completable_pair(database, av.id)
    before = len(handovers(database))

    # --- AV writes the handover, by keys ---------------------------------------------------
    app = make_app(user="AV")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, HandoverForm)
        assert app.screen.focused.id == "handover-to"  # the form starts at "to whom"
        await choose(pilot, "handover-to", "r")
        assert app.screen.query_one("#handover-to", Select).value == rm.id
        await pilot.press("tab")
        await choose(pilot, "handover-reason", "o")  # Overdracht caseload
        assert app.screen.query_one("#handover-reason", Select).value == HandoverReason.CASELOAD
        await pilot.press("tab")
        assert app.screen.focused.id == "handover-clients"
        await paste(pilot, f"{first}, {prefix}")
        await settle(pilot)
        await pilot.press("right")  # take the completion
        await settle(pilot)
        assert app.screen.query_one("#handover-clients", Input).value == f"{first}, {second}"
        assert f"2 cliënten: {first}" in text_of(app, "#handover-clients-hint")
        attached = text_of(app, "#handover-attach")
        assert first in attached and second in attached and "Top-3" in attached
        await pilot.press("tab")
        await paste(pilot, "30-11")
        await pilot.press("tab")
        await paste(pilot, "4-12")
        assert "ma 30 nov" in text_of(app, "#handover-start-hint")
        await pilot.press("tab")
        for text in ("Twee clienten naar RM", "Fase 2", "Stabiel"):
            await paste(pilot, text)
            await pilot.press("tab")
        await paste(pilot, "Kennismaking plannen")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen), "the form closes after sending"
        await pilot.press("f")  # van mij
        await settle(pilot)
        mine = rows(app, "#handover-table")
        assert mine[0][2] == "RM" and mine[0][4] == f"{first}, {second}" and mine[0][0].startswith("open · ")

    new = handovers(database)[before:]
    assert len(new) == 1
    handover = new[0]
    assert (handover.from_worker_id, handover.to_worker_id, handover.reason) == (av.id, rm.id, HandoverReason.CASELOAD)
    assert (handover.period_start, handover.period_end) == (date(2026, 11, 30), date(2026, 12, 4))
    assert handover.aanbeveling == "Kennismaking plannen" and not handover.is_draft
    with Session(database.engine) as session:
        linked = sorted(session.exec(select(Client.code).join(HandoverClient, HandoverClient.client_id == Client.id)
                                     .where(HandoverClient.handover_id == handover.id)))
    assert linked == [first, second]

    # --- RM sees it on Vandaag, opens it with Enter and acknowledges -------------------------
    receiver = make_app(user="RM")
    async with receiver.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(receiver.screen, TodayScreen)
        attention = receiver.screen.query_one("#today-attention", DataTable)
        keys = [row.key.value for row in attention.ordered_rows]
        assert f"handover:{handover.id}" in keys
        line = rows(receiver, "#today-attention")[keys.index(f"handover:{handover.id}")]
        assert line[0] == "Overdracht" and "van AV" in line[1] and line[2] == f"{first}, {second}"
        attention.focus()
        attention.move_cursor(row=keys.index(f"handover:{handover.id}"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(receiver.screen, HandoverView)
        body = text_of(receiver, "#handover-view-body")
        assert "Kennismaking plannen" in body and f"Cliënt {first}" in body and "Top-3" in body
        assert "nog niet bevestigd" in text_of(receiver, "#handover-view-status")
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(receiver.screen, AcknowledgeForm)
        assert receiver.screen.focused.id == "handover-remark"
        await paste(pilot, "Ik plan de kennismaking deze week")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(receiver.screen, HandoverView)
        assert "gelezen en overgenomen door RM" in text_of(receiver, "#handover-view-status")
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(receiver.screen, TodayScreen)
        keys = [row.key.value for row in receiver.screen.query_one("#today-attention", DataTable).ordered_rows]
        assert f"handover:{handover.id}" not in keys  # gone from Vandaag once acknowledged

    with Session(database.engine) as session:
        done = session.get(Handover, handover.id)
        assert done.acknowledged_at is not None and done.ack_remark == "Ik plan de kennismaking deze week"
        moved = session.exec(select(Client).where(Client.code.in_([first, second]))).all()
        assert {c.worker_id for c in moved} == {rm.id}
        entries = session.exec(select(AuditEntry).where(AuditEntry.client_code.in_([first, second]))).all()
    audit = {(e.user_code, e.action, e.entity, e.client_code, e.detail) for e in entries}
    for code in (first, second):
        assert ("AV", AuditAction.CREATE, "handover_client", code, "") in audit
        assert ("RM", AuditAction.READ, "handover", code, "") in audit
        assert ("RM", AuditAction.UPDATE, "handover", code, "acknowledged_at, ack_remark") in audit
        assert ("RM", AuditAction.UPDATE, "client", code, "worker_id") in audit


async def test_switching_user_with_ctrl_u_shows_the_handover_on_the_receivers_vandaag(make_app, database):
    from models.handover.views import HandoverInput
    from models.handover.write import save_handover

    jb = worker(database, "JB")
    with database.session(Actor("AV"), write=True) as session:
        sent = save_handover(session, writer_id=worker(database, "AV").id, data=HandoverInput(
            to_worker_id=jb.id, reason=HandoverReason.VAKANTIE, client_codes=(), period_start=None,
            period_end=None, aanbeveling="Algemene notitie voor JB."))
        session.commit()
    app = make_app(user="AV")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert f"handover:{sent.id}" not in [r.key.value for r in app.screen.query_one("#today-attention", DataTable).ordered_rows]
        await pilot.press("ctrl+u")
        await settle(pilot)
        codes = [w.code for w in app.team]
        await pilot.press(*["down"] * (codes.index("JB") - codes.index("AV")), "enter")
        await settle(pilot)
        await paste(pilot, "demo")  # JB's passphrase on the sign-in screen (tests/test_sign_in.py)
        await pilot.press("enter")
        await settle(pilot)
        assert app.user.code == "JB"
        keys = [r.key.value for r in app.screen.query_one("#today-attention", DataTable).ordered_rows]
        assert f"handover:{sent.id}" in keys


async def test_rejected_inputs_stay_in_the_form_and_save_nothing(make_app, database):
    before = len(handovers(database))
    app = make_app(user="AV")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await type_into(pilot, "handover-situatie", "Drie dagen training")
        await pilot.press("ctrl+s")  # no receiver
        await settle(pilot)
        assert app.screen is form and "aan wie" in error_at(app, "handover-to")
        assert app.screen.focused.id == "handover-to"
        await choose(pilot, "handover-to", "j")
        assert error_at(app, "handover-to") == ""
        await pilot.press("ctrl+s")  # no Aanbeveling
        await settle(pilot)
        assert app.screen is form and "aanbeveling" in error_at(app, "handover-aanbeveling").lower()
        assert app.screen.focused.id == "handover-aanbeveling"
        await paste(pilot, "Bel cliënt donderdag")
        await type_into(pilot, "handover-start", "25-11")
        await type_into(pilot, "handover-end", "24-11")
        await pilot.press("ctrl+s")  # period end before start
        await settle(pilot)
        assert app.screen is form and "vóór de begindatum" in error_at(app, "handover-end")
        assert len(handovers(database)) == before
        # Everything typed is still there.
        assert form.query_one("#handover-situatie", TextArea).text == "Drie dagen training"
        assert form.query_one("#handover-aanbeveling", TextArea).text == "Bel cliënt donderdag"
        form.query_one("#handover-end", Input).value = ""
        await type_into(pilot, "handover-end", "27-11")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
    saved = handovers(database)[before:]
    assert len(saved) == 1 and saved[0].to_worker_id == worker(database, "JB").id
    assert (saved[0].period_start, saved[0].period_end) == (date(2026, 11, 25), date(2026, 11, 27))


async def test_an_absence_in_the_planning_offers_a_prefilled_handover(make_app, database):
    av, sk = worker(database, "AV"), worker(database, "SK")
    start, end = FROZEN_TODAY + timedelta(days=1), FROZEN_TODAY + timedelta(days=3)
    with database.session(Actor("AV"), write=True) as session:  # what the planning's absence form saves
        session.add(Absence(worker_id=av.id, kind=AbsenceKind.ZIEK, start_date=start, end_date=end))
        session.commit()
        from models.handover.queries import absence_proposal

        expected = absence_proposal(session, av.id, start, end).client_codes
    before = len(handovers(database))
    app = make_app(user="AV")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(AbsenceRecorded(worker_id=av.id, start=start, end=end))
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = " ".join(text_of(app, "#confirm-question").split())
        assert f"{len(expected)} cliënt" in question and "ziekte" in question
        await pilot.press("j")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, HandoverForm)
        assert form.query_one("#handover-clients", Input).value == ", ".join(expected)
        assert form.query_one("#handover-reason", Select).value == HandoverReason.ZIEKTE
        assert form.query_one("#handover-start", Input).value == start.strftime("%d-%m-%Y")
        situatie = form.query_one("#handover-situatie", TextArea).text
        assert situatie.startswith("AV is afwezig (ziek)") and all(code in situatie for code in expected)
        await pilot.press("ctrl+s")  # still needs a receiver and an Aanbeveling
        await settle(pilot)
        assert "aan wie" in error_at(app, "handover-to")
        await choose(pilot, "handover-to", "s")
        await type_into(pilot, "handover-aanbeveling", "Neem mijn huisbezoeken over of bel af")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, HandoverForm)
    saved = handovers(database)[before:]
    assert len(saved) == 1
    handover = saved[0]
    assert (handover.to_worker_id, handover.reason, handover.period_start, handover.period_end) == \
        (sk.id, HandoverReason.ZIEKTE, start, end)
    with Session(database.engine) as session:
        linked = sorted(session.exec(select(Client.code).join(HandoverClient, HandoverClient.client_id == Client.id)
                                     .where(HandoverClient.handover_id == handover.id)))
    assert linked == sorted(expected)


async def test_an_absence_without_client_appointments_offers_nothing(make_app, database):
    app = make_app(user="AV")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(AbsenceRecorded(worker_id=worker(database, "AV").id,
                                         start=date(2020, 1, 4), end=date(2020, 1, 5)))
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert any("niet nodig" in str(n.message) for n in app._notifications)


async def test_a_draft_survives_closing_the_app_and_is_offered_again(make_app, database):
    before = len(handovers(database))
    app = make_app(user="AV")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await choose(pilot, "handover-to", "t")  # TP
        await type_into(pilot, "handover-situatie", "Half af")
        await pilot.press("escape")  # closing keeps it as a draft
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
    drafts = handovers(database)[before:]
    assert len(drafts) == 1 and drafts[0].is_draft and drafts[0].situatie == "Half af"

    again = make_app(user="AV")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6", "f")  # van mij: the draft is listed first
        await settle(pilot)
        assert rows(again, "#handover-table")[0][0] == "concept"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(again.screen, ConfirmScreen) and "concept" in text_of(again, "#confirm-question")
        await pilot.press("j")
        await settle(pilot)
        form = again.screen
        assert isinstance(form, HandoverForm)
        assert form.query_one("#handover-situatie", TextArea).text == "Half af"
        assert form.query_one("#handover-to", Select).value == worker(database, "TP").id
        await type_into(pilot, "handover-aanbeveling", "Niets dringends")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(again.screen, HandoverScreen)
        assert rows(again, "#handover-table")[0][0].startswith("open")
    sent = handovers(database)[before:]
    assert len(sent) == 1 and not sent[0].is_draft and sent[0].aanbeveling == "Niets dringends"


async def test_a_stale_acknowledgement_is_refused_with_a_dutch_message(make_app, database):
    from models.handover.views import HandoverInput
    from models.handover.write import save_handover

    av, rm = worker(database, "AV"), worker(database, "RM")
    data = HandoverInput(to_worker_id=rm.id, reason=HandoverReason.AFWEZIGHEID, client_codes=(),
                         period_start=None, period_end=None, aanbeveling="Eerste versie")
    with database.session(Actor("AV"), write=True) as session:
        sent = save_handover(session, writer_id=av.id, data=data)
        session.commit()
    app = make_app(user="RM")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert rows(app, "#handover-table")[0][7] == "Eerste versie"
        await pilot.press("b")  # opens the handover and asks for the acknowledgement
        await settle(pilot)
        assert isinstance(app.screen, AcknowledgeForm)
        with database.session(Actor("AV"), write=True) as session:  # meanwhile AV changes it
            save_handover(session, writer_id=av.id, handover_id=sent.id, expected_version=sent.version,
                          data=HandoverInput(**{**data.__dict__, "aanbeveling": "Tweede versie"}))
            session.commit()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AcknowledgeForm), "a refused acknowledgement keeps the form open"
        banner = text_of(app, "#form-error")
        assert "intussen gewijzigd door AV" in banner and "bevestig opnieuw" in banner
    with Session(database.engine) as session:
        assert session.get(Handover, sent.id).acknowledged_at is None


async def test_export_from_the_list_is_masked_and_audited(make_app, database, tmp_path, monkeypatch):
    monkeypatch.setenv("TEAMBORD_EXPORT_DIR", str(tmp_path / "export"))
    app = make_app(user="AV")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        first = app.screen.rows[app.screen.selected_key()]
        await pilot.press("x")
        await settle(pilot)
    files = list((tmp_path / "export").glob("*.md"))
    assert [f.name.startswith(f"overdracht-{first.id}-") for f in files] == [True]
    text = files[0].read_text(encoding="utf-8")
    with Session(database.engine) as session:
        clients = session.exec(select(Client).where(Client.code.in_(first.client_codes))).all()
        exports = session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT)).all()
    assert clients and all(c.code in text for c in clients)
    assert not any(f"({c.initials})" in text for c in clients if c.initials)
    assert sorted(e.client_code for e in exports) == sorted(first.client_codes)
    assert {e.user_code for e in exports} == {"AV"}
