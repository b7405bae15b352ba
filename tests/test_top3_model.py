"""Top-3 domain: comparing versions (pure), validation, saving versions and drafts, evaluations due."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from models.audit import Actor, AuditEntry, act_as
from models.tables.clients import Client
from models.enums import AgreementStatus, AuditAction, ClientStatus, Top3Phase
from models.errors import ConcurrentEdit, ValidationFailed
from models.tables.top3 import SafetyAgreement, Top3Plan, UnsafeSituation
from models.top3.diff import (ADDED, DETAILS, REMOVED, RERANKED, REWORDED, STATUS, Agreement, PlanContent, Situation,
                              compare_plans, validate_plan)
from models.tables.workers import Worker
from tests.conftest import FROZEN_TODAY

HIT = Situation("Vader slaat moeder in de keuken als hij gedronken heeft, 's avonds", "vader, moeder",
                date(2026, 11, 1), "alcohol, geldzorgen")
CHILD = Situation("Moeder schreeuwt tegen de kinderen bij het naar bed brengen", "moeder, kinderen", None, "stress")
STALK = Situation("Ex-partner wacht moeder op bij school", "ex-partner, moeder", date(2026, 10, 20), "jaloezie")
PHONE = Agreement("vader", "Drinkt geen alcohol thuis", date(2026, 12, 31), "wijkagent", "vader verlaat de woning")
CALL = Agreement("moeder", "Belt 112 bij dreiging", date(2026, 12, 31), "AV", "gesprek met Veilig Thuis")


def plan(situations=(), agreements=(), **fields) -> PlanContent:
    return PlanContent(tuple(situations), tuple(agreements), **fields)


# --- compare_plans (pure) ------------------------------------------------------------------

def test_identical_plans_have_no_changes():
    content = plan([HIT, CHILD], [PHONE], made_with="moeder", evaluate_on=date(2026, 12, 1))
    diff = compare_plans(content, content)
    assert all(change.unchanged for change in diff.situations + diff.agreements)
    assert diff.plan_fields == ()
    assert diff.summary() == "geen wijzigingen"


def test_added_removed_and_reranked_situations():
    diff = compare_plans(plan([HIT, CHILD]), plan([CHILD, STALK]))
    kinds = [(c.old_rank, c.new_rank, set(c.kinds)) for c in diff.situations]
    assert kinds == [(2, 1, {RERANKED}), (None, 2, {ADDED}), (1, None, {REMOVED})]
    assert diff.summary() == "situaties: 1 nieuw, 1 vervallen, 1 andere plaats"


def test_reworded_situation_is_matched_by_similarity_not_rank():
    reworded = Situation("Vader slaat moeder in de keuken als hij gedronken heeft, vooral 's avonds laat",
                         HIT.family_members, HIT.last_occurrence, HIT.risk_factors)
    diff = compare_plans(plan([HIT, CHILD]), plan([CHILD, reworded]))
    by_new = {c.new_rank: c for c in diff.situations}
    assert by_new[2].old_rank == 1 and by_new[2].kinds == {RERANKED, REWORDED}
    assert by_new[1].kinds == {RERANKED}
    assert not any(REMOVED in c.kinds or ADDED in c.kinds for c in diff.situations)


def test_a_different_text_at_the_same_rank_is_removed_and_added():
    diff = compare_plans(plan([HIT]), plan([STALK]))
    assert [set(c.kinds) for c in diff.situations] == [{ADDED}, {REMOVED}]


def test_changed_details_of_a_situation_are_named():
    later = Situation(HIT.description, HIT.family_members + ", oma", date(2026, 11, 20), HIT.risk_factors)
    diff = compare_plans(plan([HIT]), plan([later]))
    assert diff.situations[0].kinds == {DETAILS}
    assert diff.situations[0].changed_fields == ("family_members", "last_occurrence")


def test_agreement_status_change_rewording_and_plan_fields():
    kept = Agreement(PHONE.who, PHONE.what, PHONE.until, PHONE.checked_by, PHONE.consequence, AgreementStatus.NAGEKOMEN)
    reworded_call = Agreement("moeder", "Belt 112 bij elke dreiging", CALL.until, CALL.checked_by, CALL.consequence)
    old = plan([HIT], [PHONE, CALL], phase=Top3Phase.DIRECTE_VEILIGHEID, evaluate_on=date(2026, 12, 1))
    new = plan([HIT], [kept, reworded_call], phase=Top3Phase.RISICOGESTUURDE_ZORG, evaluate_on=date(2027, 1, 5))
    diff = compare_plans(old, new)
    assert [set(c.kinds) for c in diff.agreements] == [{STATUS}, {REWORDED}]
    assert (diff.agreements[0].old.status, diff.agreements[0].new.status) == ("loopt", "nagekomen")
    assert diff.plan_fields == ("phase", "evaluate_on")
    assert diff.summary() == "afspraken: 1 herschreven, 1 status gewijzigd · gewijzigd: fase, evaluatie"


# --- validate_plan (pure) ------------------------------------------------------------------

@pytest.mark.parametrize(("content", "field", "message"), [
    (plan([], evaluate_on=FROZEN_TODAY), "situation-0-description", "ten minste één"),
    (plan([Situation("", "vader")], evaluate_on=FROZEN_TODAY), "situation-0-description", "Beschrijf de situatie"),
    (plan([HIT, CHILD, STALK, HIT], evaluate_on=FROZEN_TODAY), "situations", "ten hoogste drie"),
    (plan([HIT], [Agreement("", "iets", FROZEN_TODAY)], evaluate_on=FROZEN_TODAY), "agreement-0-who", "wie"),
    (plan([HIT], [PHONE, Agreement("moeder", "", FROZEN_TODAY)], evaluate_on=FROZEN_TODAY), "agreement-1-what",
     "wat er is afgesproken"),
    (plan([HIT], [Agreement("moeder", "belt", None)], evaluate_on=FROZEN_TODAY), "agreement-0-until", "tot wanneer"),
    (plan([HIT]), "evaluate-on", "evaluatie"),
    (plan([HIT], evaluate_on=FROZEN_TODAY - timedelta(days=1)), "evaluate-on", "verleden"),
    (plan([Situation("x", last_occurrence=FROZEN_TODAY + timedelta(days=1))], evaluate_on=FROZEN_TODAY),
     "situation-0-last", "toekomst"),
])
def test_validation_names_the_field_in_dutch(content, field, message):
    with pytest.raises(ValidationFailed) as problem:
        validate_plan(content, FROZEN_TODAY)
    assert problem.value.field == field
    assert message in str(problem.value)


def test_validation_drops_blank_rows_and_accepts_today_as_evaluation_date():
    content = plan([Situation(""), HIT], [Agreement("", ""), PHONE], evaluate_on=FROZEN_TODAY)
    cleaned = validate_plan(content, FROZEN_TODAY)
    assert cleaned.situations == (HIT,) and cleaned.agreements == (PHONE,)


# --- merge_plan (pure): Ctrl+L after a colleague saved a newer version -----------------------

def test_merge_takes_rows_left_alone_and_keeps_rows_both_changed_with_theirs():
    from dataclasses import replace

    from models.top3.write import BOTH, merge_plan, row_origins

    base = plan([HIT, CHILD], [PHONE, CALL], made_with="moeder", evaluate_on=date(2026, 12, 7))
    mine = plan([replace(HIT, family_members="vader, moeder, oma"), CHILD],
                [PHONE, replace(CALL, status=AgreementStatus.NAGEKOMEN)], made_with="moeder",
                evaluate_on=date(2026, 12, 14))
    theirs = plan([STALK, replace(HIT, risk_factors="alcohol"), replace(CHILD, risk_factors="stress, schulden")],
                  [replace(PHONE, checked_by="buurtagent"), replace(CALL, status=AgreementStatus.NIET_NAGEKOMEN)],
                  made_with="moeder, oma", evaluate_on=date(2026, 12, 21))
    merged = merge_plan(base, mine, row_origins(base, mine), theirs)

    # their new situation comes in at their rank 1; the one only they changed is theirs; HIT keeps mine
    assert [(r.value, r.kind) for r in merged.situations] == [
        (STALK, ""), (mine.situations[0], BOTH), (theirs.situations[2], "")]
    assert merged.situations[1].theirs == theirs.situations[1]
    assert [(r.value, r.kind) for r in merged.agreements] == [(theirs.agreements[0], ""), (mine.agreements[1], BOTH)]
    # fields: made with left alone → theirs; evaluation changed by both → mine, theirs shown
    assert merged.fields["made_with"] == "moeder, oma" and merged.fields["evaluate_on"] == date(2026, 12, 14)
    assert merged.differing_fields == {"evaluate_on": date(2026, 12, 21)}
    assert (merged.taken, merged.differing) == (4, 3)
    # their rows become the editor's base for the next round
    assert [r.origin for r in merged.situations] == [0, 1, 2]


def test_merge_keeps_a_re_ranking_and_never_drops_a_changed_row():
    from dataclasses import replace

    from models.top3.write import THEY_REMOVED, YOU_REMOVED, merge_plan

    base = plan([HIT, CHILD], [PHONE, CALL], evaluate_on=date(2026, 12, 7))
    # this user put CHILD first (rewording it) and removed CALL; the colleague removed CHILD and changed CALL
    reworded = replace(CHILD, description=CHILD.description + " en slaat de deur dicht")
    mine = plan([reworded, HIT], [PHONE], evaluate_on=date(2026, 12, 7))
    theirs = plan([HIT], [PHONE, replace(CALL, until=date(2027, 1, 31))], evaluate_on=date(2026, 12, 7))
    merged = merge_plan(base, mine, ((1, 0), (0,)), theirs)
    assert [(r.value, r.kind) for r in merged.situations] == [(reworded, THEY_REMOVED), (HIT, "")]
    assert [(r.value, r.kind) for r in merged.agreements] == [(PHONE, ""), (theirs.agreements[1], YOU_REMOVED)]
    assert merged.differing == 2


# --- writing (database) --------------------------------------------------------------------

def _client_without_plan(session: Session) -> Client:
    planned = select(Top3Plan.client_id)
    return session.exec(select(Client).where(Client.status == ClientStatus.ACTIVE, Client.id.not_in(planned))
                        .order_by(Client.code)).first()


def _worker(session: Session, code: str) -> Worker:
    return session.exec(select(Worker).where(Worker.code == code)).one()


def test_versions_are_added_never_changed_and_the_draft_goes(database):
    from models.top3.queries import draft_of, plan_versions
    from models.top3.write import save_draft, save_version

    first = plan([HIT, CHILD], [PHONE], made_with="moeder", evaluate_on=date(2026, 12, 7))
    with database.session(Actor("AV"), write=True) as session:
        client = _client_without_plan(session)
        client_id, code, author = client.id, client.code, _worker(session, "AV").id
        save_draft(session, client_id, plan([HIT]), author_id=author)
        session.commit()
    with database.session(Actor("AV"), write=True) as session:
        assert draft_of(session, client_id).content.situations == (HIT,)
        assert save_version(session, client_id, first, base_number=0, author_id=author) == 1
        session.commit()
    second = plan([STALK, HIT], [PHONE, CALL], made_with="moeder, wijkagent", evaluate_on=date(2027, 1, 4),
                  phase=Top3Phase.RISICOGESTUURDE_ZORG)
    with database.session(Actor("AV"), write=True) as session:
        assert draft_of(session, client_id) is None
        assert save_version(session, client_id, second, base_number=1, author_id=author) == 2
        session.commit()
    with Session(database.engine) as session:
        versions = plan_versions(session, client_id)
        assert [v.number for v in versions] == [2, 1]
        assert versions[0].content == second and versions[1].content == first
        assert versions[0].author_code == "AV"
        assert session.exec(select(Top3Plan).where(Top3Plan.client_id == client_id, Top3Plan.is_draft)).all() == []
        entries = session.exec(select(AuditEntry).where(AuditEntry.client_code == code)).all()
    created = {(e.entity, e.action) for e in entries}
    assert {("top3_plan", AuditAction.CREATE), ("unsafe_situation", AuditAction.CREATE),
            ("safety_agreement", AuditAction.CREATE), ("top3_plan", AuditAction.DELETE)} <= created
    assert {e.user_code for e in entries if e.entity in {"top3_plan", "unsafe_situation", "safety_agreement"}} == {"AV"}


def test_a_newer_version_by_a_colleague_refuses_the_save(database):
    from models.top3.write import save_version

    content = plan([HIT], [PHONE], evaluate_on=date(2026, 12, 7))
    with database.session(Actor("RM"), write=True) as session:
        client_id = _client_without_plan(session).id
        save_version(session, client_id, content, base_number=0, author_id=_worker(session, "RM").id)
        session.commit()
    with database.session(Actor("AV"), write=True) as session:
        with pytest.raises(ConcurrentEdit) as conflict:
            save_version(session, client_id, plan([CHILD], evaluate_on=date(2026, 12, 7)), base_number=0,
                         author_id=None)
    assert conflict.value.changed_by == "RM"
    assert "versie 1" in str(conflict.value) and "door RM" in str(conflict.value)
    with Session(database.engine) as session:
        assert len(session.exec(select(Top3Plan).where(Top3Plan.client_id == client_id)).all()) == 1


def test_invalid_input_writes_nothing(database):
    from models.top3.write import save_version

    with database.session(Actor("AV"), write=True) as session:
        client_id = _client_without_plan(session).id
        with pytest.raises(ValidationFailed):
            save_version(session, client_id, plan([HIT], [Agreement("moeder", "belt", None)],
                                                  evaluate_on=date(2026, 12, 7)), base_number=0, author_id=None)
    with Session(database.engine) as session:
        assert session.exec(select(Top3Plan).where(Top3Plan.client_id == client_id)).all() == []
        assert session.exec(select(UnsafeSituation).join(Top3Plan).where(Top3Plan.client_id == client_id)).all() == []


def test_draft_autosave_updates_rows_in_place(database):
    from models.top3.queries import draft_of
    from models.top3.write import discard_draft, save_draft

    with database.session(Actor("AV"), write=True) as session:
        client_id = _client_without_plan(session).id
        save_draft(session, client_id, plan([HIT, CHILD], [PHONE]), author_id=None)
        ids = session.exec(select(UnsafeSituation.id).join(Top3Plan).where(Top3Plan.client_id == client_id)).all()
        session.commit()
    with database.session(Actor("AV"), write=True) as session:
        save_draft(session, client_id, plan([CHILD, HIT], [PHONE]), author_id=None)  # re-ranked
        again = session.exec(select(UnsafeSituation.id).join(Top3Plan).where(Top3Plan.client_id == client_id)).all()
        assert sorted(again) == sorted(ids)
        assert draft_of(session, client_id).content.situations == (CHILD, HIT)
        assert discard_draft(session, client_id)
        assert draft_of(session, client_id) is None
        assert session.exec(select(SafetyAgreement).join(Top3Plan).where(Top3Plan.client_id == client_id)).all() == []


def test_draft_remembers_the_version_it_started_from(database):
    from models.top3.queries import draft_of
    from models.top3.write import save_draft, save_version

    content = plan([HIT], evaluate_on=date(2026, 12, 7))
    with database.session(Actor("AV"), write=True) as session:
        client_id, av = _client_without_plan(session).id, _worker(session, "AV").id
        save_version(session, client_id, content, base_number=0, author_id=av)
        save_draft(session, client_id, plan([HIT, CHILD]), author_id=av)
        session.commit()
    with database.session(Actor("RM"), write=True) as session:
        save_version(session, client_id, plan([STALK], evaluate_on=date(2026, 12, 7)), base_number=1,
                     author_id=_worker(session, "RM").id)  # AV's draft is not RM's to remove
        session.commit()
    with Session(database.engine) as session:
        draft = draft_of(session, client_id)
    assert draft is not None and draft.based_on == 1  # so saving it now would be refused


def test_evaluations_due_takes_only_the_newest_version(database):
    from models.vandaag.queries import today_view
    from models.top3.queries import evaluations_due
    from models.top3.write import save_version

    until = FROZEN_TODAY + timedelta(days=6)
    with database.session(Actor("AV"), write=True) as session:
        av = _worker(session, "AV")
        client = _client_without_plan(session)
        client.worker_id = av.id
        session.commit()
        save_version(session, client.id, plan([HIT], evaluate_on=FROZEN_TODAY + timedelta(days=2)), base_number=0,
                     author_id=av.id)
        due = evaluations_due(session, until)
        assert client.id in {row.client_id for row in due}
        assert [row.evaluate_on for row in due] == sorted(row.evaluate_on for row in due)
        mine = evaluations_due(session, until, worker_id=av.id)
        assert all(row.worker_code == "AV" for row in mine)
        # Vandaag shows the same evaluations for this worker (this ISO week).
        assert {r.client_id for r in today_view(session, av.id, FROZEN_TODAY).evaluations} == {r.client_id for r in mine}
        save_version(session, client.id, plan([HIT], evaluate_on=FROZEN_TODAY + timedelta(days=30)), base_number=1,
                     author_id=av.id)
        assert client.id not in {row.client_id for row in evaluations_due(session, until)}
