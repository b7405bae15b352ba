"""The huisverbod after allocation, without the UI: extend (at most 28 days), end early, record a
breach; the version check, undo and audit of each; the history and Vandaag's news."""

from __future__ import annotations

from datetime import date, timedelta

import pendulum
import pytest
from sqlmodel import Session, col, select

from models import clock
from models.actions import perform
from models.actions.huisverbod import change_huisverbod, huisverbod_for_form
from models.actions.undo import undo
from models.audit import Actor, AuditEntry
from models.client.huisverbod import (FIELD_DAY, FIELD_KIND, FIELD_NOTE, huisverbod_history, huisverbod_news,
                                      latest_end, state_words)
from models.client.write import update_client
from models.dutch import short_date
from models.enums import AuditAction, ClientStatus, HuisverbodEventKind as Kind
from models.errors import ConcurrentEdit, ValidationFailed
from models.tables.clients import Client
from models.tables.huisverbod import HuisverbodEvent
from models.tables.workers import Worker
from tests.conftest import FROZEN_TODAY


def av_client(database) -> Client:
    """A client of AV's with a running huisverbod (the demo has two: 8 and 3 days old)."""
    with Session(database.engine) as session:
        av = session.exec(select(Worker).where(Worker.code == "AV")).one()
        # the oldest order: the demo's own follow-up (a breach, fixtures/huisverbod_events.py) is on AV's newest
        return session.exec(select(Client).where(Client.worker_id == av.id, col(Client.huisverbod_start).is_not(None))
                            .order_by(Client.huisverbod_start, Client.code)).first()


def without_demo_events(database) -> None:
    """The demo follows a few orders up itself (fixtures/huisverbod_events.py): start these from none."""
    with database.session(Actor("SYS"), write=True) as session:
        for event in session.exec(select(HuisverbodEvent)):
            session.delete(event)
        session.commit()


def client(database, client_id: int) -> Client:
    with Session(database.engine) as session:
        return session.get(Client, client_id)


def events(database, client_id: int) -> list[HuisverbodEvent]:
    with Session(database.engine) as session:
        # The demo records "opgelegd" for every running order; the tests look at what came after.
        return list(session.exec(select(HuisverbodEvent).where(HuisverbodEvent.client_id == client_id,
                                                               HuisverbodEvent.kind != Kind.OPGELEGD)
                                 .order_by(HuisverbodEvent.id)))


def change(database, client_id: int, kind: str, day: date | None, note: str = "", *, user: str = "AV",
           version: int | None = None):
    version = client(database, client_id).version if version is None else version
    return perform(database, Actor(user), change_huisverbod, {"kind": kind, "day": day, "note": note}, version,
                   client_id=client_id)


def set_period(database, client_id: int, start: date, end: date) -> None:
    with database.session(Actor("AV"), write=True) as session:
        update_client(session, client_id, session.get(Client, client_id).version,
                      {"huisverbod_start": start, "huisverbod_end": end})
        session.commit()


# --- extension -----------------------------------------------------------------------------------

def test_an_extension_to_28_days_is_saved_with_its_event_and_audit(database):
    c = av_client(database)
    new_end = c.huisverbod_start + timedelta(days=28)
    with Session(database.engine) as session:
        last_entry = max(session.exec(select(AuditEntry.id)).all())
    done = change(database, c.id, Kind.VERLENGD, new_end, "burgemeester verlengt")
    assert done.message == f"Huisverbod van {c.code} verlengd t/m {short_date(new_end)}"
    assert client(database, c.id).huisverbod_end == new_end
    [event] = events(database, c.id)
    assert (event.kind, event.day, event.new_end, event.note, event.recorded_by) == (
        Kind.VERLENGD, FROZEN_TODAY, new_end, "burgemeester verlengt", "AV")
    with Session(database.engine) as session:
        audit = session.exec(select(AuditEntry).where(AuditEntry.id > last_entry)).all()
    assert {(a.entity, a.action, a.client_code) for a in audit} == {
        ("huisverbod_event", "create", c.code), ("client", "update", c.code)}
    assert all(a.user_code == "AV" for a in audit)
    assert "huisverbod_end" in next(a.detail for a in audit if a.entity == "client")
    assert new_end.isoformat() not in " ".join(a.detail for a in audit)  # field names, never values


def test_an_extension_past_28_days_is_refused_at_the_field_naming_the_last_day(database):
    c = av_client(database)
    last = c.huisverbod_start + timedelta(days=28)
    with pytest.raises(ValidationFailed) as refused:
        change(database, c.id, Kind.VERLENGD, last + timedelta(days=1))
    assert refused.value.field == FIELD_DAY
    assert str(refused.value) == f"Een huisverbod duurt ten hoogste 28 dagen: uiterlijk {short_date(last)}."
    assert client(database, c.id).huisverbod_end == c.huisverbod_end and events(database, c.id) == []


@pytest.mark.parametrize("days_after_end", [0, -1])
def test_an_extension_must_end_after_the_current_end(database, days_after_end):
    c = av_client(database)
    with pytest.raises(ValidationFailed, match="na de huidige einddatum") as refused:
        change(database, c.id, Kind.VERLENGD, c.huisverbod_end + timedelta(days=days_after_end))
    assert refused.value.field == FIELD_DAY and events(database, c.id) == []


def test_an_extension_needs_a_date_and_a_client_with_a_huisverbod(database):
    c = av_client(database)
    with pytest.raises(ValidationFailed, match="nieuwe einddatum"):
        change(database, c.id, Kind.VERLENGD, None)
    with Session(database.engine) as session:
        other = session.exec(select(Client).where(col(Client.huisverbod_start).is_(None))).first()
    with pytest.raises(ValidationFailed, match="geen huisverbod") as refused:
        change(database, other.id, Kind.VERLENGD, FROZEN_TODAY + timedelta(days=5))
    assert refused.value.field == FIELD_KIND


def test_an_extension_on_a_stale_version_names_the_colleague_and_saves_nothing(database):
    c = av_client(database)
    change(database, c.id, Kind.VERLENGD, c.huisverbod_end + timedelta(days=3), user="JB")
    with pytest.raises(ConcurrentEdit, match="door JB") as refused:
        change(database, c.id, Kind.VERLENGD, c.huisverbod_end + timedelta(days=7), version=c.version)
    assert "huisverbod eind" in str(refused.value)
    assert client(database, c.id).huisverbod_end == c.huisverbod_end + timedelta(days=3)
    assert len(events(database, c.id)) == 1


@pytest.mark.parametrize("start", [date(2026, 12, 20), date(2028, 2, 10), date(2026, 12, 28)])
def test_the_28_days_run_across_a_year_end_and_a_leap_day(database, start):
    """28 days from 20 Dec ends 17 Jan; from 10 Feb 2028 (a leap year) 9 Mar; week 53 of 2026 too."""
    c = av_client(database)
    set_period(database, c.id, start, start + timedelta(days=10))
    clock.freeze(pendulum.datetime(start.year, start.month, start.day, 9, tz="Europe/Amsterdam") + timedelta(days=9))
    last = latest_end(start)
    assert (last - start).days == 28
    with pytest.raises(ValidationFailed, match=f"uiterlijk {short_date(last)}"):
        change(database, c.id, Kind.VERLENGD, last + timedelta(days=1))
    change(database, c.id, Kind.VERLENGD, last)
    assert client(database, c.id).huisverbod_end == last
    assert latest_end(date(2028, 2, 10)) == date(2028, 3, 9) and latest_end(date(2026, 12, 20)) == date(2027, 1, 17)


# --- early end -------------------------------------------------------------------------------------

def test_an_early_end_sets_the_end_and_then_no_extension_is_possible(database):
    c = av_client(database)
    done = change(database, c.id, Kind.BEEINDIGD, FROZEN_TODAY, "opgeheven door de rechter")
    assert done.message == f"Huisverbod van {c.code} beëindigd op {short_date(FROZEN_TODAY)}"
    assert client(database, c.id).huisverbod_end == FROZEN_TODAY
    with pytest.raises(ValidationFailed, match="beëindigd op .*verlengen kan niet meer"):
        change(database, c.id, Kind.VERLENGD, FROZEN_TODAY + timedelta(days=5))


@pytest.mark.parametrize(("offset", "words"), [(-1, "kan niet eerder eindigen"), (1, "een verlenging")])
def test_an_end_lies_within_the_order(database, offset, words):
    c = av_client(database)
    day = c.huisverbod_start + timedelta(days=offset) if offset < 0 else c.huisverbod_end + timedelta(days=offset)
    with pytest.raises(ValidationFailed, match=words) as refused:
        change(database, c.id, Kind.BEEINDIGD, day)
    assert refused.value.field == FIELD_DAY and events(database, c.id) == []


# --- breach ----------------------------------------------------------------------------------------

def test_a_breach_is_recorded_with_its_note_without_touching_the_client(database):
    c = av_client(database)
    day = FROZEN_TODAY - timedelta(days=1)
    done = change(database, c.id, Kind.OVERTREDEN, day, "pleger stond voor de deur")
    assert done.message == f"Overtreding van het huisverbod van {c.code} vastgelegd ({short_date(day)})"
    assert client(database, c.id).version == c.version  # nothing of a colleague's is overwritten
    [event] = events(database, c.id)
    assert (event.kind, event.day, event.note) == (Kind.OVERTREDEN, day, "pleger stond voor de deur")


def test_a_breach_after_the_order_ended_is_still_a_breach(database):
    c = av_client(database)
    set_period(database, c.id, FROZEN_TODAY - timedelta(days=20), FROZEN_TODAY - timedelta(days=10))
    change(database, c.id, Kind.OVERTREDEN, FROZEN_TODAY, "kwam terug")
    assert [e.kind for e in events(database, c.id)] == [Kind.OVERTREDEN]


@pytest.mark.parametrize(("when", "note", "field", "words"), [
    ("before", "x", FIELD_DAY, "niet eerder"),
    ("future", "x", FIELD_DAY, "niet in de toekomst"),
    ("today", "   ", FIELD_NOTE, "Beschrijf kort"),
    ("today", "x" * 201, FIELD_NOTE, "ten hoogste 200 tekens"),
    ("none", "x", FIELD_DAY, "datum van de overtreding"),
])
def test_a_breach_with_bad_input_is_refused_at_its_field(database, when, note, field, words):
    c = av_client(database)
    day = {"before": c.huisverbod_start - timedelta(days=1), "future": FROZEN_TODAY + timedelta(days=1),
           "today": FROZEN_TODAY, "none": None}[when]
    with pytest.raises(ValidationFailed, match=words) as refused:
        change(database, c.id, Kind.OVERTREDEN, day, note)
    assert refused.value.field == field and events(database, c.id) == []


def test_an_unknown_kind_is_refused(database):
    c = av_client(database)
    with pytest.raises(ValidationFailed, match="verlengd, beëindigd of overtreden") as refused:
        change(database, c.id, "opgelegd", FROZEN_TODAY)
    assert refused.value.field == FIELD_KIND


# --- undo ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", [Kind.VERLENGD, Kind.BEEINDIGD, Kind.OVERTREDEN])
def test_undo_takes_the_event_away_and_puts_the_end_back(database, kind):
    c = av_client(database)
    day = {Kind.VERLENGD: c.huisverbod_end + timedelta(days=4), Kind.BEEINDIGD: FROZEN_TODAY,
           Kind.OVERTREDEN: FROZEN_TODAY}[kind]
    done = change(database, c.id, kind, day, "notitie")
    assert done.undo is not None
    undone = perform(database, Actor("AV"), undo, done.undo, undoable=False)
    assert undone.message.startswith("Ongedaan gemaakt: ")
    assert events(database, c.id) == [] and client(database, c.id).huisverbod_end == c.huisverbod_end
    with Session(database.engine) as session:
        deleted = session.exec(select(AuditEntry).where(AuditEntry.entity == "huisverbod_event",
                                                        AuditEntry.action == AuditAction.DELETE)).all()
    assert len(deleted) == 1 and deleted[0].client_code == c.code


def test_undo_of_an_extension_refuses_after_a_colleague_extended_again(database):
    c = av_client(database)
    done = change(database, c.id, Kind.VERLENGD, c.huisverbod_end + timedelta(days=2))
    change(database, c.id, Kind.VERLENGD, c.huisverbod_end + timedelta(days=6), user="JB")
    with pytest.raises(ConcurrentEdit, match="JB"):
        perform(database, Actor("AV"), undo, done.undo, undoable=False)
    assert client(database, c.id).huisverbod_end == c.huisverbod_end + timedelta(days=6)


# --- reads -----------------------------------------------------------------------------------------

def test_the_history_starts_with_the_order_and_the_state_names_the_latest_change_and_breach(database):
    without_demo_events(database)
    c = av_client(database)
    change(database, c.id, Kind.OVERTREDEN, c.huisverbod_start + timedelta(days=1), "eerste keer")
    change(database, c.id, Kind.VERLENGD, c.huisverbod_start + timedelta(days=20))
    change(database, c.id, Kind.OVERTREDEN, FROZEN_TODAY, "weer")
    with Session(database.engine) as session:
        history = huisverbod_history(session, c.id)
    assert [r.kind for r in history] == [Kind.OVERTREDEN, Kind.VERLENGD, Kind.OVERTREDEN, Kind.OPGELEGD]
    assert history[-1].day == c.huisverbod_start and history[-1].id is None
    end = c.huisverbod_start + timedelta(days=20)
    assert state_words(history, c.huisverbod_start) == (
        f"verlengd t/m {end.day}-{end.month}",
        f"overtreden op {FROZEN_TODAY.day}-{FROZEN_TODAY.month} (en 1 keer eerder)")
    with Session(database.engine) as session:
        form = huisverbod_for_form(session, c.id)
    assert form.end == end and form.latest_end == c.huisverbod_start + timedelta(days=28) and form.ended_on is None


def test_vandaag_news_is_the_last_week_for_a_workers_clients(database):
    without_demo_events(database)
    c = av_client(database)
    change(database, c.id, Kind.VERLENGD, c.huisverbod_end + timedelta(days=3))
    change(database, c.id, Kind.OVERTREDEN, c.huisverbod_start, "bij de start al")
    with Session(database.engine) as session:
        av = session.exec(select(Worker).where(Worker.code == "AV")).one()
        jb = session.exec(select(Worker).where(Worker.code == "JB")).one()
        mine = huisverbod_news(session, FROZEN_TODAY, av.id)
        theirs = huisverbod_news(session, FROZEN_TODAY, jb.id)
        team = huisverbod_news(session, FROZEN_TODAY)
        in_a_week = huisverbod_news(session, FROZEN_TODAY + timedelta(days=7), av.id)
        before = huisverbod_news(session, FROZEN_TODAY - timedelta(days=1), av.id)
    assert [(n.client_code, n.kind) for n in mine] == [(c.code, Kind.VERLENGD), (c.code, Kind.OVERTREDEN)]
    assert mine[0].summary.startswith("verlengd t/m ") and mine[0].worker_code == "AV"
    assert mine[1].recorded_by == "AV" and mine[1].note == "bij de start al"
    assert theirs == [] and [n.event_id for n in team] == [n.event_id for n in mine]
    assert in_a_week == []  # recorded and happened more than a week before
    assert before == []  # not yet recorded then (recorded today; the breach day alone is old)


def test_news_of_a_closed_client_is_left_out(database):
    without_demo_events(database)
    c = av_client(database)
    change(database, c.id, Kind.OVERTREDEN, FROZEN_TODAY, "x")
    with database.session(Actor("AV"), write=True) as session:
        session.get(Client, c.id).status = ClientStatus.CLOSED
        session.commit()
    with Session(database.engine) as session:
        assert huisverbod_news(session, FROZEN_TODAY) == []


# --- handover ----------------------------------------------------------------------------------------

def test_a_handover_attaches_the_huisverbod_and_its_events_and_exports_them(database):
    from models.handover.export import export_handover
    from models.handover.queries import handover_detail
    from models.handover.views import HandoverInput
    from models.handover.write import save_handover

    c = av_client(database)
    new_end = c.huisverbod_end + timedelta(days=5)
    change(database, c.id, Kind.VERLENGD, new_end)
    change(database, c.id, Kind.OVERTREDEN, FROZEN_TODAY, "Pleger *belde* aan")
    with database.session(Actor("AV"), write=True) as session:
        me = session.exec(select(Worker).where(Worker.code == "AV")).one()
        rm = session.exec(select(Worker).where(Worker.code == "RM")).one()
        saved = save_handover(session, writer_id=me.id, data=HandoverInput(
            to_worker_id=rm.id, reason="vakantie", client_codes=(c.code,), period_start=None, period_end=None,
            aanbeveling="Let op het huisverbod"))
        session.commit()
    with database.session(Actor("AV"), write=True) as session:
        [attachment] = handover_detail(session, saved.id).clients
        _name, text = export_handover(session, saved.id)
    assert (attachment.huisverbod_start, attachment.huisverbod_end) == (c.huisverbod_start, new_end)
    assert [e.kind for e in attachment.huisverbod_events] == [Kind.OVERTREDEN, Kind.VERLENGD, Kind.OPGELEGD]
    assert attachment.huisverbod_state == (f"verlengd t/m {new_end.day}-{new_end.month}",
                                           f"overtreden op {FROZEN_TODAY.day}-{FROZEN_TODAY.month}")
    assert "### Huisverbod" in text
    assert f"- overtreden op {FROZEN_TODAY.day}-{FROZEN_TODAY.month} (AV): Pleger \\*belde\\* aan" in text


def test_a_handover_for_a_client_without_a_huisverbod_attaches_none(database):
    from models.handover.queries import client_attachments

    with Session(database.engine) as session:
        other = session.exec(select(Client).where(col(Client.huisverbod_start).is_(None))).first()
        [attachment] = client_attachments(session, [other.id], FROZEN_TODAY, FROZEN_TODAY)
    assert attachment.huisverbod_start is None and attachment.huisverbod_events == ()
    assert attachment.huisverbod_state == ()
