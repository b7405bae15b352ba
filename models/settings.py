"""Team settings (DOMAIN.md's *team setting*): stored in the shared database, with defaults here."""

from __future__ import annotations

import json

from sqlmodel import Field, Session, select

from models.base import Versioned

DEFAULTS: dict[str, object] = {
    "meeting_weekday": 2,  # ISO weekday of the ambulant overleg: tuesday
    "meeting_time": "10:00",
    "meeting_minutes": 90,
    "agenda_timebox_min": 10,
    "waiting_alert_days": 28,
    # Mixed caseload averages weight 1.0, so "22 clients of mixed weight" is a weighted 22.
    "weight_fase_1": 1.2,
    "weight_fase_2": 0.8,
    "clients_per_fulltime": 22,
    "fulltime_hours": 36,
    # Caseload weight per hulpvorm, multiplied with the fase weight (issue 4). A training group
    # weighs less than an individual traject; a crisis or Oranje Huis Thuis more.
    "weight_hulpvorm_ambulant": 1.0,
    "weight_hulpvorm_vervolgmodule": 0.9,
    "weight_hulpvorm_aware": 1.0,
    "weight_hulpvorm_oranje_huis_thuis": 1.2,
    "weight_hulpvorm_noodbed": 1.3,
    "weight_hulpvorm_crisismodule": 1.5,
    "weight_hulpvorm_sterk": 0.6,
    "weight_hulpvorm_en_nu_ik": 0.6,
    "weight_hulpvorm_verwijzing": 0.3,
    # Allocation suggestion (issue 4): bonus in weighted places for working in the same region,
    # penalty per fase-1 client already carried, penalty for being absent today.
    "allocation_region_bonus": 2.0,
    "allocation_fase1_penalty": 0.25,
    "allocation_absent_penalty": 4.0,
    "retention_days_closed": 730,
    # The meeting's notes per item go into the minutes (Overleg x); false keeps them out.
    "minutes_include_notes": True,
    # Closure days (team-wide days off besides the public holidays) are not one setting but one row
    # each, key "closure_day:<ISO date>", value the day's name: see models/days_off.py. They come
    # with team_settings() like any other key; `closure_days_in(settings)` picks them out.
}


class TeamSetting(Versioned, table=True):
    __tablename__ = "team_setting"

    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=400)  # JSON


def team_settings(session: Session) -> dict[str, object]:
    stored = {row.key: json.loads(row.value) for row in session.exec(select(TeamSetting))}
    return {**DEFAULTS, **stored}
