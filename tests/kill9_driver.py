"""Drive the real Teambord app in a pseudo-terminal: start it, press keys, wait for text, kill it.

Used by tests/test_kill9.py. Only the standard library: a pty pair (`pty.openpty`), the app as a
subprocess on its slave end, and a thread that drains the master end (a full pty buffer would
block the app's writes) into a buffer that `wait_for` searches. No tmux, no terminal emulator:
text is found in the raw output with the escape sequences removed.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Key names as the tests write them → the bytes a terminal sends for them.
KEYS = {
    "tab": b"\t",
    "shift+tab": b"\x1b[Z",
    "enter": b"\r",
    "escape": b"\x1b",
    "backspace": b"\x7f",
    "end": b"\x1b[F",
    "home": b"\x1b[H",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "ctrl+s": b"\x13",
    "ctrl+q": b"\x11",
}

# CSI / OSC / other ESC sequences, and the DEC line-drawing shifts: what is left is the text.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[P^_][^\x1b]*\x1b\\|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def plain_text(raw: bytes) -> str:
    return _ESCAPES.sub(b"", raw).decode("utf-8", errors="replace")


class AppHung(AssertionError):
    """The app did not show an expected text in time."""


class PtyApp:
    """One app process in a pseudo-terminal of `size` (columns, lines)."""

    def __init__(self, args: list[str], *, env: dict[str, str], size: tuple[int, int] = (160, 48),
                 cwd: Path = ROOT) -> None:
        columns, lines = size
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        full_env = {**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines),
                    "TEXTUAL_ANIMATION": "none"}
        self.process = subprocess.Popen(
            [sys.executable, *args], stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=full_env,
            start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self.started = time.monotonic()
        self._raw = bytearray()
        self._plain = ""
        self._plain_upto = 0
        self._changed = threading.Condition()
        self._closed = False
        self.last_output = 0.0
        self._reader = threading.Thread(target=self._drain, name="pty-drain", daemon=True)
        self._reader.start()

    # --- output -----------------------------------------------------------------------------

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: the slave side is gone (the process ended)
                chunk = b""
            with self._changed:
                if not chunk:
                    self._closed = True
                    self._changed.notify_all()
                    return
                self._raw += chunk
                self.last_output = time.monotonic()
                self._changed.notify_all()

    def text(self) -> str:
        """Everything the app wrote so far, escape sequences removed."""
        with self._changed:
            if self._plain_upto < len(self._raw):  # a sequence cut in two by a read is whole by now
                self._plain = plain_text(bytes(self._raw))
                self._plain_upto = len(self._raw)
            return self._plain

    def mark(self) -> int:
        """A position in the text: `wait_for(..., since=mark)` looks only at what came after it."""
        return len(self.text())

    def wait_for(self, needle: str, *, timeout: float = 20.0, since: int = 0) -> float:
        """Block until `needle` shows in the output after `since`; return the seconds waited."""
        begin = time.monotonic()
        deadline = begin + timeout
        while True:
            if needle in self.text()[since:]:
                return time.monotonic() - begin
            with self._changed:
                if self._closed:
                    raise AppHung(f"the app ended before showing {needle!r}: …{self.text()[-600:]!r}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AppHung(f"no {needle!r} within {timeout:.0f} s: …{self.text()[-600:]!r}")
                self._changed.wait(min(left, 0.05))

    def settle(self, after: float, *, quiet: float = 0.08, timeout: float = 2.0) -> None:
        """Wait until the app wrote something after the moment `after` and then stayed quiet for
        `quiet` seconds (it repainted after a key and has nothing more to draw); at most `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._changed:
                last = self.last_output
                if last > after and time.monotonic() - last >= quiet:
                    return
                if self._closed:
                    return
                self._changed.wait(0.02)

    def shows(self, needle: str, *, since: int = 0) -> bool:
        return needle in self.text()[since:]

    # --- input ------------------------------------------------------------------------------

    def press(self, *keys: str) -> None:
        """Write key presses: names from KEYS, or single characters (typed as they are)."""
        for key in keys:
            self.write(KEYS.get(key, key.encode("utf-8") if len(key) == 1 else None) or _unknown(key))

    def type(self, text: str) -> None:
        self.write(text.encode("utf-8"))

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    # --- the end ----------------------------------------------------------------------------

    def kill(self) -> int:
        """SIGKILL: no cleanup of any kind in the app, as with a crash or a power cut of the process."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        return self.process.wait(timeout=10)

    def close(self) -> None:
        self.kill()
        self._reader.join(timeout=2)
        try:
            os.close(self.master)
        except OSError:
            pass


def _unknown(key: str) -> bytes:
    raise ValueError(f"unknown key {key!r}")


# --- Teambord: the planning's new-appointment form ------------------------------------------------

SAVED = "Afspraak toegevoegd"  # the notification after a save (screens/planning/screen.py)
# Messages the form shows when a save is refused: seeing one means the test typed something wrong.
REFUSALS = ("overlapt", "werkt niet op", "is afwezig", "Onbekende", "niet gelukt", "Vul ", "Kies ",
            "bestaat niet", "ligt voor")


class FormNotFilled(AssertionError):
    """A typed value did not end up in its field (keys typed right after a Tab can reach the field
    that had the focus before: Textual moves the focus only when the Tab has bubbled back up to the
    app). Nothing was saved; the caller starts over."""


def start_teambord(url: str, home: Path, user: str = "AV", size: tuple[int, int] = (160, 48)) -> PtyApp:
    """`teambord --db URL --as USER` with its config and log under `home`, never the user's."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TEXTUAL", "TEAMBORD"))}
    for kind in ("CONFIG", "STATE", "DATA", "CACHE"):
        folder = home / kind.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[f"XDG_{kind}_HOME"] = str(folder)
    env["TEAMBORD_WACHTWOORDZIN"] = "demo"  # signs in as a script does (the demo passphrase)
    return PtyApp(["-m", "tui.cli", "--db", url, "--as", user], env=env, size=size)


def open_planning(app: PtyApp, timeout: float = 30.0) -> None:
    app.wait_for("Anouk Verhoef", timeout=timeout)  # the header: the app runs and takes keys
    since = app.mark()
    app.press("2")
    app.wait_for("Enter: dag openen", since=since, timeout=timeout)  # the legend, set when the week has loaded


CONCEPT_WAIT = 1.0  # seconds: how long a draft lookup may take before the form offers it


def drafts_stored(url: str) -> int:
    """How many form drafts the database holds (a fresh connection). With none stored while no app
    types into this database, `n` cannot offer one: `fill_new_appointment(concept_wait=0)`."""
    from sqlalchemy import create_engine, func
    from sqlmodel import Session, select

    from models.drafts import FormDraft

    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return session.exec(select(func.count()).select_from(FormDraft)).one()
    finally:
        engine.dispose()


def fill_new_appointment(app: PtyApp, day, start, end, client: str, *, worker: str = "",
                         settle: float = 0.08, timeout: float = 5.0, concept_wait: float = CONCEPT_WAIT) -> None:
    """`n` in the planning, then type date, begin, end and client; each value is checked by the
    hint its field shows (a hint that only the complete, correct text produces), so when this
    returns the form holds exactly these values. Raises FormNotFilled otherwise. `worker`: a text
    the prefilled worker field must show (e.g. "AV · ").

    Between a focus move and typing, wait until the app has repainted and gone quiet: Textual
    handles Tab as a binding only after the key has bubbled up from the focused field, so keys
    typed right behind it still reach the old field (seen here under load, even 200 ms later)."""
    from models.dutch import short_date, week_label

    since = app.mark()
    app.press("n")
    opened = time.monotonic()
    _expect(app, "Esc annuleren", since, timeout)  # the form is open, the focus on Begin
    app.settle(opened, quiet=settle)
    # An earlier kill may have landed after a draft was written (typing paused over a second) and
    # before the save: then the form offers that draft, a moment after it opened (the draft is
    # looked up in a worker; on PostgreSQL that can take longer than the form's first paint).
    # Start afresh, as the user would for a new visit.
    try:
        if concept_wait <= 0:
            raise AppHung("no draft stored: nothing to offer")
        app.wait_for("Verder met het concept?", since=since, timeout=concept_wait)
    except AppHung:
        pass
    else:
        mark = app.mark()
        app.press("n")
        _expect(app, "Esc annuleren", mark, timeout)
        app.settle(time.monotonic(), quiet=settle)
    if worker and not app.shows(worker, since=since):  # prefilled from the planning cell
        raise AssertionError(f"the form is not for {worker!r}: …{app.text()[-600:]!r}")

    def field(moves: list[str], text: str, hint: str) -> None:
        for key in moves:
            pressed = time.monotonic()
            app.press(key)
            app.settle(pressed, quiet=settle)
        mark = app.mark()
        app.type(text)
        _expect(app, hint, mark, timeout)

    field(["shift+tab", "shift+tab"], day.strftime("%d-%m-%Y"), f"{short_date(day)} · {week_label(day)}")
    # times as "17.05": no shorter prefix reads as that time (a minute needs two digits)
    assert start.minute and end.minute, "a time on the hour would show its hint before it is complete"
    field(["tab", "tab"], start.strftime("%H.%M"), start.strftime("%H:%M"))
    field(["tab"], end.strftime("%H.%M"), end.strftime("%H:%M"))
    field(["tab", "tab"], client, f"✓ {client}")  # only the whole code is a known one


def _expect(app: PtyApp, needle: str, since: int, timeout: float) -> None:
    try:
        app.wait_for(needle, since=since, timeout=timeout)
    except AppHung as problem:
        if app.process.poll() is not None:  # the app ended: that is no typing problem
            raise
        raise FormNotFilled(str(problem)) from None
