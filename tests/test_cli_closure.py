"""`teambord sluitingsdag`: a coordinator sets the team's closure days, and the planning avoids them."""

from __future__ import annotations

import pytest

from datetime import date

from sqlmodel import Session, create_engine

from models.days_off import closure_days, is_day_off
from tui.cli import main

pytestmark = pytest.mark.usefixtures("cli_passphrase")  # they act as a demo worker


def test_add_list_and_remove_a_closure_day(demo_url, capsys):
    assert main(["sluitingsdag", "toevoegen", "28-12-2026", "Tussen de feestdagen", "--as", "av", "--db", demo_url]) == 0
    assert "Sluitingsdag ma 28 dec 2026 (Tussen de feestdagen) opgeslagen" in capsys.readouterr().out
    engine = create_engine(demo_url)
    with Session(engine) as session:
        assert closure_days(session)[date(2026, 12, 28)] == "Tussen de feestdagen"
        assert is_day_off(session, date(2026, 12, 28))
    assert main(["sluitingsdag", "--db", demo_url]) == 0
    assert "ma 28 dec 2026  Tussen de feestdagen" in capsys.readouterr().out

    assert main(["sluitingsdag", "verwijderen", "28-12-2026", "--as", "AV", "--db", demo_url]) == 0
    with Session(engine) as session:
        assert not is_day_off(session, date(2026, 12, 28))
    engine.dispose()


def test_refusals_are_dutch_and_change_nothing(demo_url, capsys):
    assert main(["sluitingsdag", "toevoegen", "25-12-2026", "--as", "AV", "--db", demo_url]) == 2
    assert "al een feestdag (Eerste kerstdag)" in capsys.readouterr().err
    assert main(["sluitingsdag", "toevoegen", "30-2-2027", "--as", "AV", "--db", demo_url]) == 2
    assert "ongeldige datum" in capsys.readouterr().err
    assert main(["sluitingsdag", "verwijderen", "29-12-2026", "--as", "AV", "--db", demo_url]) == 2
    assert "geen sluitingsdag" in capsys.readouterr().err
    assert main(["sluitingsdag", "toevoegen", "--db", demo_url]) == 2
    assert "geef de datum" in capsys.readouterr().err
