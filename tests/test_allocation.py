"""Caseload weighting and the allocation suggestion (ranking and its Dutch reasons), on a small team."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session

from models.waitlist.allocation import decimal, suggest_workers
from models.audit import Actor
from models.caseload.write import capacity, client_weight, hulpvorm_weight, load_state
from models.tables.clients import Client, Trajectory
from models.enums import AbsenceKind, ClientStatus, Fase, Hulpvorm, Region, Role
from models.caseload.queries import caseload_overview
from models.tables.registrations import Registration
from models.settings import DEFAULTS, TeamSetting
from models.tables.workers import Absence, Worker
from tests.conftest import FROZEN_TODAY
from tests.databases import BACKENDS, fresh_database_url
from tui.db import open_database

# --- weighting (pure) ---------------------------------------------------------------------------


def test_fase_1_weighs_more_than_fase_2_and_hulpvorm_multiplies():
    s = dict(DEFAULTS)
    assert client_weight(Fase.FASE_1, s) == pytest.approx(1.2)
    assert client_weight(Fase.FASE_2, s) == pytest.approx(0.8)
    assert client_weight(Fase.FASE_1, s, Hulpvorm.STERK) == pytest.approx(1.2 * 0.6)
    assert client_weight(Fase.FASE_2, s, Hulpvorm.CRISISMODULE) == pytest.approx(0.8 * 1.5)
    assert hulpvorm_weight(None, s) == 1.0 and hulpvorm_weight("onbekend", s) == 1.0


def test_a_fulltime_worker_is_full_at_about_22_clients_of_mixed_weight():
    s = dict(DEFAULTS)
    full = capacity(36, s)
    assert full == pytest.approx(22)
    assert capacity(18, s) == pytest.approx(11)  # capacity follows contract hours
    # 22 clients, half fase 1 and half fase 2, all in an ambulant traject: exactly "vol".
    mixed = 11 * client_weight(Fase.FASE_1, s, Hulpvorm.AMBULANT) + 11 * client_weight(Fase.FASE_2, s, Hulpvorm.AMBULANT)
    assert mixed == pytest.approx(22)
    assert load_state(mixed, full) == "vol"
    assert load_state(18 * 1.0, full) == "ruimte"
    assert load_state(19.5, full) == "bijna vol"
    assert load_state(25, full) == "over capaciteit"


def test_weights_are_team_settings():
    s = {**DEFAULTS, "weight_fase_1": 2.0, "weight_hulpvorm_aware": 0.5, "clients_per_fulltime": 20}
    assert client_weight(Fase.FASE_1, s, Hulpvorm.AWARE) == pytest.approx(1.0)
    assert capacity(36, s) == pytest.approx(20)


def test_decimal_uses_a_dutch_comma():
    assert decimal(3.44) == "3,4" and decimal(-1.25) == "-1,2"


# --- the suggestion, on a small team ---------------------------------------------------------------

# code, region, hours, (fase-1 clients, fase-2 clients)
TEAM = [
    ("ZA", Region.ZAANSTREEK, 36, (12, 6)),   # 19.2 of 22: room 2.8, same region, many fase 1
    ("ZB", Region.ZAANSTREEK, 36, (4, 10)),   # 12.8 of 22: room 9.2, same region, few fase 1
    ("WA", Region.WATERLAND, 36, (2, 8)),     # 8.8 of 22: room 13.2, other region
    ("WB", Region.WATERLAND, 36, (0, 5)),     # 4.0 of 22: most room, but ill today
]


@pytest.fixture(params=BACKENDS)
def team_db(request, tmp_path):
    with fresh_database_url(request.param, tmp_path) as url:
        database = open_database(url)
        with database.session(Actor("ZA"), write=True) as session:
            workers = {}
            for code, region, hours, _ in TEAM:
                workers[code] = Worker(code=code, name=f"Medewerker {code}", region=region, contract_hours=hours)
            workers["GD"] = Worker(code="GD", name="Gedragsdeskundige", role=Role.GEDRAGSDESKUNDIGE)
            session.add_all(workers.values())
            session.flush()
            number = 0
            for code, region, _hours, (fase_1, fase_2) in TEAM:
                for fase, count in ((Fase.FASE_1, fase_1), (Fase.FASE_2, fase_2)):
                    for _ in range(count):
                        number += 1
                        client = Client(code=f"T-{number:04d}", region=region, gemeente="zaanstad", fase=fase,
                                        worker_id=workers[code].id, status=ClientStatus.ACTIVE,
                                        started_on=FROZEN_TODAY - timedelta(days=60))
                        session.add(client)
                        session.flush()
                        session.add(Trajectory(client_id=client.id, hulpvorm=Hulpvorm.AMBULANT,
                                               start_date=client.started_on))
            session.add(Absence(worker_id=workers["WB"].id, kind=AbsenceKind.ZIEK, start_date=FROZEN_TODAY,
                                end_date=FROZEN_TODAY + timedelta(days=2)))
            session.add(Registration(code="AM-2026-001", registered_on=FROZEN_TODAY - timedelta(days=5),
                                     region=Region.ZAANSTREEK, gemeente="zaanstad"))
            session.commit()
        yield database
        database.dispose()


def _suggest(database) -> list:
    with database.session(Actor("ZA")) as session:
        return suggest_workers(session, 1)


def test_caseload_overview_weighs_each_worker(team_db):
    with team_db.session() as session:
        loads = {load.worker.code: load for load in caseload_overview(session)}
    assert set(loads) == {"ZA", "ZB", "WA", "WB"}  # the gedragsdeskundige carries no caseload
    assert loads["ZA"].weighted == pytest.approx(12 * 1.2 + 6 * 0.8)
    assert (loads["ZA"].active, loads["ZA"].fase_1) == (18, 12)
    assert loads["WB"].capacity == pytest.approx(22)


def test_suggestion_ranks_by_room_region_and_fase_1_with_reasons(team_db):
    ranked = _suggest(team_db)
    # Scores: ZB 9.2 + 2 - 1.0 = 10.2; WA 13.2 - 0.5 = 12.7; WB 18 - 4 (ill) = 14; ZA 2.8 + 2 - 3 = 1.8.
    assert [s.worker.code for s in ranked] == ["WB", "WA", "ZB", "ZA"]
    by_code = {s.worker.code: s for s in ranked}
    assert by_code["ZB"].same_region and not by_code["WA"].same_region
    assert by_code["ZB"].free_capacity == pytest.approx(9.2)
    assert by_code["ZA"].fase_1 == 12
    assert by_code["ZB"].reasons == (
        "9,2 gewogen plaatsen vrij (58% belast); na toewijzing 64%",
        "werkt in Zaanstreek, de regio van de aanmelding",
        "4 cliënten in fase 1",
    )
    assert by_code["WA"].reasons[1] == "andere regio: werkt in Waterland"
    assert by_code["WB"].absent and by_code["WB"].reasons[-1] == "afwezig (ziek) t/m wo 25 nov"
    assert by_code["ZA"].reasons[0] == "2,8 gewogen plaatsen vrij (87% belast); na toewijzing 93%"


def test_region_bonus_is_a_team_setting_and_nothing_is_assigned(team_db):
    with team_db.session(Actor("ZA"), write=True) as session:
        session.add(TeamSetting(key="allocation_region_bonus", value="10"))
        session.commit()
    ranked = _suggest(team_db)
    assert [s.worker.code for s in ranked][:2] == ["ZB", "WB"]  # 9.2 + 10 - 1 = 18.2 beats 14
    with Session(team_db.engine) as session:
        registration = session.get(Registration, 1)
        assert registration.client_id is None and registration.status == "aangemeld"


def test_an_over_full_worker_is_explained(team_db):
    with team_db.session(Actor("ZA"), write=True) as session:
        for number in range(8):
            client = Client(code=f"X-{number}", region=Region.ZAANSTREEK, gemeente="zaanstad", fase=Fase.FASE_1,
                            worker_id=1, status=ClientStatus.ACTIVE, started_on=date(2026, 1, 1))
            session.add(client)
        session.commit()
    za = next(s for s in _suggest(team_db) if s.worker.code == "ZA")
    assert za.free_capacity < 0
    assert za.reasons[0].startswith("al 6,8 boven capaciteit (131% belast)")
