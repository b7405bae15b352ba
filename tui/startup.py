"""What happens in the first worker: open or create the database, seed the demo, list the team.

Every step that can fail is named (tui.dbfile.Step), so the user reads which one failed and the
log records it; an unexpected error inside a step becomes a DatabaseProblem for that step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from models.auth.signin import SignInState, sign_in_state
from models.common import active_workers
from tui.db import Database, open_database
from tui.dbfile import DatabaseProblem, Step, sqlite_path
from tui.diagnostics import log_event, log_failure
from tui.settings import LaunchSettings

T = TypeVar("T")

UNEXPECTED = {
    Step.OPENING: "De database kon niet worden geopend (onverwachte fout).",
    Step.CONNECTING: "Er kon geen verbinding met de database worden gemaakt (onverwachte fout).",
    Step.MIGRATING: "Het databaseschema kon niet worden bijgewerkt (onverwachte fout); de reservekopie staat "
                    "naast het bestand.",
    Step.SEEDING: "De demo-gegevens konden niet worden aangemaakt (onverwachte fout). Uw eigen gegevens zijn "
                  "niet aangeraakt.",
    Step.LOADING: "Het team kon niet worden geladen uit de database (onverwachte fout).",
}


def prepare(settings: LaunchSettings) -> tuple[Database, SignInState]:
    if settings.demo:
        demo_file = sqlite_path(settings.database_url)
        if demo_file is not None and not demo_file.exists():
            from models.clock import today
            from tui.demo_template import place_demo_database

            _step(Step.SEEDING, lambda: place_demo_database(demo_file, today()))
    database = _step(Step.OPENING, lambda: open_database(settings.database_url, key=settings.database_key))
    try:
        if settings.demo:
            with database.session() as session:
                empty = not active_workers(session)
            if empty:
                from fixtures.demo import seed_demo

                _step(Step.SEEDING, lambda: seed_demo(database.engine))
                log_event("demo-seeded")

        def load_team() -> SignInState:
            with database.session() as session:  # a new session: it must see what the seed wrote
                return sign_in_state(session)  # the team, and who of them can sign in

        state = _step(Step.LOADING, load_team)
    except BaseException:
        database.dispose()
        raise
    return database, state


def _step(step: str, work: Callable[[], T]) -> T:
    try:
        return work()
    except DatabaseProblem as problem:
        log_failure(f"startup:{problem.step}", problem)
        raise
    except Exception as error:
        log_failure(f"startup:{step}", error)
        raise DatabaseProblem(UNEXPECTED[step], step=step) from error
