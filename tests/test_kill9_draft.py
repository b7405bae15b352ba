"""kill -9 while typing in a form: the draft is there on restart (issue 13, point 4).

The real `teambord` process in a pseudo-terminal (tests/kill9_driver.py): Planning, `n`, a start
time, end time and client typed and checked by the hints the form shows; then a pause longer
than the draft debounce, a few more keys, and SIGKILL — no Ctrl+Q, no Esc, no save. A restarted
app offers "verder met het concept" on the same form and shows what was typed before the pause.
"""

from __future__ import annotations

import time
from datetime import date, time as clock_time

from sqlmodel import Session, create_engine, select

from models.tables.clients import Client
from models.drafts import FormDraft
from models.tables.workers import Worker
from screens.common.form import DRAFT_DELAY
from tests.kill9_driver import fill_new_appointment, open_planning, start_teambord

THURSDAY = date(2026, 11, 26)


def wait_for_draft(url: str, form_key: str, containing: str = "", timeout: float = 10 * DRAFT_DELAY) -> None:
    """Until the app's background write has put the draft in the database (polled, not guessed)."""
    engine = create_engine(url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with Session(engine) as session:
                draft = session.exec(select(FormDraft).where(FormDraft.form_key == form_key)).first()
            if draft is not None and containing in draft.fields:
                return
            time.sleep(0.1)
    finally:
        engine.dispose()
    raise AssertionError(f"no draft {form_key} within {timeout} s")


def _a_client_code(url: str) -> str:
    engine = create_engine(url)
    with Session(engine) as session:
        av = session.exec(select(Worker.id).where(Worker.code == "AV")).one()
        code = session.exec(select(Client.code).where(Client.worker_id == av, Client.status == "active",
                                                      Client.code.startswith("ZS-")).order_by(Client.code)).first()
    engine.dispose()
    return code


def test_a_killed_app_keeps_the_draft_of_the_form_being_typed(demo_url, tmp_path):
    code = _a_client_code(demo_url)
    app = start_teambord(demo_url, tmp_path / "home")
    try:
        open_planning(app)
        fill_new_appointment(app, THURSDAY, clock_time(7, 5), clock_time(7, 35), code,
                             concept_wait=0.0)  # a fresh demo database: there is no draft to offer
        wait_for_draft(demo_url, "appointment:new", containing=code)  # the debounce, then the write
        app.type("12")  # typing on when the power goes: these last keys may be lost
        assert app.kill() == -9
    finally:
        app.close()

    engine = create_engine(demo_url)
    with Session(engine) as session:
        [draft] = session.exec(select(FormDraft)).all()
    engine.dispose()
    assert (draft.worker_code, draft.form_key) == ("AV", "appointment:new")
    assert '"07.05"' in draft.fields and '"07.35"' in draft.fields and code in draft.fields

    again = start_teambord(demo_url, tmp_path / "home")
    try:
        open_planning(again)
        since = again.mark()
        again.press("n")
        again.wait_for("Verder met het concept?", since=since)
        since = again.mark()
        again.press("j")
        again.wait_for("Verder met het concept van", since=since)  # the form says so at the top
        # the times are back (their fields describe them again) and so is the client code; its ✓ needs
        # the palette's client list, which may still be loading this soon after the start
        again.wait_for("07:05", since=since)  # the times' own hints, drawn a frame later
        again.wait_for("07:35", since=since)
        assert again.shows(code, since=since)
    finally:
        again.close()


def new_handover(app) -> int:
    """Overdracht (6), then `n`; returns the output mark from just before `n`."""
    app.wait_for("Anouk Verhoef", timeout=30)
    since = app.mark()
    app.press("6")
    app.wait_for("Overdracht", since=since, timeout=30)
    since = app.mark()
    app.press("n")
    return since


def test_a_killed_app_keeps_the_draft_of_the_handover_being_written(demo_url, tmp_path):
    """The issue's own case: a handover half written when the laptop dies."""
    written = "Moeder belt dagelijks over de sleuteloverdracht"
    app = start_teambord(demo_url, tmp_path / "home")
    try:
        since = new_handover(app)
        app.wait_for("Situatie: wat speelt er nu?", since=since, timeout=30)
        for _ in range(5):  # Aan wie, Reden, Cliënten, Periode van, tot en met → Situatie
            pressed = time.monotonic()
            app.press("tab")
            app.settle(pressed, quiet=0.1)
        since = app.mark()
        app.type(written)
        app.wait_for("sleuteloverdracht", since=since)
        wait_for_draft(demo_url, "handover:new", containing=written)
        app.type(" en")  # the last keys before the power goes may be lost
        assert app.kill() == -9
    finally:
        app.close()

    engine = create_engine(demo_url)
    with Session(engine) as session:
        drafts = session.exec(select(FormDraft)).all()
    engine.dispose()
    assert [(d.worker_code, d.form_key) for d in drafts] == [("AV", "handover:new")]
    assert written in drafts[0].fields

    again = start_teambord(demo_url, tmp_path / "home")
    try:
        since = new_handover(again)
        again.wait_for("Verder met het concept?", since=since)
        since = again.mark()
        again.press("j")
        again.wait_for("sleuteloverdracht", since=since)  # the Situatie is back as it was typed
    finally:
        again.close()
