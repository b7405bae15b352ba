"""The coordinator's audit overview (issue 16): filters, team-time periods, the export, the screen.

Model: each filter narrows; a period's days are whole team days (Europe/Amsterdam) including a
clock-change day and the turn of the year; only a coordinator reads or exports; the export names
clients by code only, is 0600 and is itself in the audit log; `teambord audit` writes the same
file. App: AV (coordinator) opens it from the palette, filters on a client whose page was just
opened and sees that read; `x` exports to the export folder; a bad date is said at the field;
JB (no coordinator) is refused; it fits 80×24.
"""

from __future__ import annotations

import argparse
import re
import stat
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from sqlmodel import Session, select

from models.actions import perform, read
from models.actions.audit_overview import export_audit_overview
from models.audit import Actor, AuditEntry
from models.audit_overview import NOT_A_COORDINATOR, AuditFilter, audit_rows, default_filename
from models.enums import AuditAction
from models.errors import DomainError
from models.export_notice import MASKED
from tests.conftest import FROZEN_TODAY, rendered, settle, wait_until

CLIENT = "ZZ-9001"  # no demo client has it: the entries below are the only ones about it
OTHER = "ZZ-9002"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def add_entries(database, *entries: tuple) -> None:
    """(at, user, action, client[, on_behalf_of]) rows straight into the log (append only)."""
    with Session(database.engine) as session:
        for at, user, action, client, *behalf in entries:
            session.add(AuditEntry(at=at, user_code=user, on_behalf_of=behalf[0] if behalf else "", action=action,
                                   entity="client", entity_id="1", client_code=client))
        session.commit()


def rows(database, audit_filter: AuditFilter, user: str = "AV"):
    return read(database, Actor(user), audit_rows, audit_filter)


def first_client(database) -> tuple[int, str, str]:
    from models.tables.clients import Client

    with Session(database.engine) as session:
        client = session.exec(select(Client).order_by(Client.code)).first()
        return client.id, client.code, client.initials


def all_initials(database) -> set[str]:
    from models.tables.clients import Client

    with Session(database.engine) as session:
        return {initials for initials in session.exec(select(Client.initials)) if initials}


# --- the model --------------------------------------------------------------------------------------


def test_each_filter_narrows(database):
    day = utc(2026, 11, 20, 10)
    add_entries(database,
                (day, "AV", AuditAction.READ, CLIENT),
                (day, "JB", AuditAction.READ, CLIENT),
                (day, "JB", AuditAction.UPDATE, CLIENT),
                (day, "SK", AuditAction.READ, CLIENT, "JB"),  # SK covering for JB
                (day, "JB", AuditAction.READ, OTHER),
                (utc(2026, 10, 1, 10), "JB", AuditAction.READ, CLIENT))
    everything = rows(database, AuditFilter(client=CLIENT))
    assert everything.total == 5 and not everything.cut_off
    assert everything.reads == 4 and dict(everything.reads_by_worker) == {"JB": 2, "AV": 1, "SK": 1}

    assert rows(database, AuditFilter(client=OTHER)).total == 1
    by_jb = rows(database, AuditFilter(worker="jb", client=CLIENT))  # lower case is fine
    assert by_jb.total == 4  # his own three and the one done on his behalf
    assert {(r.user_code, r.on_behalf_of) for r in by_jb.rows} == {("JB", ""), ("SK", "JB")}
    updates = rows(database, AuditFilter(client=CLIENT, action=AuditAction.UPDATE))
    assert [(r.user_code, r.action_label, r.what) for r in updates.rows] == [("JB", "Wijzigen", "cliënt")]
    november = rows(database, AuditFilter(client=CLIENT, start=date(2026, 11, 1), end=date(2026, 11, 30)))
    assert november.total == 4
    assert november.summary_line() == "4 regels · 3 keer ingezien"
    assert rows(database, AuditFilter(worker="AV", action=AuditAction.DELETE, client=CLIENT)).total == 0


def test_rows_come_newest_first_in_team_time_and_a_limit_cuts_off(database):
    add_entries(database, *[(utc(2026, 11, 2, 8, minute), "AV", AuditAction.READ, CLIENT) for minute in range(5)])
    page = read(database, Actor("AV"), audit_rows, AuditFilter(client=CLIENT), 3)
    assert [r.when for r in page.rows] == ["02-11-2026 09:04", "02-11-2026 09:03", "02-11-2026 09:02"]
    assert page.total == 5 and page.cut_off
    assert page.summary_line() == "5 regels · 5 keer ingezien · de nieuwste 3 getoond"


@pytest.mark.parametrize(("first", "last", "inside", "outside"), [
    # 25 October 2026, the autumn clock change: a 25-hour day, 22:00 UTC the day before to 23:00 UTC
    (date(2026, 10, 25), date(2026, 10, 25),
     [utc(2026, 10, 24, 22, 0), utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30), utc(2026, 10, 25, 22, 59)],
     [utc(2026, 10, 24, 21, 59), utc(2026, 10, 25, 23, 0)]),
    # 28 March 2027, the spring clock change: a 23-hour day
    (date(2027, 3, 28), date(2027, 3, 28),
     [utc(2027, 3, 27, 23, 0), utc(2027, 3, 28, 21, 59)],
     [utc(2027, 3, 27, 22, 59), utc(2027, 3, 28, 22, 0)]),
    # the turn of the year: 31 December ends at 23:00 UTC
    (date(2026, 12, 31), date(2026, 12, 31),
     [utc(2026, 12, 30, 23, 0), utc(2026, 12, 31, 22, 59)],
     [utc(2026, 12, 30, 22, 59), utc(2026, 12, 31, 23, 0)]),
    (date(2026, 12, 30), date(2027, 1, 1),  # across it, both ends included
     [utc(2026, 12, 29, 23, 0), utc(2026, 12, 31, 23, 0), utc(2027, 1, 1, 22, 59)],
     [utc(2026, 12, 29, 22, 59), utc(2027, 1, 1, 23, 0)]),
])
def test_the_period_is_whole_team_days_both_included(database, first, last, inside, outside):
    add_entries(database, *[(moment, "AV", AuditAction.READ, CLIENT) for moment in [*inside, *outside]])
    page = rows(database, AuditFilter(client=CLIENT, start=first, end=last))
    assert sorted(r.at.astimezone(timezone.utc) for r in page.rows) == sorted(inside)
    assert all(first <= r.at.date() <= last for r in page.rows)  # shown in team time


def test_a_filter_refuses_a_period_backwards_and_an_unknown_action():
    with pytest.raises(DomainError, match="na 'Tot'"):
        AuditFilter(start=date(2026, 11, 2), end=date(2026, 11, 1))
    with pytest.raises(DomainError, match="Onbekende actie"):
        AuditFilter(action="peek")


def test_only_a_coordinator_reads_or_exports(database, tmp_path):
    with pytest.raises(DomainError, match=NOT_A_COORDINATOR):
        rows(database, AuditFilter(), user="JB")
    with pytest.raises(DomainError, match=NOT_A_COORDINATOR):
        perform(database, Actor("JB"), export_audit_overview, AuditFilter(), tmp_path, undoable=False)
    assert list(tmp_path.glob("audit-*")) == []
    with Session(database.engine) as session:
        assert session.exec(select(AuditEntry).where(AuditEntry.entity == "audit_entry")).first() is None


def test_the_export_names_codes_only_is_private_and_is_itself_audited(database, tmp_path):
    from models.client.queries import open_client

    client_id, code, initials = first_client(database)
    read(database, Actor("JB"), open_client, client_id, audited=True)  # JB looks at the file: a "lezen" entry
    read(database, Actor("JB"), open_client, client_id, audited=True)
    audit_filter = AuditFilter(client=code, start=date(2026, 11, 1), end=FROZEN_TODAY)
    done = perform(database, Actor("AV"), export_audit_overview, audit_filter, tmp_path / "export", undoable=False)

    path = Path(done.value)
    assert path == tmp_path / "export" / f"audit-{code}-2026-11-01-2026-11-23.md" == \
        tmp_path / "export" / default_filename(audit_filter)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == MASKED
    assert f"- Cliënt: {code}" in lines and "- Periode: 01-11-2026 t/m 23-11-2026" in lines
    assert "- Geëxporteerd door: AV op 23-11-2026 08:30" in lines
    assert "| JB | 2 |" in lines  # the reads per worker: the answer to "wie heeft dit dossier ingezien?"
    assert sum(1 for line in lines if line.startswith("| 23-11-2026 08:30 | JB |  | Lezen | cliënt |")) == 2
    assert initials not in text and not re.search(r"\b[A-Z]\.[A-Z]\.", text)

    with Session(database.engine) as session:
        logged = session.exec(select(AuditEntry).where(AuditEntry.entity == "audit_entry")).all()
    assert [(e.user_code, e.action, e.client_code, e.detail) for e in logged] == \
        [("AV", AuditAction.EXPORT, code, "auditoverzicht")]


def test_a_team_export_holds_no_initials(database, tmp_path):
    done = perform(database, Actor("AV"), export_audit_overview, AuditFilter.last_days(), tmp_path, undoable=False)
    text = Path(done.value).read_text(encoding="utf-8")
    assert Path(done.value).name == "audit-team-2026-10-25-2026-11-23.md"
    assert "ZS-" in text  # the demo's entries are there, by code
    assert not any(f"| {initials} " in text or f" {initials} " in text for initials in all_initials(database))
    assert not re.search(r"\b[A-Z]\.[A-Z]\.", text)


def test_the_command_line_writes_the_same_export(cli_passphrase, database, demo_url, tmp_path, capsys):
    from tui import cli_audit

    _client_id, code, _initials = first_client(database)
    add_entries(database, (utc(2026, 11, 20, 9), "JB", AuditAction.READ, code))
    subcommands = argparse.ArgumentParser().add_subparsers()
    parser = cli_audit.add_parser(subcommands)
    args = parser.parse_args(["--client", code, "--actie", "lezen", "--van", "1-11", "--tot", "vandaag",
                              "-o", str(tmp_path / "out"), "--as", "av"])
    assert cli_audit.run(args, demo_url) == 0
    written = tmp_path / "out" / f"audit-{code}-read-2026-11-01-2026-11-23.md"
    assert str(written) in capsys.readouterr().out
    text = written.read_text(encoding="utf-8")
    assert "- Actie: Lezen" in text and "| JB | 1 |" in text
    assert stat.S_IMODE(written.stat().st_mode) == 0o600

    refused = parser.parse_args(["-o", str(tmp_path / "jb"), "--as", "JB"])
    assert cli_audit.run(refused, demo_url) == 2
    assert NOT_A_COORDINATOR in capsys.readouterr().err
    bad = parser.parse_args(["--van", "30-2", "--as", "AV", "-o", str(tmp_path)])
    assert cli_audit.run(bad, demo_url) == 2
    assert "30 februari bestaat niet" in capsys.readouterr().err
    assert cli_audit.action_value("Exporteren") == "export"


# --- the app --------------------------------------------------------------------------------------


async def _open_from_palette(pilot) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"Audit")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_a_coordinator_sees_who_read_a_client_and_exports_it(make_app, database, tmp_path, monkeypatch):
    from screens.audit.overview import AuditOverview
    from screens.client.page import ClientPage

    folder = tmp_path / "exports"
    monkeypatch.setenv("TEAMBORD_EXPORT_DIR", str(folder))
    client_id, code, initials = first_client(database)
    app = make_app(user="AV")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.open_client(client_id)
        await settle(pilot)
        assert isinstance(app.screen, ClientPage)
        await pilot.press("escape")
        await settle(pilot)

        await _open_from_palette(pilot)
        screen = app.screen
        assert isinstance(screen, AuditOverview)
        assert "Auditoverzicht" in rendered(app)
        assert screen.query_one("#audit-from").value == "25-10-2026"  # the last 30 days
        assert screen.query_one("#audit-to").value == "23-11-2026"

        await pilot.press("f", "tab")  # to the filters, then from Medewerker to Cliënt
        assert app.focused.id == "audit-client"
        await pilot.press(*code.lower(), "enter")  # Enter applies and moves to the table
        await settle(pilot)
        assert screen.page is not None and screen.page.filter.client == code
        shown = [[str(cell) for cell in screen.query_one("#audit-table").get_row_at(i)]
                 for i in range(screen.query_one("#audit-table").row_count)]
        assert ["AV", "", "Lezen", "cliënt", code] in [row[1:6] for row in shown]
        assert "1 keer ingezien" in str(screen.query_one("#audit-count").content)
        assert "AV 1×" in str(screen.query_one("#audit-reads").content)
        assert initials not in rendered(app)

        await pilot.press("x")
        await wait_until(pilot, lambda: list(folder.glob("audit-*.md")), "the export file")
        await settle(pilot)
        path = next(folder.glob("audit-*.md"))
        assert path.name == f"audit-{code}-2026-10-25-2026-11-23.md"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert "| AV | 1 |" in path.read_text(encoding="utf-8")
        assert any("Exporteren" == str(row[3]) for row in (screen.query_one("#audit-table").get_row_at(i)
                                                             for i in range(screen.query_one("#audit-table").row_count)))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AuditOverview)


async def test_a_bad_date_is_said_at_the_field_and_a_client_opens_pre_filtered(make_app, database):
    from screens.audit.overview import AuditOverview, open_audit_overview

    _client_id, code, _initials = first_client(database)
    app = make_app(user="AV")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        open_audit_overview(app, client_code=code.lower())
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AuditOverview)
        assert screen.query_one("#audit-client").value == code and screen.query_one("#audit-from").value == ""
        assert screen.page is not None and screen.page.filter.start is None  # all of one client's history

        screen.query_one("#audit-from").value = "30-2"
        screen.query_one("#audit-from").focus()
        await pilot.press("enter")
        await settle(pilot)
        error = screen.query_one("#audit-error")
        assert str(error.content).startswith("Van: ") and "30 februari bestaat niet" in str(error.content)
        assert screen.query_one("#audit-from").has_class("-invalid") and app.focused.id == "audit-from"
        screen.query_one("#audit-from").value = "1-11"
        await pilot.press("enter")
        await settle(pilot)
        assert not error.has_class("-shown") and screen.page.filter.start == date(2026, 11, 1)


async def test_someone_who_is_no_coordinator_is_refused(make_app):
    from screens.audit.overview import REFUSED, AuditOverview, open_audit_overview

    app = make_app(user="JB")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.user is not None and not app.user.coordinator
        open_audit_overview(app)
        await settle(pilot)
        assert not isinstance(app.screen, AuditOverview)
        assert any(REFUSED in str(n.message) for n in app._notifications)
        await _open_from_palette(pilot)  # no such command for JB: Enter chooses nothing of it
        assert not isinstance(app.screen, AuditOverview)


async def test_the_overview_fits_80_by_24(make_app):
    from screens.audit.overview import open_audit_overview

    app = make_app(user="AV")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        open_audit_overview(app)
        await settle(pilot)
        text = rendered(app)
        for words in ("Medewerker", "Cliënt", "Actie", "Van", "Tot", "23-11-2026", "regels", "Wanneer", "Wat"):
            assert words in text, words
        assert all(len(line.rstrip()) <= 80 for line in text.splitlines())
        footer = text.splitlines()[-1]
        assert "Exporteren" in footer and "Filters" in footer and "Terug" in footer
        await pilot.press("f")  # to the filters; x is typed there, not an export
        await pilot.pause()
        assert app.focused.id == "audit-worker"


@pytest.mark.parametrize("user, opens", [("AV", True), ("JB", False)])
async def test_i_on_a_client_page_shows_who_viewed_it_to_a_coordinator_only(make_app, database, user, opens):
    from screens.audit.overview import AuditOverview
    from screens.client.page import ClientPage

    client_id, code, _initials = first_client(database)
    app = make_app(user=user)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.open_client(client_id)
        await settle(pilot)
        assert isinstance(app.screen, ClientPage)
        key = app.screen.active_bindings.get("i")  # in the footer and usable only for a coordinator
        assert (key is not None and key.enabled and key.binding.action == "who_viewed") is opens
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, AuditOverview) is opens
        if opens:
            assert app.screen.page.filter.client == code and app.screen.page.filter.start is None
            assert f"{user}" in [str(row[1]) for row in (app.screen.query_one("#audit-table").get_row_at(i)
                                                         for i in range(app.screen.query_one("#audit-table").row_count))]
