"""Caseload weights: how full a worker is, from fase and contract hours (team settings).

A full-time worker (settings `fulltime_hours`) is "vol" at `clients_per_fulltime` clients of mixed
weight; a fase-1 client weighs more than a fase-2 client. The tool only suggests; the team decides.
"""

from __future__ import annotations

from models.enums import Fase


def client_weight(fase: str, settings: dict[str, object]) -> float:
    key = "weight_fase_1" if fase == Fase.FASE_1 else "weight_fase_2"
    return float(settings[key])


def capacity(contract_hours: float, settings: dict[str, object]) -> float:
    """Weighted load at which a worker with these hours is full."""
    return float(settings["clients_per_fulltime"]) * contract_hours / float(settings["fulltime_hours"])
