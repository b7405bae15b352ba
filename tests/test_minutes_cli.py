"""`teambord export verslag`: masked by default, names only with --namen, audited per client."""

from __future__ import annotations

from sqlmodel import Session, select

from models.audit import AuditEntry
from models.tables.clients import Client
from models.enums import AuditAction
from models.tables.overleg import AgendaItem
from models.overleg.queries import meeting_on
from tests.conftest import FROZEN_TODAY
from tui.cli import main

LAST_WEEK = FROZEN_TODAY.replace(day=17)


def _clients(database) -> list[Client]:
    with Session(database.engine) as session:
        meeting = meeting_on(session, LAST_WEEK)
        ids = [i.client_id for i in session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
               if i.client_id]
        return list(session.exec(select(Client).where(Client.id.in_(ids))))


def test_export_verslag_is_masked_and_audited(demo_url, database, tmp_path, capsys):
    code = main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--db", demo_url, "--as", "av",
                 "--uit", str(tmp_path)])
    assert code == 0
    path = tmp_path / "verslag-overleg-2026-11-17.md"
    text = path.read_text(encoding="utf-8")
    out = capsys.readouterr().out
    assert str(path) in out and "gemaskeerd" in out
    clients = _clients(database)
    assert clients and all(c.code in text for c in clients)
    assert not any(c.initials in text for c in clients)
    assert not any(c.code in out for c in clients)  # nothing about clients on stdout
    with Session(database.engine) as session:
        exports = session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT)).all()
    assert {e.client_code for e in exports} >= {c.code for c in clients}
    assert {e.user_code for e in exports} == {"AV"}


def test_export_verslag_with_names_only_when_asked(demo_url, database, tmp_path):
    target = tmp_path / "verslag.md"
    assert main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--namen", "--db", demo_url, "--as", "AV",
                 "--uit", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert any(f"({c.initials})" in text for c in _clients(database))
    assert "Anouk Verhoef (AV)" in text


def test_export_verslag_refuses_clearly(demo_url, tmp_path, capsys):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    assert main(["export", "verslag", "--date", "2026-11-18", "--db", demo_url, "--as", "AV",
                 "--uit", str(tmp_path)]) == 2
    assert "geen overleg op woensdag 18 november 2026" in capsys.readouterr().err
    assert main(["export", "verslag", "--date", "17-11-2026", "--db", demo_url, "--as", "AV"]) == 2
    assert "JJJJ-MM-DD" in capsys.readouterr().err
    assert main(["export", "verslag", "--date", "2026-11-17", "--db", demo_url, "--as", "ZZ",
                 "--uit", str(tmp_path)]) == 2
    assert "onbekende medewerkercode" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
