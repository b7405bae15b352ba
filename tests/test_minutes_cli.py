"""`teambord export verslag`: masked by default, names only with --namen, audited per client."""

from __future__ import annotations

import pytest

from sqlmodel import Session, select

from models.audit import AuditEntry
from models.tables.clients import Client
from models.enums import AuditAction
from models.tables.overleg import AgendaItem
from models.overleg.queries import meeting_on
from tests.conftest import FROZEN_TODAY
from tui.cli import main

LAST_WEEK = FROZEN_TODAY.replace(day=17)

pytestmark = pytest.mark.usefixtures("cli_passphrase")  # they act as a demo worker


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
    assert main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--namen", "--ja", "--db", demo_url,
                 "--as", "AV", "--uit", str(target)]) == 0
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


def _notes_on_last_week(database, text: str) -> None:
    from models.audit import Actor

    with database.session(Actor("AV"), write=True) as session:
        meeting = meeting_on(session, LAST_WEEK)
        item = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
                            .order_by(AgendaItem.position)).first()
        item.notes = text
        session.add(item)
        session.commit()


def test_without_uit_the_minutes_go_to_the_export_folder(demo_url, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("TEAMBORD_EXPORT_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    (tmp_path / "config" / "teambord").mkdir(parents=True)
    folder = tmp_path / "Exports team"
    (tmp_path / "config" / "teambord" / "config.json").write_text(f'{{"export_folder": "{folder}"}}')
    monkeypatch.chdir(tmp_path)
    assert main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--db", demo_url, "--as", "AV"]) == 0
    path = folder / "verslag-overleg-2026-11-17.md"
    assert path.exists() and not (tmp_path / path.name).exists()
    out, err = capsys.readouterr()
    assert f"geschreven: {path}" in out and err == ""  # no progress bar when stderr is not a terminal
    target = tmp_path / "elders.md"
    assert main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--db", demo_url, "--as", "AV",
                 "-o", str(target)]) == 0
    assert target.exists()
    monkeypatch.setenv("TEAMBORD_EXPORT_DIR", str(tmp_path / "beheer"))  # overrides the config
    assert main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--db", demo_url, "--as", "AV"]) == 0
    assert (tmp_path / "beheer" / path.name).exists()


def test_a_wrong_export_folder_in_the_config_is_said_on_stderr(demo_url, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("TEAMBORD_EXPORT_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path))
    (tmp_path / "config" / "teambord").mkdir(parents=True)
    (tmp_path / "config" / "teambord" / "config.json").write_text('{"export_folder": 12}')
    assert main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--db", demo_url, "--as", "AV"]) == 0
    out, err = capsys.readouterr()
    assert "let op" in err and '"export_folder" moet een volledig pad' in err
    assert (tmp_path / "Teambord" / "verslag-overleg-2026-11-17.md").exists()  # the default folder


def test_the_meeting_notes_are_in_the_minutes_unless_the_team_says_no(demo_url, database, tmp_path):
    from models.settings import TeamSetting

    _notes_on_last_week(database, "Kinderen waren getuige.\n*Let op*: broer [b]weet[/b] het niet")
    target = tmp_path / "met.md"
    assert main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--db", demo_url, "--as", "AV",
                 "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "- **Opmerkingen:**\n  - Kinderen waren getuige.\n  - \\*Let op\\*: broer \\[b\\]weet\\[/b\\] het niet" in text
    with Session(database.engine) as session:
        session.add(TeamSetting(key="minutes_include_notes", value="false"))
        session.commit()
    target = tmp_path / "zonder.md"
    assert main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--db", demo_url, "--as", "AV",
                 "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "Opmerkingen" not in text and "getuige" not in text


class _Terminal:
    """stderr as a terminal, remembering what was drawn on it."""

    def __init__(self) -> None:
        import io

        self.buffer = io.StringIO()

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return self.buffer.write(text)

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        raise OSError("no file")


def test_on_a_terminal_the_export_shows_a_progress_bar(demo_url, tmp_path, monkeypatch, capsys):
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--db", demo_url, "--as", "AV",
                 "-o", str(tmp_path)]) == 0
    drawn = terminal.buffer.getvalue()
    assert "Verslag" in drawn and "/3" in drawn  # the bar and its steps, on stderr only
    assert "Verslag" in capsys.readouterr().out
