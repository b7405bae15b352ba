"""Text written by people is data, never markup: odd text stored anywhere opens everywhere.

The regression: an action item saved as "Bel [/] oma" made every colleague's Teambord crash at
start (Rich parsed it as markup in the Vandaag table). Here such text is stored in every kind of
field a person types, then the whole app is toured by keys: every section, the client page with
each tab, help, palette, meeting mode. Nothing may crash, and the text must show as typed.
"""

from __future__ import annotations

from sqlalchemy import text
from textual.widgets import DataTable

from screens.client.page import ClientPage
from screens.vandaag.screen import TodayScreen
from tests.conftest import paste, settle

ODD = {
    "action": "Bel [/] oma",
    "note": "Neem [bold mee",
    "question": "[bold red]x[/BOLD] wat nu?",
    "situatie": "[/] kinderen bij [link=http://x]buren[/link]",
    "reason": "Zorg om [i]veiligheid[/] %_%\\",
    "situation": "Partner [/] slaat",
    "initials": "[/].",
    "worker": "Anouk [/] Verhoef",
}


def store_odd_text(engine) -> dict[str, str]:
    """Put ODD into the demo database as if people had typed it; returns ids for the tour."""
    with engine.begin() as db:
        av = db.execute(text("SELECT id FROM worker WHERE code = 'AV'")).scalar_one()
        db.execute(text("UPDATE worker SET name = :v WHERE id = :id"), {"v": ODD["worker"], "id": av})
        action = db.execute(text("SELECT id, client_id FROM action_item WHERE owner_id = :id AND status = 'open' "
                                 "ORDER BY due LIMIT 1"), {"id": av}).one()
        db.execute(text("UPDATE action_item SET what = :v WHERE id = :id"), {"v": ODD["action"], "id": action.id})
        db.execute(text("UPDATE appointment SET note = :v WHERE worker_id = :id"), {"v": ODD["note"], "id": av})
        db.execute(text("UPDATE agenda_item SET question = :v"), {"v": ODD["question"]})
        db.execute(text("UPDATE handover SET situatie = :v"), {"v": ODD["situatie"]})
        db.execute(text("UPDATE registration SET reason = :v, referrer_contact = :v"), {"v": ODD["reason"]})
        db.execute(text("UPDATE unsafe_situation SET description = :v, risk_factors = :v"), {"v": ODD["situation"]})
        db.execute(text("UPDATE safety_agreement SET what = :v"), {"v": ODD["action"]})
        db.execute(text("UPDATE client SET initials = :v WHERE worker_id = :id"), {"v": ODD["initials"], "id": av})
        code = db.execute(text("SELECT c.code FROM client c JOIN top3_plan p ON p.client_id = c.id "
                               "WHERE c.worker_id = :id ORDER BY c.code LIMIT 1"), {"id": av}).scalar_one()
    return {"client": code}


def rendered(content) -> str:
    """A widget's content as the terminal would show it (Rich renderables rendered, not repr'd)."""
    import io

    from rich.console import Console

    if isinstance(content, str):
        return content
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


def visible_text(app) -> str:
    """Everything on the current screen as plain text: labels and every table cell."""
    parts = [rendered(getattr(w, "content", "")) for w in app.screen.query("Label, Static")]
    for table in app.screen.query(DataTable):
        for row in range(table.row_count):
            parts += [str(cell) for cell in table.get_row_at(row)]
    return "\n".join(parts)


async def test_markup_like_text_everywhere_opens_every_screen(make_app, database):
    ids = store_odd_text(database.engine)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        shown = visible_text(app)
        assert ODD["action"] in shown  # the action from the overleg, on my Vandaag, as typed
        assert ODD["worker"] in app.user_label
        for key in "23456":
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running, key
        await pilot.press("5")
        await settle(pilot)
        assert ODD["question"] in visible_text(app)
        await pilot.press("v")  # meeting mode shows questions large
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("m")  # masking off → on: initials disappear, codes stay
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await paste(pilot, ids["client"])  # typing in the palette: tests/test_palette.py
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClientPage)
        assert ODD["initials"] in visible_text(app)
        for tab in "taovhl":
            await pilot.press(tab)
            await settle(pilot)
        assert ODD["situation"] in visible_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
        assert errors == []


async def test_a_too_long_note_is_refused_at_the_field_with_a_counter_and_nothing_saved(make_app, database):
    from textual.widgets import Input

    from screens.planning.appointment_form import AppointmentForm

    def appointment_count() -> int:
        with database.engine.connect() as db:
            return db.execute(text("SELECT count(*) FROM appointment")).scalar_one()

    before = appointment_count()
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("down", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AppointmentForm)
        form.query_one("#start", Input).value = "7u"
        form.query_one("#end", Input).value = "7.45"
        note = form.query_one("#note", Input)
        note.value = "a" * 100_000  # pasted: Textual would have cut it at 400 without a word
        await pilot.pause()
        assert len(note.value) == 100_000
        counter = form.query_one("#note-count")
        assert str(counter.content) == "100.000/400 tekens" and counter.has_class("-over")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        error = str(form.query_one("#note-error").content)
        assert error == "Te lang, ten hoogste 400 tekens (nu 100.000)."
        assert appointment_count() == before
        note.value = "Bel \x1b[31mvooraf\x1b[0m aan\x07"  # pasted from a terminal, with a bell
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    with database.engine.connect() as db:
        notes = db.execute(text("SELECT note FROM appointment ORDER BY id DESC LIMIT 1")).scalar_one()
    assert notes == "Bel vooraf aan"  # control characters never reach the database
    assert appointment_count() == before + 1


def test_every_write_refuses_an_over_long_text_whole(database):
    """The same limit at the write layer, whatever door the text comes in by: nothing half saved."""
    import pytest
    from sqlmodel import Session, select

    from models.audit import Actor, act_as
    from models.errors import ValidationFailed
    from models.tables.registrations import Registration

    with Session(database.engine) as session:
        act_as(session, Actor("AV"))
        registration = session.exec(select(Registration).order_by(Registration.id)).first()
        registration.referrer_contact = "Wijkagent"
        registration.reason = "x" * 5000
        with pytest.raises(ValidationFailed, match=r"^Reden: te lang, ten hoogste 400 tekens \(nu 5\.000\)\.$"):
            session.commit()
    with Session(database.engine) as session:
        stored = session.get(Registration, registration.id)
        assert stored.referrer_contact != "Wijkagent" and len(stored.reason) <= 400


def test_markdown_exports_keep_typed_text_literal(database):
    """Minutes and handover exports escape Markdown: a typed '# *x* [/](y) <b>' stays text."""
    from sqlmodel import Session

    from models.audit import Actor, act_as
    from models.handover.export import export_handover
    from models.overleg.minutes import render_minutes

    typed = "# *dringend* [zie VT](http://x) <b>vet</b> | 1. punt"
    with database.engine.begin() as db:
        meeting = db.execute(text("SELECT meeting_id FROM agenda_item WHERE question != '' LIMIT 1")).scalar_one()
        db.execute(text("UPDATE agenda_item SET question = :v, outcome = :v WHERE meeting_id = :m"),
                   {"v": typed, "m": meeting})
        handover = db.execute(text("SELECT id FROM handover WHERE is_draft = false LIMIT 1")).scalar_one()
        db.execute(text("UPDATE handover SET situatie = :v WHERE id = :id"), {"v": "- lijst?\n" + typed, "id": handover})
    escaped = r"\# \*dringend\* \[zie VT\](http://x) \<b\>vet\</b\> \| 1. punt"
    with Session(database.engine) as session:
        act_as(session, Actor("AV"))
        minutes = render_minutes(session, meeting).text
        _name, markdown = export_handover(session, handover)
    assert f"**Vraag:** {escaped}" in minutes and typed not in minutes
    assert "\\- lijst?\n\\# \\*dringend\\*" in markdown
