"""Meeting mode's "wachtlijst verdelen": the waiting list beside the caseload bars, and allocating
a registration in the meeting (the waiting list's own form and action; the team chooses)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable
from screens.common.plain import Label

from models.actions import Done
from models.clock import today
from models.enums import Gemeente, Hulpvorm, RegistrationStatus, Urgency
from screens.common.table import BoardTable


class AllocationPanel(Horizontal):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.panel = None  # models.overleg.views.WaitlistPanel, once loaded

    def compose(self) -> ComposeResult:
        with Vertical(id="mm-registrations-box"):
            yield Label("Wachtlijst", id="mm-registrations-title", classes="mm-block-title")
            yield BoardTable(id="mm-registrations", cursor_type="row", zebra_stripes=True)
        with Vertical(id="mm-loads-box"):
            yield Label("Caseload", classes="mm-block-title")
            yield BoardTable(id="mm-loads", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one("#mm-registrations", DataTable).add_columns(
            "Code", "Dagen", "Urgentie", "Gemeente", "Status", "Advies")
        self.query_one("#mm-loads", DataTable).add_columns("Medewerker", "Cliënten", "Belasting")

    def load(self) -> None:
        from models.overleg.queries import waitlist_panel

        self.app.runner.read(self, waitlist_panel, today(), done=self._show, what="de wachtlijst laden",
                             group="meeting-waitlist")

    def _show(self, panel) -> None:
        from screens.caseload.screen import load_bar

        self.panel = panel
        registrations = self.query_one("#mm-registrations", DataTable)
        registrations.clear()
        for r in panel.registrations:
            registrations.add_row(r.code, str(r.days_waiting), Urgency.label_of(r.urgency),
                                  Gemeente.label_of(r.gemeente), RegistrationStatus.label_of(r.status),
                                  Hulpvorm.label_of(r.advised_hulpvorm), key=str(r.id))
        hint = " · w wijst de gekozen toe" if panel.can_allocate else " · toewijzen in Wachtlijst (3)"
        self.query_one("#mm-registrations-title", Label).update(f"Wachtlijst ({len(panel.registrations)}){hint}")
        loads = self.query_one("#mm-loads", DataTable)
        loads.clear()
        for load in panel.loads:
            loads.add_row(load.worker.code, str(load.active), load_bar(load.weighted, load.capacity),
                          key=str(load.worker.id))

    def allocate(self, allocated: Callable[[Done], None]) -> None:
        """The allocation form for the highlighted registration; `allocated(done)` once saved
        (`done.value`: the worker's code)."""
        from models.actions.waitlist import step_context

        if self.panel is None or not self.panel.can_allocate:
            self.app.notify("Toewijzen vanuit het overleg kan nog niet; gebruik Wachtlijst (3).", severity="warning")
            return
        table = self.query_one("#mm-registrations", DataTable)
        if not table.row_count:
            return
        registration_id = int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

        def open_form(context) -> None:
            from screens.waitlist.allocation_form import allocation_form

            detail, suggestions = context
            if detail is None:
                self.app.notify("Deze aanmelding bestaat niet meer.", severity="error")
                self.load()
                return

            def saved(done: Done | None) -> None:
                if done is not None:
                    allocated(done)
                    self.load()

            self.app.push_screen(allocation_form(detail, suggestions), saved)

        self.app.runner.read(self, step_context, registration_id, True, done=open_form, what="toewijzen",
                             group="meeting-allocate")
