"""Read side of the Top-3: a client's versions, its draft, and the evaluations that are due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.tables.clients import Client
from models.enums import ClientStatus
from models.tables.top3 import SafetyAgreement, Top3Plan, UnsafeSituation
from models.top3.diff import Agreement, PlanContent, PlanVersion, Situation
from models.tables.workers import Worker

DRAFT_NUMBER = 0  # a client's one draft is stored with number 0 (versions count from 1)


def plan_versions(session: Session, client_id: int) -> list[PlanVersion]:
    """Every saved version of the client's Top-3, newest first, with situations and agreements."""
    plans = session.exec(
        select(Top3Plan, Worker.code).join(Worker, Worker.id == Top3Plan.author_id, isouter=True)
        .where(Top3Plan.client_id == client_id, Top3Plan.is_draft == False)  # noqa: E712
        .order_by(col(Top3Plan.number).desc())
    ).all()
    return _with_parts(session, plans)


def current_plan(session: Session, client_id: int) -> PlanVersion | None:
    plans = session.exec(
        select(Top3Plan, Worker.code).join(Worker, Worker.id == Top3Plan.author_id, isouter=True)
        .where(Top3Plan.client_id == client_id, Top3Plan.is_draft == False)  # noqa: E712
        .order_by(col(Top3Plan.number).desc()).limit(1)
    ).all()
    versions = _with_parts(session, plans)
    return versions[0] if versions else None


def newest_number(session: Session, client_id: int) -> int:
    """The number of the newest saved version (0 when the client has no Top-3 yet)."""
    number = session.exec(
        select(func.max(Top3Plan.number)).where(Top3Plan.client_id == client_id, Top3Plan.is_draft == False)  # noqa: E712
    ).one()
    return number or 0


def draft_of(session: Session, client_id: int) -> PlanVersion | None:
    """The client's unsaved draft, if any, with the version it started from in `based_on`."""
    plans = session.exec(
        select(Top3Plan, Worker.code).join(Worker, Worker.id == Top3Plan.author_id, isouter=True)
        .where(Top3Plan.client_id == client_id, Top3Plan.is_draft == True)  # noqa: E712
    ).all()
    drafts = _with_parts(session, plans)
    if not drafts:
        return None
    draft = drafts[0]
    # The draft row is created once when editing starts and updated in place, so the newest version
    # with a lower id is the one the editor was showing when the draft began.
    based_on = session.exec(
        select(func.max(Top3Plan.number)).where(
            Top3Plan.client_id == client_id, Top3Plan.is_draft == False, Top3Plan.id < draft.id)  # noqa: E712
    ).one() or 0
    return PlanVersion(id=draft.id, client_id=draft.client_id, number=draft.number, created_at=draft.created_at,
                       author_code=draft.author_code, content=draft.content, is_draft=True, based_on=based_on)


def _with_parts(session: Session, plans) -> list[PlanVersion]:
    if not plans:
        return []
    ids = [plan.id for plan, _code in plans]
    situations: dict[int, list[Situation]] = {plan_id: [] for plan_id in ids}
    for row in session.exec(select(UnsafeSituation).where(col(UnsafeSituation.plan_id).in_(ids))
                            .order_by(UnsafeSituation.plan_id, UnsafeSituation.rank)):
        situations[row.plan_id].append(Situation(row.description, row.family_members, row.last_occurrence,
                                                 row.risk_factors))
    agreements: dict[int, list[Agreement]] = {plan_id: [] for plan_id in ids}
    for row in session.exec(select(SafetyAgreement).where(col(SafetyAgreement.plan_id).in_(ids))
                            .order_by(SafetyAgreement.plan_id, SafetyAgreement.position, SafetyAgreement.id)):
        agreements[row.plan_id].append(Agreement(row.who, row.what, row.until, row.checked_by, row.consequence,
                                                 row.status))
    return [
        PlanVersion(
            id=plan.id, client_id=plan.client_id, number=plan.number, created_at=plan.created_at, author_code=code,
            content=PlanContent(tuple(situations[plan.id]), tuple(agreements[plan.id]), plan.made_with, plan.phase,
                                plan.evaluate_on),
            is_draft=plan.is_draft,
        )
        for plan, code in plans
    ]


@dataclass(frozen=True)
class EvaluationDue:
    """A client whose current Top-3 is due for evaluation (for Vandaag and the overleg agenda)."""

    client_id: int
    client_code: str
    worker_id: int | None
    worker_code: str | None
    plan_number: int
    evaluate_on: date


def evaluations_due(session: Session, until: date, *, worker_id: int | None = None) -> list[EvaluationDue]:
    """Active clients whose newest saved Top-3 is to be evaluated on or before `until` (overdue too),
    soonest first. Older versions' dates do not count: a revision replaces the evaluation date."""
    newest = (
        select(Top3Plan.client_id, func.max(Top3Plan.number).label("number"))
        .where(Top3Plan.is_draft == False)  # noqa: E712
        .group_by(Top3Plan.client_id).subquery()
    )
    query = (
        select(Top3Plan.client_id, Client.code, Client.worker_id, Worker.code, Top3Plan.number, Top3Plan.evaluate_on)
        .join(newest, (newest.c.client_id == Top3Plan.client_id) & (newest.c.number == Top3Plan.number))
        .join(Client, Client.id == Top3Plan.client_id)
        .join(Worker, Worker.id == Client.worker_id, isouter=True)
        .where(Client.status == ClientStatus.ACTIVE, col(Top3Plan.evaluate_on).is_not(None),
               Top3Plan.evaluate_on <= until)
        .order_by(Top3Plan.evaluate_on, Client.code)
    )
    if worker_id is not None:
        query = query.where(Client.worker_id == worker_id)
    return [EvaluationDue(*row) for row in session.exec(query)]
