"""The client page and the Top-3 editor, driven by real key presses on a seeded demo database.

A first Top-3 and a revised version are entered by keys (Tab from field to field, the editor's
commands; each text is pasted into its field in one step, tests/conftest.py `paste`), compared, and
checked in the database; rejected inputs, draft recovery across app restarts and the audit entries are checked
as well. (A colleague's concurrent save, the merge and undo: tests/test_top3_caseload_merge_undo.py.)
"""

from __future__ import annotations

import io
from datetime import date

from rich.console import Console
from sqlmodel import Session, select
from textual.widgets import DataTable, Label, Select, Static, TextArea

from models.audit import AuditEntry
from models.tables.clients import Client
from models.enums import AgreementStatus, AuditAction, ClientStatus
from models.tables.top3 import SafetyAgreement, Top3Plan, UnsafeSituation
from models.tables.workers import Worker
from screens.client.page import ClientPage
from screens.common.confirm import ConfirmScreen
from screens.top3.compare import Top3Compare
from screens.top3.editor import Choice, Top3Editor
from tests.conftest import paste, settle, tab_to

SIZE = (160, 48)


# --- helpers ------------------------------------------------------------------------------

def plain(renderable, width: int = 156) -> str:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def static_text(app, selector: str) -> str:
    return plain(app.screen.query_one(selector, Static).content)


def label_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Label).content)


def client_without_plan(database, worker_code: str = "AV") -> tuple[int, str, str]:
    with Session(database.engine) as session:
        client = session.exec(
            select(Client).join(Worker, Worker.id == Client.worker_id)
            .where(Client.status == ClientStatus.ACTIVE, Worker.code == worker_code)
            .where(Client.id.not_in(select(Top3Plan.client_id))).order_by(Client.code)
        ).first()
        return client.id, client.code, client.initials


def client_with_plan(database) -> tuple[int, str, int]:
    with Session(database.engine) as session:
        plan = session.exec(select(Top3Plan).join(Client).where(Client.status == ClientStatus.ACTIVE)
                            .order_by(Top3Plan.number.desc(), Client.code)).first()
        code = session.get(Client, plan.client_id).code
        return plan.client_id, code, plan.number


async def open_by_palette(pilot, code: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await paste(pilot, code)  # typing in the palette: tests/test_palette.py
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ClientPage)


async def type_into(pilot, widget_id: str, text: str, *, clear: bool = False) -> None:
    await tab_to(pilot, widget_id)
    if clear:
        await pilot.press("ctrl+u")
    await paste(pilot, text)


def field_error(app, widget_id: str) -> str:
    return label_text(app, f"#{widget_id}-error")


def plans_of(database, client_id: int) -> list[Top3Plan]:
    with Session(database.engine) as session:
        return list(session.exec(select(Top3Plan).where(Top3Plan.client_id == client_id).order_by(Top3Plan.number)))


def parts_of(database, plan_id: int) -> tuple[list[UnsafeSituation], list[SafetyAgreement]]:
    with Session(database.engine) as session:
        situations = list(session.exec(select(UnsafeSituation).where(UnsafeSituation.plan_id == plan_id)
                                       .order_by(UnsafeSituation.rank)))
        agreements = list(session.exec(select(SafetyAgreement).where(SafetyAgreement.plan_id == plan_id)
                                       .order_by(SafetyAgreement.position)))
    return situations, agreements


FIRST = "Partner slaat cliente in de woonkamer na drankgebruik, vrijdagavond"
SCHOOL = "Ex-partner wacht cliente op bij de school van de kinderen, 's ochtends"


# --- the tests ----------------------------------------------------------------------------

async def test_first_and_revised_top3_by_keys_then_compared(make_app, database):
    client_id, code, initials = client_without_plan(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_by_palette(pilot, code)
        page = app.screen
        assert label_text(app, "#client-title") == f"Cliënt {code} ({initials})"
        assert "Nog geen Top-3" in static_text(app, "#top3-plan")

        # A first Top-3: the editor starts with one empty situation and one empty agreement.
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, Top3Editor)
        assert "nieuwe versie 1 (eerste Top-3)" in label_text(app, "#form-title")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert field_error(app, "s1-description") == "Beschrijf ten minste één onveilige situatie."
        assert app.focused.id == "s1-description"

        await paste(pilot, FIRST)
        await type_into(pilot, "s1-family", "cliente, partner")
        await type_into(pilot, "s1-last", "20-11-2026")
        await type_into(pilot, "s1-risks", "alcohol; schulden")
        await type_into(pilot, "a2-who", "partner")
        await type_into(pilot, "a2-what", "drinkt niet thuis")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert field_error(app, "a2-until") == "Vul in tot wanneer de afspraak geldt."
        await type_into(pilot, "a2-until", "31-12-2026")
        await type_into(pilot, "a2-checked", "wijkagent")
        await type_into(pilot, "a2-consequence", "partner slaapt elders")
        await type_into(pilot, "made-with", "cliente en wijkagent")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert field_error(app, "evaluate-on") == "Vul de datum van de volgende evaluatie in."
        await type_into(pilot, "evaluate-on", "20-11-2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert field_error(app, "evaluate-on") == "De evaluatiedatum kan niet in het verleden liggen."
        assert app.screen is editor
        assert all(p.is_draft for p in plans_of(database, client_id))  # refused saves wrote no version
        await type_into(pilot, "evaluate-on", "7-12-2026", clear=True)
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert app.screen is page
        assert "Versie 1" in static_text(app, "#top3-plan")
        assert FIRST in static_text(app, "#top3-plan")

        # A revised version starts as a copy; a new situation goes to the top; an agreement is kept.
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert "nieuwe versie 2 (kopie van versie 1)" in label_text(app, "#form-title")
        assert editor.query_one("#s1-description", TextArea).text == FIRST
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.focused.id == "s3-description"
        await paste(pilot, SCHOOL)
        await pilot.press("alt+up")
        await settle(pilot)
        assert [b.border_title for b in editor.situation_blocks] == ["Situatie 1", "Situatie 2"]
        assert editor.situation_blocks[0].serial == 3  # the new one is now the most unsafe
        await pilot.press("ctrl+n")
        await pilot.press("ctrl+n")  # a fourth situation is refused at the field
        await settle(pilot)
        assert len(editor.situation_blocks) == 3
        assert field_error(app, "situations").startswith("Een Top-3 heeft ten hoogste drie situaties")
        await pilot.press("ctrl+r")  # the empty third goes again
        await settle(pilot)
        assert len(editor.situation_blocks) == 2
        await tab_to(pilot, "a2-status")
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert editor.query_one("#a2-status", Select).value == AgreementStatus.NAGEKOMEN
        await type_into(pilot, "evaluate-on", "21-12-2026", clear=True)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is page

        table = page.query_one("#top3-versions", DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["2", "1"]

        # Compare: the newest against the one before, with the changes marked.
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, Top3Compare)
        summary = label_text(app, "#compare-summary")
        assert "situaties: 1 nieuw, 1 andere plaats" in summary
        assert "afspraken: 1 status gewijzigd" in summary and "evaluatie" in summary
        body = static_text(app, "#compare-body")
        assert "+ nieuw" in body and "↓ plaats 1 → 2" in body and "Loopt → Nagekomen" in body
        await pilot.press("q")
        await settle(pilot)
        assert app.screen is page

    plans = plans_of(database, client_id)
    assert [(p.number, p.is_draft, p.evaluate_on) for p in plans] == [(1, False, date(2026, 12, 7)),
                                                                      (2, False, date(2026, 12, 21))]
    first_situations, first_agreements = parts_of(database, plans[0].id)
    assert [(s.rank, s.description, s.family_members, s.last_occurrence, s.risk_factors) for s in first_situations] == [
        (1, FIRST, "cliente, partner", date(2026, 11, 20), "alcohol; schulden")]
    assert [(a.who, a.what, a.until, a.checked_by, a.consequence, a.status) for a in first_agreements] == [
        ("partner", "drinkt niet thuis", date(2026, 12, 31), "wijkagent", "partner slaapt elders", "loopt")]
    assert plans[0].made_with == "cliente en wijkagent"
    second_situations, second_agreements = parts_of(database, plans[1].id)
    assert [(s.rank, s.description) for s in second_situations] == [(1, SCHOOL), (2, FIRST)]
    assert [a.status for a in second_agreements] == ["nagekomen"]
    with Session(database.engine) as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.client_code == code, AuditEntry.user_code == "AV")).all()
    reads = [e for e in entries if e.action == AuditAction.READ]
    assert len(reads) >= 3 and all(e.entity == "client" for e in reads)  # each (re)load of the page
    created = [e.entity for e in entries if e.action == AuditAction.CREATE]
    assert created.count("top3_plan") >= 2 and {"unsafe_situation", "safety_agreement"} <= set(created)
    assert "top3_plan" in {e.entity for e in entries if e.action == AuditAction.DELETE}  # the draft, once saved


async def test_draft_survives_closing_the_app_and_is_offered_again(make_app, database, demo_url):
    client_id, code, _initials = client_without_plan(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_by_palette(pilot, code)
        await pilot.press("n")
        await settle(pilot)
        await paste(pilot, FIRST)
        await type_into(pilot, "s1-family", "cliente")  # leaving the description autosaves the draft
        await settle(pilot)
        drafts = [p for p in plans_of(database, client_id) if p.is_draft]
        assert len(drafts) == 1 and parts_of(database, drafts[0].id)[0][0].description == FIRST
        await paste(pilot, ", kinderen")
        # Closing the app mid-edit asks first; what was typed last is kept too.
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and "bewaard als concept" in app.screen.question
        await pilot.press("j")
        await settle(pilot)
    assert not app.is_running
    drafts = [p for p in plans_of(database, client_id) if p.is_draft]
    assert len(drafts) == 1 and parts_of(database, drafts[0].id)[0][0].family_members == "cliente, kinderen"

    again = make_app(url=demo_url)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_by_palette(pilot, code)
        assert "Concept (laatst bewaard" in static_text(again, "#top3-draft")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(again.screen, Choice)
        assert "niet-opgeslagen concept" in label_text(again, "#choice-question")
        await pilot.press("j")
        await settle(pilot)
        editor = again.screen
        assert isinstance(editor, Top3Editor)
        assert "(concept)" in label_text(again, "#form-title")
        assert editor.query_one("#s1-description", TextArea).text == FIRST
        assert editor.query_one("#s1-family").value == "cliente, kinderen"

        # Leaving with unsaved changes asks first; "n" goes back to editing.
        await type_into(pilot, "s1-risks", "stress")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(again.screen, Choice)
        await pilot.press("n")
        await settle(pilot)
        assert again.screen is editor
        # "w" throws the draft away.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(again.screen, ClientPage)
        assert static_text(again, "#top3-draft").strip() == ""
    assert plans_of(database, client_id) == []


async def test_client_page_header_tabs_and_masking(make_app, database):
    with Session(database.engine) as session:
        client = session.exec(select(Client).where(Client.status == ClientStatus.ACTIVE,
                                                   Client.huisverbod_end.is_not(None)).order_by(Client.code)).first()
        code, initials = client.code, client.initials
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_by_palette(pilot, code)
        facts = static_text(app, "#client-facts")
        assert "Huisverbod:" in facts and "t/m" in facts and "Medewerker:" in facts and "Kinderen:" in facts
        assert "Hulpvorm:" in facts and "gesprekken" in facts
        assert f"({initials})" in label_text(app, "#client-title")
        await pilot.press("m")
        await settle(pilot)
        assert label_text(app, "#client-title") == f"Cliënt {code}"
        for key, tab, table_id in (("a", "tab-afspraken", "#client-past"), ("h", "tab-traject", "#client-trajectories"),
                                   ("l", "tab-log", "#client-log"), ("v", "tab-overdrachten", "#client-handovers")):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen.query_one("#client-tabs").active == tab
            assert app.screen.query_one(table_id, DataTable).row_count >= 1
        log = app.screen.query_one("#client-log", DataTable)
        assert [str(c) for c in log.get_row_at(0)][1:5] == ["AV", "", "Lezen", "cliënt"]
        await pilot.press("o")
        await settle(pilot)
        assert "Vraag aan het team" in static_text(app, "#client-overleg")
        await pilot.press("q")
        await settle(pilot)
        assert not isinstance(app.screen, ClientPage)
