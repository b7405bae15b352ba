"""Drive a terminal app from outside the process, the way a user sees it: through tmux.

One private tmux server per benchmark process (its own socket, `tmux -L tbbench-<pid>`), driven
through a single tmux *control-mode* client, so a screen capture costs ~0.3 ms instead of the
~3 ms of spawning `tmux capture-pane` each time (less noise for the app under test, finer
timing). Every app runs in its own detached session of 160x48 cells.

    with Tmux() as tmux:
        pane = tmux.start([".venv/bin/teambord", "demo"])
        paint = pane.wait_for("Teambord · Vandaag")          # seconds since the start
        t0 = pane.send_keys("2")
        pane.wait_for(re.compile(r"Week \\d+ ·"), since=t0)  # seconds since the key
        print(pane.memory())                                # {'VmHWM': KiB, 'VmRSS': KiB}
        pane.quit("C-q")

Every wait is bounded by a timeout; a timeout raises `WaitTimeout` with the last screen (and
whether the app died), so a benchmark never hangs. Needs tmux >= 3.2 (tested with 3.3a) and Linux
(/proc for pids and memory).
"""

from __future__ import annotations

import itertools
import os
import re
import select
import signal
import subprocess
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

WIDTH, HEIGHT = 160, 48
POLL = 0.005  # seconds between two screen captures

Expect = str | re.Pattern | Callable[[str], bool] | Sequence[str | re.Pattern]


class ProbeError(RuntimeError):
    pass


class WaitTimeout(ProbeError):
    def __init__(self, message: str, screen: str = "", dead: bool = False) -> None:
        super().__init__(message)
        self.screen = screen
        self.dead = dead

    def __str__(self) -> str:
        text = super().__str__()
        if self.dead:
            text += " (the app has exited)"
        tail = "\n".join([line.rstrip() for line in self.screen.splitlines() if line.strip()][-20:])
        return f"{text}\n--- last screen ---\n{tail}\n-------------------" if tail else text


def tmux_quote(word: str) -> str:
    """Quote one word for the tmux command parser (single quotes; a ' is spliced in via "'")."""
    return "'" + word.replace("'", "'\"'\"'") + "'"


def _matcher(expect: Expect) -> Callable[[str], bool]:
    if callable(expect) and not isinstance(expect, re.Pattern):
        return expect
    if isinstance(expect, (str, re.Pattern)):
        expect = [expect]
    parts = list(expect)

    def match(screen: str) -> bool:
        for part in parts:
            if isinstance(part, re.Pattern):
                if not part.search(screen):
                    return False
            elif part not in screen:
                return False
        return True

    return match


def describe(expect: Expect) -> str:
    if isinstance(expect, re.Pattern):
        return f"/{expect.pattern}/"
    if isinstance(expect, str):
        return repr(expect)
    if callable(expect):
        return getattr(expect, "__name__", "a condition")
    return " and ".join(describe(part) for part in expect)


class Tmux:
    """A private tmux server and the control-mode client that drives it."""

    _counter = itertools.count(1)

    def __init__(self, width: int = WIDTH, height: int = HEIGHT, env: dict[str, str] | None = None) -> None:
        self.width, self.height = width, height
        self.socket = f"tbbench-{os.getpid()}"
        self.env = dict(os.environ if env is None else env)
        self.env.pop("TMUX", None)
        self.env.setdefault("LANG", "C.UTF-8")
        if "UTF-8" not in self.env.get("LC_ALL", "UTF-8").upper():
            self.env["LC_ALL"] = "C.UTF-8"
        self._proc: subprocess.Popen | None = None
        self._buffer = b""
        self.panes: list[Pane] = []

    # --- the control client -----------------------------------------------------------------

    def open(self) -> Tmux:
        holder = "holder"
        self._proc = subprocess.Popen(
            ["tmux", "-u", "-L", self.socket, "-f", "/dev/null", "-C", "new-session", "-s", holder,
             "-x", str(self.width), "-y", str(self.height), "sleep 86400"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0,
            env=self.env, start_new_session=True,
        )
        os.set_blocking(self._proc.stdout.fileno(), False)
        self._read_block(timeout=5)  # the reply to new-session itself
        self.command("refresh-client -f no-output")  # no %output flood: we capture instead
        self.command("set-option -g remain-on-exit on")  # keep a crashed app's last screen
        self.command("set-option -g history-limit 0")
        return self

    def __enter__(self) -> Tmux:
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for pane in list(self.panes):
            pane.kill()
        if self._proc is None:
            return
        try:
            self.command("kill-server", timeout=2)
        except ProbeError:
            pass
        try:
            self._proc.stdin.close()
        except OSError:
            pass
        try:
            self._proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            self._proc.kill()  # our own control client, by its Popen handle
            self._proc.wait(timeout=3)
        self._proc = None
        # tmux leaves its socket file behind after kill-server; remove ours.
        folder = Path(self.env.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        (folder / self.socket).unlink(missing_ok=True)

    def _readline(self, deadline: float) -> str:
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise ProbeError("tmux control client: no answer in time")
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(fd, 1 << 16)
                except BlockingIOError:
                    continue
                if not chunk:
                    raise ProbeError("tmux control client has exited")
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode("utf-8", "replace")

    def _read_block(self, timeout: float) -> list[str]:
        deadline = time.perf_counter() + timeout
        while True:  # skip notifications (%session-changed, …) until our %begin
            line = self._readline(deadline)
            if line.startswith("%begin "):
                tag = line.split(" ", 1)[1]
                break
        lines: list[str] = []
        while True:
            line = self._readline(deadline)
            if line == f"%end {tag}":
                return lines
            if line == f"%error {tag}":
                raise ProbeError("tmux: " + " / ".join(lines))
            lines.append(line)

    def command(self, line: str, timeout: float = 5.0) -> list[str]:
        """Run one tmux command; returns its output lines (raises ProbeError on a tmux error)."""
        if self._proc is None:
            raise ProbeError("tmux is not open")
        if "\n" in line:
            raise ValueError("one command per line")
        self._proc.stdin.write(line.encode() + b"\n")
        return self._read_block(timeout)

    # --- sessions ---------------------------------------------------------------------------

    def start(self, argv: Sequence[str], *, cwd: str | Path | None = None,
              env: dict[str, str] | None = None) -> Pane:
        """Start argv (executed directly, no shell) in a fresh detached session.

        `pane.t0` is taken just before tmux is asked to start it: all startup times count from there.
        """
        name = f"app{os.getpid()}-{next(self._counter)}"
        parts = ["new-session", "-d", "-s", name, "-x", str(self.width), "-y", str(self.height)]
        if cwd is not None:
            parts += ["-c", str(cwd)]
        for key, value in (env or {}).items():
            parts += ["-e", f"{key}={value}"]
        line = " ".join([parts[0], *(tmux_quote(p) for p in parts[1:]), *(tmux_quote(a) for a in argv)])
        t0 = time.perf_counter()
        self.command(line)
        pane = Pane(self, name, t0, list(argv))
        self.panes.append(pane)
        return pane


@dataclass
class Pane:
    tmux: Tmux
    name: str
    t0: float
    argv: list[str]
    killed: bool = False
    _pid: int | None = None
    last_screen: str = ""  # the capture that satisfied the last wait_for

    @property
    def target(self) -> str:
        return tmux_quote(self.name)

    def capture(self, escapes: bool = False) -> str:
        """The visible screen as text; with escapes=True also the colours and attributes (`-e`),
        so a moved highlight (e.g. a DataTable cursor) counts as a change."""
        flag = "-e " if escapes else ""
        return "\n".join(self.tmux.command(f"capture-pane -p {flag}-t {self.target}"))

    def info(self, fmt: str) -> str:
        out = self.tmux.command(f"display-message -p -t {self.target} {tmux_quote(fmt)}")
        return out[0] if out else ""

    def dead(self) -> tuple[bool, str]:
        dead, _, status = self.info("#{pane_dead} #{pane_dead_status}").partition(" ")
        return dead == "1", status

    # --- waiting ----------------------------------------------------------------------------

    def wait_for(self, expect: Expect, *, timeout: float = 10.0, since: float | None = None,
                 poll: float = POLL, escapes: bool = False) -> float:
        """Poll the screen until `expect` holds; returns seconds from `since` (default: the start).

        The time taken is when the capture that first showed it was requested, so it is late by at
        most one poll interval plus a capture (~0.3 ms).
        """
        match = _matcher(expect)
        since = self.t0 if since is None else since
        deadline = time.perf_counter() + timeout
        checks = 0
        while True:
            asked = time.perf_counter()
            screen = self.capture(escapes)
            if match(screen):
                self.last_screen = screen
                return asked - since
            checks += 1
            if asked > deadline:
                dead, status = self.dead()
                raise WaitTimeout(f"{describe(expect)} did not appear within {timeout:g} s on {self.name}",
                                  screen, dead)
            if checks % 40 == 0:
                dead, status = self.dead()
                if dead:
                    raise WaitTimeout(f"the app exited (status {status or '?'}) while waiting for "
                                      f"{describe(expect)}", self.capture(), True)
            time.sleep(poll)

    def wait_change(self, before: str, *, since: float, timeout: float = 10.0, escapes: bool = False,
                    ignore: Callable[[str], str] | None = None) -> float:
        """Wait until the screen differs from `before` (a capture with the same `escapes`);
        `ignore` maps a screen to the part that counts. Returns seconds from `since`."""
        part = ignore or (lambda screen: screen)
        old = part(before)
        return self.wait_for(lambda screen: part(screen) != old, since=since, timeout=timeout, escapes=escapes)

    def change_and_settle(self, key: str, *, quiet: float = 0.25, timeout: float = 10.0, escapes: bool = False,
                          literal: bool = False, ignore: Callable[[str], str] | None = None) -> tuple[float, float]:
        """Press a key; return (seconds until the screen first changed, seconds until its last change
        before `quiet` seconds without any). Raises WaitTimeout if the screen does not change."""
        before = self.capture(escapes)
        sent = self.send_keys(key, literal=literal)
        first = self.wait_change(before, since=sent, timeout=timeout, escapes=escapes, ignore=ignore)
        seen_at = sent + first
        last = self.wait_stable(quiet=quiet, timeout=max(timeout, quiet * 4), escapes=escapes, start=seen_at,
                                initial=self.last_screen, ignore=ignore)
        return first, max(last, seen_at) - sent

    def wait_gone(self, expect: Expect, **kwargs) -> float:
        match = _matcher(expect)
        return self.wait_for(lambda screen: not match(screen), **kwargs)

    def wait_stable(self, quiet: float = 0.12, timeout: float = 3.0, poll: float = POLL,
                    escapes: bool = False, start: float | None = None, initial: str | None = None,
                    ignore: Callable[[str], str] | None = None) -> float:
        """Wait until the screen has not changed for `quiet` seconds (bounded by `timeout`).

        Returns the time of the last change seen, as perf_counter() time. `start` and `initial`
        (a capture taken at `start`, same `escapes`) let a caller count from an earlier moment,
        e.g. from the key press, so a change seen before this call still counts as the last one.
        `ignore` maps a screen to the part that counts (e.g. without a blinking cursor's line)."""
        part = ignore or (lambda screen: screen)
        start = time.perf_counter() if start is None else start
        last_screen = part(self.capture(escapes) if initial is None else initial)
        last_change = start
        while True:
            time.sleep(poll)
            now = time.perf_counter()
            screen = part(self.capture(escapes))
            if screen != last_screen:
                last_screen, last_change = screen, now
            elif now - last_change >= quiet or now - start >= timeout:
                return last_change

    # --- keys -------------------------------------------------------------------------------

    def send_keys(self, *keys: str, literal: bool = False) -> float:
        """Send keys (tmux key names: 'C-q', 'Escape', or plain characters); returns the send time."""
        words = " ".join(tmux_quote(k) for k in keys)
        flag = "-l " if literal else ""
        t = time.perf_counter()
        self.tmux.command(f"send-keys {flag}-t {self.target} {words}")
        return t

    def press(self, key: str, expect: Expect, *, timeout: float = 10.0) -> float:
        """Send one key and return the seconds until `expect` is on the screen."""
        sent = self.send_keys(key)
        return self.wait_for(expect, since=sent, timeout=timeout)

    # --- the process ------------------------------------------------------------------------

    def pane_pid(self) -> int:
        return int(self.info("#{pane_pid}"))

    def pid(self) -> int:
        """The app's process: the pane's process, or its first Python descendant."""
        if self._pid is not None and Path(f"/proc/{self._pid}").exists():
            return self._pid
        root = self.pane_pid()
        family = [root, *descendants(root)]
        python = [p for p in family if _exe_name(p).startswith("python")]
        self._pid = python[0] if python else root
        return self._pid

    def memory(self) -> dict[str, int]:
        """VmHWM (peak resident set) and VmRSS of the app process, in KiB."""
        return read_status(self.pid(), ("VmHWM", "VmRSS"))

    def quit(self, key: str = "C-q", timeout: float = 10.0) -> float | None:
        """Press the quit key and wait until the process has exited; returns seconds, None if it hung."""
        pid = self.pid()
        sent = self.send_keys(key)
        deadline = sent + timeout
        while time.perf_counter() < deadline:
            if not _alive(pid):
                elapsed = time.perf_counter() - sent
                self.kill()
                return elapsed
            time.sleep(POLL)
        self.kill()
        return None

    def kill(self) -> None:
        """Close the session (SIGHUP to the app); SIGKILL the app's pid if it is still there."""
        if self.killed:
            return
        pid = None
        try:
            pid = self.pid()
        except (ProbeError, ValueError):
            pass
        try:
            self.tmux.command(f"kill-session -t {self.target}")
        except ProbeError:
            pass
        self.killed = True
        if self in self.tmux.panes:
            self.tmux.panes.remove(self)
        if pid is not None:
            deadline = time.perf_counter() + 3
            while _alive(pid) and time.perf_counter() < deadline:
                time.sleep(0.01)
            if _alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


# --- /proc helpers ------------------------------------------------------------------------------

def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            state = handle.read().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except (OSError, IndexError):
        return False


def _exe_name(pid: int) -> str:
    try:
        return os.path.basename(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return ""


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, queue = [], [pid]
    while queue:
        for child in sorted(children.get(queue.pop(0), [])):
            found.append(child)
            queue.append(child)
    return found


def read_status(pid: int, keys: Iterable[str]) -> dict[str, int]:
    wanted = set(keys)
    result: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key in wanted:
                    result[key] = int(value.split()[0])  # kB
    except OSError as error:
        raise ProbeError(f"cannot read /proc/{pid}/status: {error}")
    return result


# --- statistics and report helpers ---------------------------------------------------------------

def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return float("nan")
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def p90(values: Sequence[float]) -> float:
    """90th percentile, nearest rank (with fewer than 10 samples that is the maximum)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-9 * len(ordered) // 10))  # ceil(0.9 n)
    return ordered[rank - 1]


def ms(seconds: float) -> str:
    return "—" if seconds != seconds else f"{seconds * 1000:.0f} ms"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def mib(kib: int | float) -> str:
    return f"{kib / 1024:.1f} MiB"
