"""How far a client's trajectory is: completed conversations against the planned number."""

from __future__ import annotations

from models.clock import local
from models.enums import AppointmentStatus
from models.planning.views import Progress


def conversation_progress(session, client_ids: list[int]) -> dict[int, Progress]:
    """Completed conversations (CONVERSATION_KINDS, status gedaan) since the current trajectory
    started, against its planned number: {client id: 3/5}. Clients without a trajectory are left out."""
    from sqlmodel import col, select

    from models.tables.appointments import Appointment
    from models.tables.clients import Trajectory
    from models.common import CONVERSATION_KINDS

    ids = sorted({i for i in client_ids if i is not None})
    if not ids:
        return {}
    trajectories = {}
    for trajectory in session.exec(
        select(Trajectory).where(col(Trajectory.client_id).in_(ids), col(Trajectory.end_date).is_(None))
        .order_by(Trajectory.start_date)
    ):
        trajectories[trajectory.client_id] = trajectory  # the newest open one wins
    done = dict.fromkeys(trajectories, 0)
    rows = session.exec(
        select(Appointment.client_id, Appointment.start)
        .where(col(Appointment.client_id).in_(list(trajectories)), Appointment.status == AppointmentStatus.DONE)
        .where(col(Appointment.kind).in_(CONVERSATION_KINDS))
    )
    for client_id, start in rows:
        if local(start).date() >= trajectories[client_id].start_date:
            done[client_id] += 1
    return {cid: Progress(done[cid], t.planned_conversations) for cid, t in trajectories.items()}
