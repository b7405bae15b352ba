"""`teambord export ics`: a worker's week as an iCalendar file from the command line."""

from __future__ import annotations

import pytest

from icalendar import Calendar
from datetime import date

from sqlmodel import Session, create_engine, func, select

from models.tables.appointments import Appointment
from models.clock import at, local
from models.enums import AppointmentStatus
from models.tables.workers import Worker

from models.audit import AuditEntry
from models.enums import AuditAction
from tui.cli import main

pytestmark = pytest.mark.usefixtures("cli_passphrase")  # they act as a demo worker


def test_export_ics_writes_a_calendar_and_logs_the_export(demo_url, tmp_path, capsys):
    target = tmp_path / "av.ics"
    assert main(["export", "ics", "--worker", "av", "--week", "48", "--jaar", "2026", "--uit", str(target),
                 "--db", demo_url]) == 0
    out = capsys.readouterr().out
    assert f"Agenda geschreven: {target}" in out and "ZS-" not in out  # no client codes on stdout
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    engine = create_engine(demo_url)
    with Session(engine) as session:
        av = session.exec(select(Worker.id).where(Worker.code == "AV")).one()
        expected = session.exec(select(func.count()).select_from(Appointment).where(
            Appointment.worker_id == av, Appointment.status != AppointmentStatus.CANCELLED,
            Appointment.start >= at(date(2026, 11, 23), 0), Appointment.start < at(date(2026, 11, 30), 0))).one()
    assert len(events) == expected > 0  # AV's appointments of week 48 (AV has no absence that week)
    assert all(date(2026, 11, 23) <= local(e["DTSTART"].dt).date() <= date(2026, 11, 29) for e in events)
    with Session(engine) as session:
        logged = session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT)).all()
    engine.dispose()
    assert logged and {entry.user_code for entry in logged} == {"AV"}


def test_export_ics_into_a_folder_uses_the_default_name(demo_url, tmp_path, capsys):
    assert main(["export", "ics", "--worker", "SK", "--week", "49", "--jaar", "2026", "--uit", str(tmp_path),
                 "--db", demo_url]) == 0
    calendar = Calendar.from_ical((tmp_path / "SK-2026-week49.ics").read_bytes())
    assert "Afwezig: vakantie" in [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]


def test_export_ics_refuses_unknown_workers_and_weeks(demo_url, tmp_path, capsys):
    out = tmp_path / "uit"
    out.mkdir()
    assert main(["export", "ics", "--worker", "ZZ", "--week", "48", "--uit", str(out), "--db", demo_url]) == 2
    assert "onbekende medewerkercode" in capsys.readouterr().err.lower()
    assert main(["export", "ics", "--worker", "AV", "--week", "60", "--jaar", "2026", "--uit", str(out),
                 "--db", demo_url]) == 2
    assert "Week 60 bestaat niet in 2026" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_export_ics_without_uit_goes_to_the_export_folder(demo_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TEAMBORD_EXPORT_DIR", str(tmp_path / "exports"))
    monkeypatch.chdir(tmp_path)
    assert main(["export", "ics", "--worker", "AV", "--week", "48", "--jaar", "2026", "--db", demo_url]) == 0
    path = tmp_path / "exports" / "AV-2026-week48.ics"
    assert path.read_bytes().startswith(b"BEGIN:VCALENDAR") and not (tmp_path / path.name).exists()
    assert f"Agenda geschreven: {path}" in capsys.readouterr().out
    assert main(["export", "ics", "--worker", "AV", "--week", "48", "--jaar", "2026", "--db", demo_url,
                 "-o", str(tmp_path / "eigen.ics")]) == 0
    assert (tmp_path / "eigen.ics").exists()
