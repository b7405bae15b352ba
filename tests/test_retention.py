"""Retention (`teambord db opschonen`): closed cases past `retention_days_closed` leave the database.

The dry run changes nothing; the purge removes every row of those clients but keeps their
registrations as statistics-only rows, so the waiting-list figures add up the same; one audit entry
with counts only; no orphan rows (foreign keys on); the command line asks, and "n" changes nothing.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, text
from sqlmodel import Session, SQLModel, select

from models.actions.retention import purge_closed_cases
from models.actions.unit import perform
from models.audit import Actor, AuditEntry
from models.enums import AuditAction, ClientStatus
from models.retention import retention_plan
from models.settings import TeamSetting
from models.tables.clients import Client
from models.tables.registrations import Registration, RegistrationStep
from models.waitlist.stats import length_per_week, overleg_figures
from tests.conftest import FROZEN_TODAY
from tui.cli import main

RETENTION_DAYS = 100  # the demo closes clients 40–280 days before today: some go, some stay


def _set_retention(database, days: int = RETENTION_DAYS) -> None:
    with Session(database.engine) as session:
        session.add(TeamSetting(key="retention_days_closed", value=str(days)))
        session.commit()


def _close_long_ago(database, how_many: int = 4) -> None:
    """Close active clients that have everything (a registration, a Top-3 plan, appointments, agenda
    items) 800 days ago, so a purge must remove rows of every kind in the right order."""
    from models.tables.appointments import Appointment
    from models.tables.overleg import AgendaItem
    from models.tables.top3 import Top3Plan

    with database.session(Actor("AV"), write=True) as session:
        rich = (select(Client).where(Client.status == ClientStatus.ACTIVE)
                .where(Client.id.in_(select(Top3Plan.client_id)))
                .where(Client.id.in_(select(Appointment.client_id)))
                .order_by(Client.id))
        chosen = session.exec(rich).all()[:how_many]
        with_item = session.exec(select(Client).where(Client.status == ClientStatus.ACTIVE,
                                                      Client.id.in_(select(AgendaItem.client_id)))).first()
        registered = session.exec(select(Client).where(Client.id.in_(select(Registration.client_id)))).first()
        for client in {c.id: c for c in [*chosen, with_item, registered] if c is not None}.values():
            client.status, client.closed_on = ClientStatus.CLOSED, FROZEN_TODAY - timedelta(days=800)
            session.add(client)
        session.commit()


def _row_counts(database) -> dict[str, int]:
    with Session(database.engine) as session:
        return {name: session.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in SQLModel.metadata.tables.items()}


def _closed(database) -> list[tuple[str, date]]:
    with Session(database.engine) as session:
        return [(c.code, c.closed_on) for c in session.exec(select(Client).where(Client.status == ClientStatus.CLOSED))]


def _figures(database) -> list:
    """Waiting-list figures for today and for several past months (the end of each month)."""
    days = [FROZEN_TODAY] + [date(2026, month, 28) for month in range(1, 11)] + [date(2025, 12, 31)]
    with Session(database.engine) as session:
        return [(overleg_figures(session, day), length_per_week(session, day, 20)) for day in days]


def test_the_dry_run_counts_and_changes_nothing(database):
    with Session(database.engine) as session:
        assert retention_plan(session, FROZEN_TODAY).empty  # 730 days: nothing in the demo is that old
    _set_retention(database)
    before = _row_counts(database)
    cutoff = FROZEN_TODAY - timedelta(days=RETENTION_DAYS)
    expected = sum(1 for _code, closed in _closed(database) if closed < cutoff)
    assert 0 < expected < len(_closed(database))
    with Session(database.engine) as session:
        plan = retention_plan(session, FROZEN_TODAY)
    counts = dict(plan.counts)
    assert plan.cutoff == cutoff and plan.clients == expected
    assert counts["trajectory"] >= expected  # every closed client of the demo has a trajectory
    assert any(line.endswith("cliënten") or line.endswith("cliënt") for line in plan.lines())
    assert _row_counts(database) == before


def test_the_purge_removes_the_cases_and_the_figures_still_add_up(database):
    _set_retention(database)
    _close_long_ago(database)
    cutoff = FROZEN_TODAY - timedelta(days=RETENTION_DAYS)
    gone = {code for code, closed in _closed(database) if closed < cutoff}
    kept = {code for code, closed in _closed(database) if closed >= cutoff}
    with Session(database.engine) as session:
        gone_ids = set(session.exec(select(Client.id).where(Client.code.in_(gone))))
        registrations = set(session.exec(select(Registration.id).where(Registration.client_id.in_(gone_ids))))
        audit_before = session.exec(select(func.count()).select_from(AuditEntry)).one()
        plan = retention_plan(session, FROZEN_TODAY)
    figures = _figures(database)
    counts = _row_counts(database)
    touched = {table for table, count in plan.counts if count}
    assert touched >= {"client", "trajectory", "top3_plan", "unsafe_situation", "appointment", "agenda_item",
                       "registration"}

    done = perform(database, Actor("AV"), purge_closed_cases, FROZEN_TODAY, undoable=False)

    assert done.value.counts == plan.counts
    assert "gesloten dossier" in done.message
    assert {code for code, _closed_on in _closed(database)} == kept
    after = _row_counts(database)
    for table, removed in plan.counts:
        if table not in ("registration",):
            assert counts[table] - after[table] == removed, table
    assert after["registration"] == counts["registration"]  # the statistics-only rows stay
    assert after["registration_step"] == counts["registration_step"]
    assert _figures(database) == figures  # registrations per month, waiting times, weekly lengths
    with Session(database.engine) as session:
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []
        for registration in session.exec(select(Registration).where(Registration.id.in_(registrations))):
            assert registration.client_id is None and registration.reason == "" and registration.referrer_contact == ""
        steps = session.exec(select(RegistrationStep).where(RegistrationStep.registration_id.in_(registrations)))
        assert all(step.note == "" for step in steps)
        new = session.exec(select(AuditEntry).order_by(AuditEntry.id).offset(audit_before)).all()
    assert len(new) == 1
    entry = new[0]
    assert (entry.action, entry.user_code, entry.client_code) == (AuditAction.DELETE, "AV", None)
    assert "client" in entry.detail and not any(code in entry.detail for code in gone)

    again = perform(database, Actor("AV"), purge_closed_cases, FROZEN_TODAY, undoable=False)
    assert again.value.empty and again.message == "Niets op te schonen."


@pytest.mark.parametrize("offset, purged", [(-1, True), (0, False)])
def test_the_cutoff_day_itself_stays(database, offset, purged):
    """Closed on the day before the cutoff: gone; on the cutoff day (exactly the retention period): kept."""
    _set_retention(database, 365)
    cutoff = FROZEN_TODAY - timedelta(days=365)
    with database.session(Actor("AV"), write=True) as session:
        client = session.exec(select(Client).where(Client.status == ClientStatus.CLOSED)).first()
        client.closed_on = cutoff + timedelta(days=offset)
        session.add(client)
        session.commit()
        code = client.code
    perform(database, Actor("AV"), purge_closed_cases, FROZEN_TODAY, undoable=False)
    assert (code not in {c for c, _closed in _closed(database)}) is purged


def test_an_active_client_is_never_purged(database):
    with Session(database.engine) as session:
        active = session.exec(select(Client).where(Client.status == ClientStatus.ACTIVE)).all()
    far = FROZEN_TODAY + timedelta(days=5000)
    perform(database, Actor("AV"), purge_closed_cases, far, undoable=False)
    assert _closed(database) == []
    with Session(database.engine) as session:
        assert len(session.exec(select(Client)).all()) == len(active)


def test_the_command_line_counts_asks_and_no_changes_nothing(cli_passphrase, database, demo_url, capsys, monkeypatch):
    _set_retention(database)
    before = _row_counts(database)
    closed = _closed(database)

    assert main(["db", "opschonen", "--droog", "--db", demo_url]) == 0
    out = capsys.readouterr().out
    assert "Bewaartermijn gesloten dossiers: 100 dagen" in out and "cliënten" in out and "trajecten" in out
    assert "Proefdraai: er is niets verwijderd." in out
    assert not any(code in out for code, _closed_on in closed)  # counts, never codes
    assert _row_counts(database) == before

    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert main(["db", "opschonen", "--db", demo_url, "--as", "AV"]) == 1
    out = capsys.readouterr().out
    assert "Doorgaan? (j/n)" in out and "Niets verwijderd." in out
    assert _row_counts(database) == before

    monkeypatch.setattr("sys.stdin", io.StringIO("j\n"))
    assert main(["db", "opschonen", "--db", demo_url, "--as", "AV"]) == 0
    out = capsys.readouterr().out
    assert "Opgeschoond:" in out and "Het auditlog vermeldt de aantallen." in out
    assert len(_closed(database)) < len(closed)

    assert main(["db", "opschonen", "--ja", "--db", demo_url, "--as", "AV"]) == 0
    assert "Niets op te schonen." in capsys.readouterr().out


def test_the_command_line_needs_a_known_user(database, demo_url, capsys):
    _set_retention(database)
    before = _row_counts(database)
    assert main(["db", "opschonen", "--ja", "--db", demo_url, "--as", "ZZ"]) == 2
    assert "onbekende medewerkercode 'ZZ'" in capsys.readouterr().err
    assert _row_counts(database) == before
