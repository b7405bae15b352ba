"""Overdracht lists: to me, from me, all; unacknowledged first."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select

from models.clients import Client
from models.handovers import Handover, HandoverClient
from models.queries.common import worker_codes
from models.views import HandoverRow


def handover_rows(session: Session, *, to_worker_id: int | None = None, from_worker_id: int | None = None,
                  open_only: bool = False, limit: int = 500) -> list[HandoverRow]:
    query = select(Handover).where(Handover.is_draft == False)  # noqa: E712
    if to_worker_id is not None:
        query = query.where(Handover.to_worker_id == to_worker_id)
    if from_worker_id is not None:
        query = query.where(Handover.from_worker_id == from_worker_id)
    if open_only:
        query = query.where(col(Handover.acknowledged_at).is_(None))
    # Unacknowledged first (NULLs), then newest first.
    query = query.order_by(col(Handover.acknowledged_at).is_not(None), col(Handover.created_at).desc()).limit(limit)
    handovers = list(session.exec(query))
    codes = worker_codes(session)
    clients = _client_codes(session, [h.id for h in handovers])
    return [
        HandoverRow(
            id=h.id, from_code=codes.get(h.from_worker_id, "?"), to_code=codes.get(h.to_worker_id),
            reason=h.reason, created_at=h.created_at, period_start=h.period_start, period_end=h.period_end,
            client_codes=tuple(clients.get(h.id, ())), acknowledged_at=h.acknowledged_at,
            aanbeveling=h.aanbeveling,
        )
        for h in handovers
    ]


def _client_codes(session: Session, handover_ids: list[int]) -> dict[int, list[str]]:
    if not handover_ids:
        return {}
    query = (
        select(HandoverClient.handover_id, Client.code)
        .join(Client, Client.id == HandoverClient.client_id)
        .where(col(HandoverClient.handover_id).in_(handover_ids))
        .order_by(Client.code)
    )
    result: dict[int, list[str]] = defaultdict(list)
    for handover_id, code in session.exec(query):
        result[handover_id].append(code)
    return result
