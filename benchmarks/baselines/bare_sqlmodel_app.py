"""Baseline (b): a bare Textual app that also imports SQLModel and reads one table.

It paints "WAIT" at once, then (in a thread worker, as PERFORMANCE.md recommends, so the import
does not delay the first frame) imports sqlmodel, maps one table, reads all its rows from the
SQLite file given as argv[1], and shows "DATA <n>". Time to "DATA" is the first-data baseline.
"""

import sys

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareDataApp(App[None]):
    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield Static("WAIT", id="status")

    def on_mount(self) -> None:
        self.run_worker(self.load, thread=True, exit_on_error=True)

    def load(self) -> None:
        from sqlmodel import Field, Session, SQLModel, create_engine, select

        class Item(SQLModel, table=True):
            __tablename__ = "item"
            id: int | None = Field(default=None, primary_key=True)
            code: str
            name: str
            region: str
            hours: float

        engine = create_engine(f"sqlite:///{self.path}")
        with Session(engine) as session:
            rows = session.exec(select(Item)).all()
        engine.dispose()
        self.call_from_thread(self.query_one("#status", Static).update, f"DATA {len(rows)}")


if __name__ == "__main__":
    BareDataApp(sys.argv[1]).run()
