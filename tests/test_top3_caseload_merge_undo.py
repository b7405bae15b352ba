"""Two colleagues on one client: a Top-3 version and each caseload move, refused, merged and saved;
and Ctrl+Z taking back a saved version and every kind of caseload move.

AV and JB each run the real app on the same database file (the frozen demo monday). Forms are
filled in one step (widget values set directly), then driven by keys; the database is checked
afterwards.
"""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session, col, select
from textual.widgets import DataTable, Input, Select, TextArea

from models.audit import Actor
from models.tables.clients import Client, Trajectory
from models.enums import AgreementStatus, ClientStatus, Fase, Hulpvorm
from models.top3.queries import current_plan, plan_versions
from models.tables.top3 import Top3Plan
from screens.caseload.screen import CaseloadScreen
from screens.caseload.trajectory_forms import CloseTrajectoryForm, FollowUpForm
from screens.client.page import ClientPage
from screens.common.confirm import ConfirmScreen
from screens.top3.editor import TheirRow, Top3Editor
from tests.conftest import FROZEN_TODAY, settle
from tests.test_caseload_screen import open_caseload, selected_client
from tests.test_top3_screens import label_text, open_by_palette, static_text

SIZE = (160, 48)


def client_with_a_full_plan(database) -> tuple[int, str]:
    """An active client whose current Top-3 has at least two situations and two agreements."""
    with Session(database.engine) as session:
        for client in session.exec(select(Client).where(Client.status == ClientStatus.ACTIVE).order_by(Client.code)):
            plan = current_plan(session, client.id)
            if plan and len(plan.content.situations) >= 2 and len(plan.content.agreements) >= 2:
                return client.id, client.code
    raise AssertionError("the demo has no client with a full Top-3")


def versions(database, client_id: int):
    with Session(database.engine) as session:
        return plan_versions(session, client_id)


def drafts(database, client_id: int) -> int:
    with Session(database.engine) as session:
        return len(session.exec(select(Top3Plan).where(Top3Plan.client_id == client_id, Top3Plan.is_draft)).all())


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def open_editor(pilot, code: str) -> Top3Editor:
    await settle(pilot)
    await open_by_palette(pilot, code)
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, Top3Editor)
    return pilot.app.screen


def fill(form, values: dict[str, object]) -> None:
    """Set fields in one step, as if typed."""
    for widget_id, value in values.items():
        widget = form.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            widget.text = value
        else:
            widget.value = value


def situation_id(editor: Top3Editor, index: int, part: str) -> str:
    return f"s{editor.situation_blocks[index].serial}-{part}"


def agreement_id(editor: Top3Editor, index: int, part: str) -> str:
    return f"a{editor.agreement_blocks[index].serial}-{part}"


# --- Top-3 ---------------------------------------------------------------------------------------


async def test_a_second_ctrl_s_after_a_refusal_is_refused_again_and_ctrl_l_merges_per_row(make_app, database):
    client_id, code = client_with_a_full_plan(database)
    stored = versions(database, client_id)[0]
    first, second = stored.content.situations[:2]
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        editor_av = await open_editor(pilot_av, code)
        editor_jb = await open_editor(pilot_jb, code)
        # AV: situation 1's family members, agreement 2's wording.
        fill(editor_av, {situation_id(editor_av, 0, "family"): first.family_members + ", oma",
                         agreement_id(editor_av, 1, "what"): "Belt elke avond om 21 uur"})
        # JB, first: situation 1's and 2's risk factors, with whom the plan was made.
        fill(editor_jb, {situation_id(editor_jb, 0, "risks"): "alcohol, schulden (JB)",
                         situation_id(editor_jb, 1, "risks"): "stress (JB)",
                         "made-with": "cliënt, wijkagent (JB)"})
        await pilot_jb.pause()
        await pilot_jb.press("ctrl+s")
        await settle(pilot_jb)
        assert isinstance(jb.screen, ClientPage)
        assert versions(database, client_id)[0].number == stored.number + 1

        await pilot_av.pause()
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert av.screen is editor_av  # refused, everything typed still there
        banner = label_text(av, "#form-error")
        assert f"Intussen is versie {stored.number + 1} van deze Top-3 opgeslagen door JB" in banner
        assert "Ctrl+L" in banner
        # The bug: a second Ctrl+S saved AV's stale copy over JB's version. Now it is refused again.
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert av.screen is editor_av and "opgeslagen door JB" in label_text(av, "#form-error")
        assert [v.number for v in versions(database, client_id)][0] == stored.number + 1

        await pilot_av.press("ctrl+l")
        await settle(pilot_av)
        assert "overgenomen" in label_text(av, "#form-error")
        assert f"nieuwe versie {stored.number + 2}" in label_text(av, "#form-title")
        # Row 1, changed by both: AV's input, JB's version shown under it.
        assert editor_av.query_one(f"#{situation_id(editor_av, 0, 'family')}", Input).value.endswith(", oma")
        theirs = editor_av.situation_blocks[0].query_one(TheirRow)
        assert "Nu opgeslagen in versie" in str(theirs.render()) and "alcohol, schulden (JB)" in str(theirs.render())
        # Row 2 and "gemaakt met", left alone by AV: JB's.
        assert editor_av.query_one(f"#{situation_id(editor_av, 1, 'risks')}", TextArea).text == "stress (JB)"
        assert editor_av.query_one("#made-with", Input).value == "cliënt, wijkagent (JB)"
        assert editor_av.query_one(f"#{agreement_id(editor_av, 1, 'what')}", Input).value == "Belt elke avond om 21 uur"

        await pilot_av.press("ctrl+s")  # AV's input on top of JB's version
        await settle(pilot_av)
        assert isinstance(av.screen, ClientPage)
        assert f"Versie {stored.number + 2}" in static_text(av, "#top3-plan")

    saved = versions(database, client_id)
    assert [v.number for v in saved[:3]] == [stored.number + 2, stored.number + 1, stored.number]
    assert (saved[0].author_code, saved[1].author_code) == ("AV", "JB")
    merged = saved[0].content
    assert merged.situations[0] == replace(first, family_members=first.family_members + ", oma")
    assert merged.situations[1] == replace(second, risk_factors="stress (JB)")
    assert merged.made_with == "cliënt, wijkagent (JB)"
    assert merged.agreements[1].what == "Belt elke avond om 21 uur"
    assert merged.agreements[0] == stored.content.agreements[0]


async def test_ctrl_z_on_the_client_page_takes_back_a_saved_version(make_app, database):
    client_id, code = client_with_a_full_plan(database)
    stored = versions(database, client_id)[0]
    app = make_app("AV")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, code)
        fill(editor, {agreement_id(editor, 0, "status"): AgreementStatus.NAGEKOMEN})
        await pilot.press("tab")  # leaving a field keeps the draft
        await settle(pilot)
        assert drafts(database, client_id) == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ClientPage)
        assert drafts(database, client_id) == 0  # the version replaced it
        assert any(f"Top-3 versie {stored.number + 1} opgeslagen. Ctrl+Z maakt ongedaan." in m for m in messages(app))
        assert f"Versie {stored.number + 1}" in static_text(app, "#top3-plan")

        await pilot.press("ctrl+z")
        await settle(pilot)
        assert isinstance(app.screen, ClientPage)
        assert f"Versie {stored.number} " in static_text(app, "#top3-plan")
        table = app.screen.query_one("#top3-versions", DataTable)
        assert str(table.get_row_at(0)[0]) == str(stored.number)
        assert any(m.startswith(f"Ongedaan gemaakt: Top-3 versie {stored.number + 1}") for m in messages(app))
        # What was typed is not lost: it is the draft again, offered with "n".
        assert "Concept (laatst bewaard" in static_text(app, "#top3-draft")
    assert versions(database, client_id)[0] == stored
    assert drafts(database, client_id) == 1
    with Session(database.engine) as session:
        assert session.exec(select(Top3Plan).where(Top3Plan.client_id == client_id,
                                                   Top3Plan.number == stored.number + 1)).first() is None


# --- caseload ------------------------------------------------------------------------------------


def client_row(database, client_id: int) -> Client:
    with Session(database.engine) as session:
        return session.get(Client, client_id)


def trajectories(database, client_id: int) -> list[Trajectory]:
    with Session(database.engine) as session:
        return list(session.exec(select(Trajectory).where(Trajectory.client_id == client_id)
                                 .order_by(col(Trajectory.id))))


async def test_a_fase_change_on_a_client_a_colleague_just_changed_is_refused(make_app, database):
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        await open_caseload(pilot_av)
        await open_caseload(pilot_jb)
        client_id, _row = selected_client(av)
        assert selected_client(jb)[0] == client_id
        before = client_row(database, client_id).fase
        await pilot_av.press("f")  # AV's question is based on the client as it is now ...
        await settle(pilot_av)
        assert isinstance(av.screen, ConfirmScreen)
        await pilot_jb.press("f")  # ... and JB changes the fase first
        await settle(pilot_jb)
        await pilot_jb.press("j")
        await settle(pilot_jb)
        changed = client_row(database, client_id).fase
        assert changed != before

        await pilot_av.press("j")
        await settle(pilot_av)
        assert client_row(database, client_id).fase == changed  # not switched back
        assert any("intussen gewijzigd door JB (gewijzigd: fase)" in m for m in messages(av))
        assert selected_client(av)[1][1] == Fase.label_of(changed)  # AV's list shows it as it is now


async def open_move(pilot, key: str, form_type):
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, form_type)
    return pilot.app.screen


async def test_a_follow_up_after_a_colleagues_follow_up_is_refused_until_merged(make_app, database):
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        await open_caseload(pilot_av)
        await open_caseload(pilot_jb)
        client_id, _row = selected_client(av)
        form_av = await open_move(pilot_av, "v", FollowUpForm)
        await open_move(pilot_jb, "v", FollowUpForm)
        fill(form_av, {"hulpvorm": Hulpvorm.AWARE.value})
        await pilot_av.pause()
        await pilot_jb.press("ctrl+s")  # JB: a vervolgmodule, from today
        await settle(pilot_jb)
        assert isinstance(jb.screen, CaseloadScreen)
        count = len(trajectories(database, client_id))

        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert av.screen is form_av
        banner = label_text(av, "#form-error")
        assert "Het traject van deze cliënt is intussen gewijzigd door JB (nu: Vervolgmodule sinds " in banner
        assert "Ctrl+L" in banner
        await pilot_av.press("ctrl+s")  # refused again: never a second follow-up on a stale state
        await settle(pilot_av)
        assert av.screen is form_av and "intussen gewijzigd door JB" in label_text(av, "#form-error")
        assert len(trajectories(database, client_id)) == count

        await pilot_av.press("ctrl+l")
        await settle(pilot_av)
        assert "Vervolgmodule sinds" in form_av.query_one("#now", Input).value  # JB's state, taken over
        assert form_av.query_one("#hulpvorm", Select).value == Hulpvorm.AWARE.value  # AV's choice stays
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert isinstance(av.screen, CaseloadScreen)

    *_, jbs, avs = trajectories(database, client_id)
    assert (jbs.hulpvorm, jbs.end_date, jbs.end_reason) == ("vervolgmodule", FROZEN_TODAY, "Over naar AWARE-traject")
    assert (avs.hulpvorm, avs.end_date) == ("aware", None)


async def test_closing_after_a_colleague_recorded_the_melding_merges_their_melding(make_app, database):
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        await open_caseload(pilot_av)
        client_id, _row = selected_client(av)
        with database.session(Actor("AV"), write=True) as session:  # children involved, no melding yet
            client = session.get(Client, client_id)
            client.children_involved, client.melding_date, client.melding_note = True, None, ""
            session.commit()
        await open_caseload(pilot_jb)
        form_av = await open_move(pilot_av, "a", CloseTrajectoryForm)
        form_jb = await open_move(pilot_jb, "a", CloseTrajectoryForm)
        fill(form_av, {"reason": "Verhuisd naar Utrecht", "melding_note": "Meldcode gewogen: kinderen veilig"})
        # JB ends only the trajectory, and records the melding.
        fill(form_jb, {"reason": "Doelen bereikt", "close_client": "nee", "melding_date": "20-11-2026",
                       "melding_note": "Melding gedaan door JB"})
        await pilot_av.pause()
        await pilot_jb.pause()
        await pilot_jb.press("ctrl+s")
        await settle(pilot_jb)
        assert isinstance(jb.screen, CaseloadScreen)

        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert av.screen is form_av
        assert "Deze cliënt is intussen gewijzigd door JB (gewijzigd: melding VT, reden geen melding)" in \
            label_text(av, "#form-error")
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert av.screen is form_av and client_row(database, client_id).status == ClientStatus.ACTIVE

        await pilot_av.press("ctrl+l")
        await settle(pilot_av)
        assert form_av.query_one("#melding_date", Input).value == "20-11-2026"  # AV left it alone: JB's
        assert form_av.query_one("#melding_note", Input).value == "Meldcode gewogen: kinderen veilig"  # both: AV's
        assert "nu opgeslagen: Melding gedaan door JB" in label_text(av, "#melding_note-hint")
        assert "geen lopend traject" in form_av.query_one("#now", Input).value
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert isinstance(av.screen, CaseloadScreen)

    client = client_row(database, client_id)
    assert (client.status, client.closed_on) == (ClientStatus.CLOSED, FROZEN_TODAY)
    assert (client.melding_date.isoformat(), client.melding_note) == ("2026-11-20", "Meldcode gewogen: kinderen veilig")
    assert trajectories(database, client_id)[-1].end_reason == "Doelen bereikt"  # JB's end stays


async def test_ctrl_z_takes_back_each_caseload_move(make_app, database):
    app = make_app("AV")
    async with app.run_test(size=SIZE) as pilot:
        await open_caseload(pilot)
        client_id, row = selected_client(app)
        before = client_row(database, client_id)
        history = [(t.id, t.end_date, t.end_reason) for t in trajectories(database, client_id)]

        await pilot.press("f", "j")  # fase change, then back
        await settle(pilot)
        assert client_row(database, client_id).fase != before.fase
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert client_row(database, client_id).fase == before.fase
        assert selected_client(app)[1][1] == row[1]

        await open_move(pilot, "v", FollowUpForm)  # a follow-up, then back
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(trajectories(database, client_id)) == len(history) + 1
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert [(t.id, t.end_date, t.end_reason) for t in trajectories(database, client_id)] == history
        assert selected_client(app)[1][2] == row[2]

        form = await open_move(pilot, "a", CloseTrajectoryForm)  # closing the client, then back
        fill(form, {"reason": "Doelen bereikt"})
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert client_row(database, client_id).status == ClientStatus.CLOSED
        assert str(client_id) not in {key.value for key in app.screen.query_one("#caseload-clients", DataTable).rows}
        assert any("afgesloten. Ctrl+Z maakt ongedaan." in m for m in messages(app))
        await pilot.press("ctrl+z")
        await settle(pilot)
        after = client_row(database, client_id)
        assert (after.status, after.closed_on) == (ClientStatus.ACTIVE, None)
        assert [(t.id, t.end_date, t.end_reason) for t in trajectories(database, client_id)] == history
        assert str(client_id) in {key.value for key in app.screen.query_one("#caseload-clients", DataTable).rows}
