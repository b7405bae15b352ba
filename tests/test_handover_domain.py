"""Handover domain rules, without the UI: validation, sending, acknowledging, caseload move,
optimistic locking, drafts, the absence proposal and the masked Markdown export."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from models.audit import Actor, AuditEntry
from models.tables.clients import Client
from models.enums import AuditAction, HandoverReason
from models.errors import ConcurrentEdit, DomainError, ValidationFailed
from models.handover.export import export_handover
from models.handover.views import HandoverInput
from models.handover.write import acknowledge_handover, discard_draft, save_handover
from models.tables.handovers import Handover, HandoverClient
from models.handover.queries import absence_proposal, handover_detail, handover_list
from models.tables.workers import Worker
from tests.conftest import FROZEN_TODAY


def worker(database, code: str) -> Worker:
    with Session(database.engine) as session:
        return session.exec(select(Worker).where(Worker.code == code)).one()


def clients_of(database, worker_id: int, count: int = 2) -> list[Client]:
    with Session(database.engine) as session:
        return list(session.exec(select(Client).where(Client.worker_id == worker_id, Client.status == "active")
                                 .order_by(Client.code)).all()[:count])


def handover_input(to_id: int | None, codes=(), **changes) -> HandoverInput:
    values = dict(to_worker_id=to_id, reason=HandoverReason.VAKANTIE, client_codes=tuple(codes),
                  period_start=FROZEN_TODAY + timedelta(days=7), period_end=FROZEN_TODAY + timedelta(days=10),
                  situatie="Een week vrij.", achtergrond="Loopt volgens plan.", beoordeling="Stabiel.",
                  aanbeveling="Bel beide cliënten halverwege de week.")
    values.update(changes)
    return HandoverInput(**values)


def save(database, user: str, data: HandoverInput, **kwargs):
    """save_handover only flushes (perform() commits in the app): the test commits itself."""
    with database.session(Actor(user), write=True) as session:
        saved = save_handover(session, writer_id=worker(database, user).id, data=data, **kwargs)
        session.commit()
    return saved


@pytest.mark.parametrize(("changes", "field", "words"), [
    (dict(to_worker_id=None), "handover-to", "aan wie"),
    (dict(aanbeveling="   "), "handover-aanbeveling", "aanbeveling"),
    (dict(period_start=FROZEN_TODAY, period_end=FROZEN_TODAY - timedelta(days=1)), "handover-end", "vóór"),
    (dict(period_start=None, period_end=FROZEN_TODAY), "handover-start", "begindatum"),
    (dict(client_codes=("ZZ-9999",)), "handover-clients", "ZZ-9999"),
    (dict(reason=HandoverReason.CASELOAD), "handover-clients", "ten minste één cliënt"),
])
def test_a_handover_with_bad_input_is_refused_at_the_field_and_nothing_is_saved(database, changes, field, words):
    rm = worker(database, "RM")
    with Session(database.engine) as session:
        before = len(session.exec(select(Handover.id)).all())
    with pytest.raises(ValidationFailed) as refused:
        save(database, "AV", handover_input(rm.id, **changes))
    assert refused.value.field == field and words in str(refused.value)
    with Session(database.engine) as session:
        assert len(session.exec(select(Handover.id)).all()) == before


def test_a_handover_to_oneself_is_refused(database):
    with pytest.raises(ValidationFailed, match="niet naar uzelf"):
        save(database, "AV", handover_input(worker(database, "AV").id))


def test_a_draft_may_be_unfinished_and_becomes_a_sent_handover_later(database):
    rm, av = worker(database, "RM"), worker(database, "AV")
    draft = save(database, "AV", handover_input(None, aanbeveling="", is_draft=True))
    assert draft.is_draft
    with Session(database.engine) as session:
        assert [r.id for r in handover_list(session, av.id, "from_me").rows if r.is_draft] == [draft.id]
        assert draft.id not in [r.id for r in handover_list(session, rm.id, "all").rows]  # private to the writer
    sent = save(database, "AV", handover_input(rm.id), handover_id=draft.id, expected_version=draft.version)
    assert not sent.is_draft and sent.version == draft.version + 1 and sent.to_code == "RM"
    with pytest.raises(ValidationFailed, match="geen concept meer"):
        save(database, "AV", handover_input(rm.id, is_draft=True), handover_id=sent.id, expected_version=sent.version)


def test_acknowledging_a_caseload_handover_moves_the_clients_and_is_audited(database):
    av, jb = worker(database, "AV"), worker(database, "JB")
    mine = clients_of(database, av.id)
    sent = save(database, "AV", handover_input(jb.id, [c.code for c in mine], reason=HandoverReason.CASELOAD,
                                               period_start=None, period_end=None))
    with pytest.raises(DomainError, match="Alleen JB"):
        with database.session(Actor("RM"), write=True) as session:
            acknowledge_handover(session, sent.id, worker(database, "RM").id, sent.version)
    with database.session(Actor("JB"), write=True) as session:
        done = acknowledge_handover(session, sent.id, jb.id, sent.version, "Ik plan een kennismaking.")
        session.commit()
    assert sorted(done.moved_client_codes) == sorted(c.code for c in mine)
    with Session(database.engine) as session:
        assert {c.worker_id for c in session.exec(select(Client).where(Client.id.in_([c.id for c in mine])))} == {jb.id}
        handover = session.get(Handover, sent.id)
        assert handover.acknowledged_at is not None and handover.ack_remark == "Ik plan een kennismaking."
        entries = session.exec(select(AuditEntry).where(AuditEntry.client_code.in_([c.code for c in mine]))).all()
    moves = [(e.user_code, e.client_code) for e in entries if e.entity == "client" and "worker_id" in e.detail]
    assert sorted(moves) == sorted(("JB", c.code) for c in mine)
    links = [e for e in entries if e.entity == "handover_client" and e.action == AuditAction.CREATE]
    assert {e.user_code for e in links} == {"AV"} and len(links) == 2
    acks = [e for e in entries if e.entity == "handover" and "acknowledged_at" in e.detail]
    assert len(acks) == 2
    with pytest.raises(ConcurrentEdit, match="al bevestigd door JB"):
        with database.session(Actor("JB"), write=True) as session:
            acknowledge_handover(session, sent.id, jb.id, sent.version + 1)


def test_a_stale_acknowledge_or_edit_is_refused(database):
    av, rm = worker(database, "AV"), worker(database, "RM")
    codes = [c.code for c in clients_of(database, av.id)]
    sent = save(database, "AV", handover_input(rm.id, codes))
    edited = save(database, "AV", handover_input(rm.id, codes, aanbeveling="Bel ook de wijkagent."),
                  handover_id=sent.id, expected_version=sent.version)
    with pytest.raises(ConcurrentEdit, match="intussen gewijzigd door AV") as stale:
        with database.session(Actor("RM"), write=True) as session:
            acknowledge_handover(session, sent.id, rm.id, sent.version)
    assert "Aanbeveling" in str(stale.value)
    with pytest.raises(ConcurrentEdit, match="intussen gewijzigd"):
        save(database, "AV", handover_input(rm.id, codes), handover_id=sent.id, expected_version=sent.version)
    with database.session(Actor("RM"), write=True) as session:
        acknowledge_handover(session, sent.id, rm.id, edited.version)
        session.commit()
    with pytest.raises(ConcurrentEdit, match="al bevestigd"):
        save(database, "AV", handover_input(rm.id, codes), handover_id=sent.id, expected_version=edited.version + 1)
    with Session(database.engine) as session:
        assert session.get(Handover, sent.id).aanbeveling == "Bel ook de wijkagent."


def test_discarding_a_draft_removes_it_and_its_links(database):
    av = worker(database, "AV")
    codes = [c.code for c in clients_of(database, av.id, 1)]
    draft = save(database, "AV", handover_input(None, codes, is_draft=True))
    with pytest.raises(DomainError):
        with database.session(Actor("RM"), write=True) as session:
            discard_draft(session, draft.id, worker(database, "RM").id)
    with database.session(Actor("AV"), write=True) as session:
        discard_draft(session, draft.id, av.id)
        session.commit()
    with Session(database.engine) as session:
        assert session.get(Handover, draft.id) is None
        assert not session.exec(select(HandoverClient).where(HandoverClient.handover_id == draft.id)).all()


def test_the_absence_proposal_lists_the_clients_with_appointments_in_the_period(database):
    av = worker(database, "AV")
    start, end = FROZEN_TODAY + timedelta(days=1), FROZEN_TODAY + timedelta(days=3)
    with Session(database.engine) as session:
        proposal = absence_proposal(session, av.id, start, end)
        from models.tables.appointments import Appointment
        from models.clock import at

        rows = session.exec(
            select(Client.code).join(Appointment, Appointment.client_id == Client.id)
            .where(Appointment.worker_id == av.id, Appointment.status != "cancelled",
                   Appointment.start >= at(start, 0), Appointment.start < at(end + timedelta(days=1), 0))).all()
        expected = set(rows)
    assert expected, "the demo gives AV client appointments this week"
    assert set(proposal.client_codes) == expected
    assert proposal.situatie.startswith("AV is afwezig") and all(code in proposal.situatie for code in expected)
    with Session(database.engine) as session:
        assert absence_proposal(session, av.id, date(2020, 1, 4), date(2020, 1, 5)) is None


def test_export_is_masked_by_default_and_audited_per_client(database):
    av, rm = worker(database, "AV"), worker(database, "RM")
    mine = clients_of(database, av.id)
    sent = save(database, "AV", handover_input(rm.id, [c.code for c in mine]))
    with database.session(Actor("AV"), write=True) as session:
        name, text = export_handover(session, sent.id)
        session.commit()
    assert name.startswith(f"overdracht-{sent.id}-") and not any(c.code in name for c in mine)
    assert all(c.code in text for c in mine)
    assert not any(f"({c.initials})" in text for c in mine if c.initials)
    assert "## Aanbeveling" in text and "Bel beide cliënten" in text and "### Top-3" in text
    with database.session(Actor("AV"), write=True) as session:
        unmasked_name, unmasked = export_handover(session, sent.id, masked=False)
        session.commit()
    assert any(f"({c.initials})" in unmasked for c in mine if c.initials)
    assert unmasked_name == name.removesuffix(".md") + "-met-initialen.md"  # never overwrites the masked file
    with Session(database.engine) as session:
        exports = session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT)).all()
    assert sorted((e.user_code, e.client_code) for e in exports) == sorted([("AV", c.code) for c in mine] * 2)


def test_detail_attaches_top3_agreements_actions_and_appointments(database):
    av, rm = worker(database, "AV"), worker(database, "RM")
    mine = clients_of(database, av.id, 5)
    sent = save(database, "AV", handover_input(rm.id, [c.code for c in mine],
                                               period_start=FROZEN_TODAY, period_end=FROZEN_TODAY + timedelta(days=4)))
    with Session(database.engine) as session:
        detail = handover_detail(session, sent.id)
    assert [c.code for c in detail.clients] == sorted(c.code for c in mine)
    assert any(c.top3_number and c.top3_situations for c in detail.clients)
    assert any(c.agreements for c in detail.clients)
    assert any(c.appointments for c in detail.clients)
    for client in detail.clients:
        for appointment in client.appointments:
            assert appointment.client_code == client.code


def test_a_handover_written_for_an_absent_colleague_is_from_them_and_audited_on_their_behalf(database):
    """The absence proposal's form: AV writes SK's handover (SK is ill); the writer is the actor."""
    from models.actions import handover as actions
    from models.actions import perform

    sk, rm = worker(database, "SK"), worker(database, "RM")
    theirs = [c.code for c in clients_of(database, sk.id, 1)]
    done = perform(database, Actor("AV"), actions.write_handover, handover_input(rm.id, theirs), None,
                   from_worker_id=sk.id)
    assert done.message == "Overdracht aan RM verstuurd" and done.undo is not None
    with Session(database.engine) as session:
        assert session.get(Handover, done.id).from_worker_id == sk.id
        links = session.exec(select(AuditEntry).where(AuditEntry.entity == "handover_client",
                                                      AuditEntry.client_code == theirs[0])).all()
    assert [(e.user_code, e.on_behalf_of) for e in links] == [("AV", "SK")]
