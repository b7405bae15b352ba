"""What happens in the first worker: open or create the database, seed the demo, list the team."""

from __future__ import annotations

from models.queries.common import active_workers, worker_ref
from models.views import WorkerRef
from tui.db import Database, open_database
from tui.settings import LaunchSettings


def prepare(settings: LaunchSettings) -> tuple[Database, list[WorkerRef]]:
    database = open_database(settings.database_url)
    if settings.demo:
        with database.session() as session:
            empty = not active_workers(session)
        if empty:
            from fixtures.demo import seed_demo

            seed_demo(database.engine)
    with database.session() as session:  # a new session: it must see what the seed wrote
        workers = [worker_ref(w) for w in active_workers(session)]
    return database, workers
