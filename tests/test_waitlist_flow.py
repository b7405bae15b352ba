"""The registration flow as domain functions, on the seeded demo database: every step, the melding
rule, the huisverbod rules, going back, concurrent edits, and the overleg figures."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, time, timedelta

import pytest
from sqlmodel import Session, col, select

from models.tables.appointments import Appointment
from models.planning.write import AppointmentInput, create_appointment
from models.audit import Actor
from models.tables.clients import Client, Trajectory
from models.enums import AppointmentStatus, ClientStatus, Fase, Hulpvorm, RegistrationStatus
from models.errors import ConcurrentEdit, ValidationFailed
from models.waitlist import write as flow
from models.waitlist.write import RegistrationInput
from models.tables.registrations import Registration, RegistrationStep
from models.waitlist.stats import overleg_figures
from models.tables.workers import Worker
from tests.conftest import FROZEN_TODAY

AV, JB = Actor("AV"), Actor("JB")


@contextmanager
def committed(database, actor):
    """One unit of work as `perform()` runs it: the flow only flushes, this commits (unless refused)."""
    with database.session(actor, write=True) as session:
        yield session
        session.commit()


def _input(**changes) -> RegistrationInput:
    base = dict(registered_on=FROZEN_TODAY, via="politie", gemeente="zaanstad", reason="Dreiging door ex-partner.",
                urgency="hoog", referrer_contact="Wijkagent Zaandam")
    return RegistrationInput(**{**base, **changes})


def _create(database, actor=AV, **changes) -> int:
    with committed(database, actor) as session:
        return flow.create_registration(session, _input(**changes))


def _registration(database, registration_id: int) -> Registration:
    with Session(database.engine) as session:
        return session.get(Registration, registration_id)


def _steps(database, registration_id: int) -> list[tuple[str, str, str]]:
    with Session(database.engine) as session:
        return [(s.status, s.user_code, s.note) for s in session.exec(
            select(RegistrationStep).where(RegistrationStep.registration_id == registration_id)
            .order_by(col(RegistrationStep.id)))]


def _worker_id(database, code: str) -> int:
    with Session(database.engine) as session:
        return session.exec(select(Worker.id).where(Worker.code == code)).one()


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"via": ""}, "via", "via wie"),
    ({"gemeente": ""}, "gemeente", "gemeente"),
    ({"reason": "  "}, "reason", "reden"),
    ({"registered_on": FROZEN_TODAY + timedelta(days=1)}, "registered_on", "toekomst"),
    ({"has_huisverbod": True}, "huisverbod_start", "de begindatum verplicht"),
    ({"has_huisverbod": True, "huisverbod_start": FROZEN_TODAY, "huisverbod_end": FROZEN_TODAY + timedelta(days=29)},
     "huisverbod_end", "ten hoogste 28 dagen"),
    ({"has_huisverbod": True, "huisverbod_start": FROZEN_TODAY, "huisverbod_end": FROZEN_TODAY - timedelta(days=1)},
     "huisverbod_end", "voor de begindatum"),
])
def test_a_bad_registration_is_refused_at_the_field_and_nothing_is_saved(database, changes, field, words):
    with Session(database.engine) as session:
        before = len(session.exec(select(Registration.id)).all())
    with pytest.raises(ValidationFailed) as refused:
        _create(database, **changes)
    assert refused.value.field == field and words in str(refused.value)
    with Session(database.engine) as session:
        assert len(session.exec(select(Registration.id)).all()) == before


def test_a_new_registration_gets_the_next_code_the_huisverbod_end_and_a_first_step(database):
    first = _create(database, has_huisverbod=True, huisverbod_start=FROZEN_TODAY - timedelta(days=1))
    second = _create(database, actor=JB)
    a, b = _registration(database, first), _registration(database, second)
    assert a.code.startswith("AM-2026-") and int(b.code[-3:]) == int(a.code[-3:]) + 1
    assert a.huisverbod_end == FROZEN_TODAY + timedelta(days=9)  # start + 10 days
    assert (a.status, a.region) == (RegistrationStatus.AANGEMELD, "zaanstreek")
    assert _steps(database, first) == [("aangemeld", "AV", "Aangemeld via Politie")]
    assert _steps(database, second)[0][1] == "JB"


def test_extending_a_huisverbod_to_28_days_is_allowed_not_further(database):
    rid = _create(database, has_huisverbod=True, huisverbod_start=FROZEN_TODAY)
    version = _registration(database, rid).version
    with committed(database, AV) as session:
        with pytest.raises(ValidationFailed) as refused:
            flow.update_registration(session, rid, version, _input(
                has_huisverbod=True, huisverbod_start=FROZEN_TODAY, huisverbod_end=FROZEN_TODAY + timedelta(days=30)))
    assert refused.value.field == "huisverbod_end"
    with committed(database, AV) as session:
        flow.update_registration(session, rid, version, _input(
            has_huisverbod=True, huisverbod_start=FROZEN_TODAY, huisverbod_end=FROZEN_TODAY + timedelta(days=28)))
    assert _registration(database, rid).huisverbod_end == FROZEN_TODAY + timedelta(days=28)


def test_huisverbod_warning_when_close():
    assert flow.huisverbod_warning(FROZEN_TODAY + timedelta(days=2), FROZEN_TODAY).startswith("Huisverbod eindigt over 2 dagen")
    assert flow.huisverbod_warning(FROZEN_TODAY, FROZEN_TODAY).startswith("Huisverbod eindigt vandaag")
    assert flow.huisverbod_warning(FROZEN_TODAY + timedelta(days=6), FROZEN_TODAY) == ""


def test_every_step_to_allocation_makes_a_client_with_a_trajectory(database):
    rid = _create(database)
    av = _worker_id(database, "AV")
    with committed(database, AV) as session:
        version = session.get(Registration, rid).version
        appointment_id = create_appointment(session, AppointmentInput(
            worker_id=av, day=date(2026, 11, 24), start=time(13, 0), end=time(14, 0), kind="intake",
            registration_id=rid, accept_overlap=True))
        flow.record_intake_planned(session, rid, version, av)  # one transaction with the appointment
    with committed(database, AV) as session:
        flow.record_intake_done(session, rid, _registration(database, rid).version, note="Goed gesprek")
    with committed(database, Actor("HD")) as session:
        flow.record_advice(session, rid, _registration(database, rid).version, Hulpvorm.AWARE)
    jb = _worker_id(database, "JB")
    with committed(database, Actor("TP")) as session:
        client_id = flow.allocate(session, rid, jb, _registration(database, rid).version, initials="k.l.")
    registration = _registration(database, rid)
    assert registration.status == RegistrationStatus.TOEGEWEZEN and registration.client_id == client_id
    assert [(s, u) for s, u, _n in _steps(database, rid)] == [
        ("aangemeld", "AV"), ("intake_gepland", "AV"), ("intake_gedaan", "AV"), ("besproken", "HD"),
        ("toegewezen", "TP")]
    assert _steps(database, rid)[-1][2] == "Toegewezen aan JB: AWARE-traject"
    with Session(database.engine) as session:
        client = session.get(Client, client_id)
        assert (client.worker_id, client.fase, client.status, client.initials) == (jb, Fase.FASE_1, ClientStatus.ACTIVE, "K.L.")
        assert client.code.startswith("ZS-") and client.started_on == FROZEN_TODAY
        trajectory = session.exec(select(Trajectory).where(Trajectory.client_id == client_id)).one()
        assert (trajectory.hulpvorm, trajectory.planned_conversations, trajectory.end_date) == ("aware", 12, None)
        intake = session.get(Appointment, appointment_id)
        assert intake.client_id == client_id and intake.registration_id == rid


def test_a_step_out_of_order_is_refused(database):
    rid = _create(database)
    with committed(database, AV) as session:
        with pytest.raises(ValidationFailed) as refused:
            flow.record_intake_done(session, rid, _registration(database, rid).version)
    assert "Intake gedaan kan alleen bij status 'Intake gepland'" in str(refused.value)


@pytest.mark.parametrize("closing", ["allocate", "refer", "lapse"])
def test_melding_rule_children_involved_needs_a_melding_or_a_reason(database, closing):
    rid = _create(database, children_involved=True)
    jb = _worker_id(database, "JB")

    def close(session, **melding):
        version = session.get(Registration, rid).version
        if closing == "allocate":
            return flow.allocate(session, rid, jb, version, **melding)
        return getattr(flow, closing)(session, rid, version, "Niet bereikbaar", **melding)

    with committed(database, AV) as session:
        with pytest.raises(ValidationFailed) as refused:
            close(session)
    assert refused.value.field == "melding_date" and "kinderen betrokken" in str(refused.value)
    assert _registration(database, rid).status == RegistrationStatus.AANGEMELD
    with committed(database, AV) as session:
        close(session, melding_date=FROZEN_TODAY - timedelta(days=1))
    registration = _registration(database, rid)
    assert registration.melding_date == FROZEN_TODAY - timedelta(days=1)
    assert registration.status != RegistrationStatus.AANGEMELD


def test_a_recorded_reason_not_to_report_also_meets_the_melding_rule(database):
    rid = _create(database, children_involved=True, melding_note="Kinderen wonen bij vader, veilig.")
    with committed(database, AV) as session:
        flow.lapse(session, rid, _registration(database, rid).version, "Cliënte trekt aanmelding in")
    assert _registration(database, rid).status == RegistrationStatus.VERVALLEN


def test_referral_and_lapse_need_a_reason(database):
    rid = _create(database)
    with committed(database, AV) as session:
        with pytest.raises(ValidationFailed) as refused:
            flow.refer(session, rid, _registration(database, rid).version, " ")
    assert refused.value.field == "reason"


def test_going_back_is_recorded_and_cancels_the_planned_intake(database):
    rid = _create(database)
    av = _worker_id(database, "AV")
    with committed(database, AV) as session:
        appointment_id = create_appointment(session, AppointmentInput(
            worker_id=av, day=date(2026, 11, 25), start=time(15, 0), end=time(16, 0), kind="intake",
            registration_id=rid, accept_overlap=True))
        flow.record_intake_planned(session, rid, session.get(Registration, rid).version, av)
    with committed(database, JB) as session:
        status = flow.step_back(session, rid, _registration(database, rid).version, note="Verkeerde dag")
    assert status == RegistrationStatus.AANGEMELD
    assert _steps(database, rid)[-1] == ("aangemeld", "JB", "Stap terug van 'Intake gepland'. Verkeerde dag")
    with Session(database.engine) as session:
        assert session.get(Appointment, appointment_id).status == AppointmentStatus.CANCELLED
    with committed(database, JB) as session:
        with pytest.raises(ValidationFailed):
            flow.step_back(session, rid, _registration(database, rid).version)  # aangemeld is the first step


def test_a_lapsed_registration_can_be_reopened_not_an_allocated_one(database):
    rid = _create(database)
    with committed(database, AV) as session:
        flow.lapse(session, rid, _registration(database, rid).version, "Niet bereikbaar")
    with committed(database, AV) as session:
        assert flow.step_back(session, rid, _registration(database, rid).version) == RegistrationStatus.AANGEMELD
    with committed(database, AV) as session:
        flow.allocate(session, rid, _worker_id(database, "AV"), _registration(database, rid).version)
    with committed(database, AV) as session:
        with pytest.raises(ValidationFailed) as refused:
            flow.step_back(session, rid, _registration(database, rid).version)
    assert "cliënt geworden" in str(refused.value)


def test_a_stale_version_is_refused_naming_who_changed_it(database):
    rid = _create(database)
    stale = _registration(database, rid).version
    with committed(database, JB) as session:
        flow.lapse(session, rid, stale, "Dubbele aanmelding")
    with committed(database, AV) as session:
        with pytest.raises(ConcurrentEdit) as conflict:
            flow.allocate(session, rid, _worker_id(database, "AV"), stale)
    assert "door JB" in str(conflict.value)
    assert _registration(database, rid).status == RegistrationStatus.VERVALLEN


def test_overleg_figures_count_this_month_waiting_times_and_weeks(database):
    with database.session(AV) as session:
        before = overleg_figures(session, FROZEN_TODAY)
        open_rows = session.exec(select(Registration.registered_on).where(
            col(Registration.status).in_(["aangemeld", "intake_gepland", "intake_gedaan", "besproken"]))).all()
    assert before.waiting_now == len(open_rows) == 15
    assert before.longest_wait_days == max((FROZEN_TODAY - d).days for d in open_rows)
    assert len(before.weeks) == 12 and before.weeks[-1] == (date(2026, 11, 23), 15)
    _create(database)
    rid = _create(database)
    with committed(database, AV) as session:
        flow.lapse(session, rid, _registration(database, rid).version, "Dubbel")
    with database.session(AV) as session:
        after = overleg_figures(session, FROZEN_TODAY)
    assert after.registrations_this_month == before.registrations_this_month + 2
    assert after.weeks[-1][1] == 16  # the lapsed one no longer waits
    assert after.weeks[:-1] == before.weeks[:-1]


def test_an_intake_refused_for_a_stale_registration_leaves_no_appointment(database):
    """The appointment and the step 'intake gepland' are one unit of work (models.actions.perform):
    when the step is refused, the appointment it just flushed is not saved either."""
    from models.actions import perform
    from models.actions import waitlist as actions

    rid = _create(database)
    stale = _registration(database, rid).version
    with committed(database, JB) as session:
        flow.update_registration(session, rid, stale, _input(urgency="acuut"))
    intake = AppointmentInput(worker_id=_worker_id(database, "AV"), day=date(2026, 11, 24), start=time(7),
                              end=time(7, 30), kind="intake", registration_id=rid)
    with pytest.raises(ConcurrentEdit) as refused:
        perform(database, AV, actions.plan_intake, intake, stale, registration_id=rid)
    assert "door JB" in str(refused.value)
    with Session(database.engine) as session:
        assert session.exec(select(Appointment).where(Appointment.registration_id == rid)).all() == []
    done = perform(database, AV, actions.plan_intake, intake, _registration(database, rid).version,
                   registration_id=rid)
    assert done.message == f"Intake {_registration(database, rid).code} gepland" and done.undo is not None
    assert _registration(database, rid).status == RegistrationStatus.INTAKE_GEPLAND


def _length_per_week_by_hand(session, today, weeks=12):
    """The plain definition: for every week end, count registrations open on that day."""
    from datetime import timedelta

    from sqlmodel import select

    from models.clock import at
    from models.enums import OPEN_REGISTRATION_STATUSES
    from models.tables.registrations import Registration, RegistrationStep
    from models.waitlist.stats import _aware

    monday = today - timedelta(days=today.weekday())
    result = []
    steps = session.exec(select(RegistrationStep).order_by(RegistrationStep.at, RegistrationStep.id)).all()
    registrations = session.exec(select(Registration)).all()
    for n in range(weeks - 1, -1, -1):
        week = monday - timedelta(weeks=n)
        point = min(week + timedelta(days=6), today)
        end = at(point + timedelta(days=1), 0)
        count = 0
        for registration in registrations:
            if registration.registered_on > point:
                continue
            status = None
            for step in steps:
                if step.registration_id == registration.id and _aware(step.at) < end:
                    status = step.status
            if status is None or status in OPEN_REGISTRATION_STATUSES:
                count += 1
        result.append((week, count))
    return result


def test_length_per_week_matches_the_plain_definition_on_many_days(database):
    from datetime import timedelta

    from models.waitlist.stats import length_per_week

    with database.session() as session:
        for offset in range(-70, 15, 6):  # weeks before and after the demo's today, every weekday
            day = FROZEN_TODAY + timedelta(days=offset)
            assert length_per_week(session, day) == _length_per_week_by_hand(session, day), day
