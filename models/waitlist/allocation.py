"""Allocation suggestion: which workers could take a registration, ranked, with the reasons.

The tool suggests; the team chooses (DOMAIN.md). Nothing here assigns anything.

Ranking (weights are team settings, see models.settings.DEFAULTS):
    score = free weighted capacity
            + allocation_region_bonus      when the worker works in the registration's region
            - allocation_fase1_penalty     per fase-1 client the worker already carries
            - allocation_absent_penalty    when the worker is absent today
Ties go to the larger free capacity, then the worker code. Every suggestion carries its reasons
in Dutch, in the order they weigh: capacity, region, fase-1 load, absence.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from models.caseload.write import client_weight
from models.clock import today
from models.dutch import short_date
from models.enums import AbsenceKind, Fase, Hulpvorm, Region
from models.errors import NotFound
from models.tables.registrations import Registration
from models.settings import team_settings
from models.views import WorkerRef


@dataclass(frozen=True)
class Suggestion:
    worker: WorkerRef
    free_capacity: float  # capacity - weighted load, before taking this registration
    same_region: bool
    fase_1: int  # fase-1 clients the worker carries now
    reasons: tuple[str, ...]  # Dutch, most important first
    weighted: float = 0.0
    capacity: float = 0.0
    load_after: float = 0.0  # weighted load / capacity after taking this registration
    score: float = 0.0
    absent: bool = False


def decimal(value: float) -> str:
    """1 decimal with a Dutch decimal comma: 3.4 -> '3,4'."""
    return f"{value:.1f}".replace(".", ",")


def suggest_workers(session: Session, registration_id: int) -> list[Suggestion]:
    """The ambulant workers ranked for this registration, best first, each with its reasons."""
    from models.caseload.queries import caseload_overview
    from models.tables.workers import Absence, Worker

    registration = session.get(Registration, registration_id)
    if registration is None:
        raise NotFound("Deze aanmelding bestaat niet meer.")
    settings = team_settings(session)
    new_weight = client_weight(Fase.FASE_1, settings, registration.advised_hulpvorm or Hulpvorm.AMBULANT)
    regions = dict(session.exec(select(Worker.id, Worker.region)).all())
    day = today()
    absences = {
        worker_id: (kind, end)
        for worker_id, kind, end in session.exec(
            select(Absence.worker_id, Absence.kind, Absence.end_date)
            .where(Absence.start_date <= day, Absence.end_date >= day)
        )
    }
    bonus = float(settings["allocation_region_bonus"])
    per_fase_1 = float(settings["allocation_fase1_penalty"])
    absent_penalty = float(settings["allocation_absent_penalty"])

    suggestions = []
    for load in caseload_overview(session):
        free = load.capacity - load.weighted
        region = regions.get(load.worker.id)
        same_region = region == registration.region
        after = (load.weighted + new_weight) / load.capacity if load.capacity else float("inf")
        absence = absences.get(load.worker.id)
        score = free + (bonus if same_region else 0.0) - per_fase_1 * load.fase_1 - (absent_penalty if absence else 0)
        reasons = [_capacity_reason(free, load.weighted, load.capacity, after)]
        if same_region:
            reasons.append(f"werkt in {Region.label_of(region)}, de regio van de aanmelding")
        elif region:
            reasons.append(f"andere regio: werkt in {Region.label_of(region)}")
        else:
            reasons.append("geen vaste regio")
        reasons.append(f"{load.fase_1} {'cliënt' if load.fase_1 == 1 else 'cliënten'} in fase 1")
        if absence:
            kind, end = absence
            reasons.append(f"afwezig ({AbsenceKind.label_of(kind).lower()}) t/m {short_date(end)}")
        suggestions.append(Suggestion(
            worker=load.worker, free_capacity=round(free, 2), same_region=same_region, fase_1=load.fase_1,
            reasons=tuple(reasons), weighted=load.weighted, capacity=load.capacity, load_after=after,
            score=round(score, 3), absent=absence is not None,
        ))
    suggestions.sort(key=lambda s: (-s.score, -s.free_capacity, s.worker.code))
    return suggestions


def _capacity_reason(free: float, weighted: float, capacity: float, after: float) -> str:
    now = weighted / capacity if capacity else 0
    if free > 0:
        text = f"{decimal(free)} gewogen plaatsen vrij ({now:.0%} belast)"
    elif free == 0:
        text = f"precies vol ({now:.0%} belast)"
    else:
        text = f"al {decimal(-free)} boven capaciteit ({now:.0%} belast)"
    suffix = ", daarna vol" if after >= 1.0 and free > 0 else ""
    return f"{text}; na toewijzing {after:.0%}{suffix}"
