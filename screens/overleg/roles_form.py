"""The meeting's roles: voorzitter, notulist, who is present, and how long it lasts."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input
from screens.common.plain import Select

from models.errors import ValidationFailed
from screens.common.form import Edit, Fields, FormScreen, field


@dataclass(frozen=True)
class MeetingInput:
    chair_id: int | None
    minute_taker_id: int | None
    present: str
    duration_min: int | None


def worker_label(worker) -> str:
    return f"{worker.code} {worker.name}"


def meeting_fields(meeting, team) -> Fields:
    """A stored meeting (MeetingInfo) as the form shows it: field id → (text as FormScreen.field_text
    reads it, widget value)."""
    def chosen(worker_id: int | None) -> tuple[str, object]:
        worker = next((w for w in team if w.id == worker_id), None)
        return (worker_label(worker), worker.id) if worker else ("", Select.NULL)

    present = ", ".join(meeting.present)
    return {"meeting-chair": chosen(meeting.chair_id), "meeting-minutes": chosen(meeting.minute_taker_id),
            "meeting-present": (present, present), "meeting-duration": (str(meeting.duration_min),) * 2}


class MeetingForm(FormScreen):
    TITLE = "Overleg instellen"

    def __init__(self, edit: Edit, *, team, meeting, draft_key: str | None = None) -> None:
        super().__init__(edit, draft_key=draft_key)
        self.team = team
        self.meeting = meeting  # MeetingInfo

    def compose_fields(self) -> ComposeResult:
        m = self.meeting
        options = [(worker_label(w), w.id) for w in self.team]
        yield field("Voorzitter", Select(options, value=m.chair_id if m.chair_id else Select.NULL, id="meeting-chair"))
        yield field("Notulist", Select(options, value=m.minute_taker_id if m.minute_taker_id else Select.NULL,
                                       id="meeting-minutes"))
        yield field("Aanwezig (codes, met komma's)", Input(", ".join(m.present), id="meeting-present"),
                    hint="Leeg laten: bij de start vult Teambord wie die dag werkt en niet afwezig is.")
        yield field("Duur (minuten)", Input(str(m.duration_min), id="meeting-duration"))

    def on_mount(self) -> None:
        self.query_one("#meeting-chair").focus()

    def collect(self) -> MeetingInput:
        chair = self.query_one("#meeting-chair", Select).value
        taker = self.query_one("#meeting-minutes", Select).value
        text = self.query_one("#meeting-duration", Input).value.strip()
        try:
            duration = int(text) if text else None
        except ValueError:
            raise ValidationFailed("Vul de duur in minuten in, bijv. 90.", field="meeting-duration") from None
        return MeetingInput(chair_id=None if chair is Select.NULL else int(chair),
                            minute_taker_id=None if taker is Select.NULL else int(taker),
                            present=self.query_one("#meeting-present", Input).value, duration_min=duration)
