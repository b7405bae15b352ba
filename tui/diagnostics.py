"""Where Teambord writes down what went wrong: one rotating log file, steps and codes only.

Why: a user who is told "het is niet gelukt" needs somewhere to look, and whoever helps them needs
to know which step failed. The log lives in the user log dir (platformdirs), rotates at 1 MB and
is readable by its owner only.

Privacy: exception *messages* can hold client text (a Rich MarkupError quotes the markup, a
database error may echo a value), so the log never contains them. A failure is written as the
step that failed, the exception's type and the code locations it passed through — enough to find
the bug, nothing about a client. Callers add codes (worker codes, ids), never names or free text.

Standard library and platformdirs only: the CLI sets this up before anything heavy is imported.
"""

from __future__ import annotations

import logging
import os
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_dir

from models.file_modes import private_file, private_folder

APP_NAME = "teambord"
LOG_FILE = "teambord.log"
MAX_BYTES = 1_000_000
BACKUPS = 3

logger = logging.getLogger(APP_NAME)
# Unconfigured (a library use, a test), records must not reach Python's last-resort stderr handler:
# stderr is the user's terminal.
logger.addHandler(logging.NullHandler())
logger.propagate = False

_configured_path: Path | None = None
_setup_failed = False  # the log folder could not be written: run without a log, say so


class _PrivateRotatingFileHandler(RotatingFileHandler):
    """Each new log file (the first, and the one after a rollover) is made 0600 before it is opened."""

    def _open(self):
        private_file(Path(self.baseFilename))
        return super()._open()


def log_dir() -> Path:
    return Path(user_log_dir(APP_NAME, appauthor=False))


def log_path() -> Path:
    """The file failures are written to (the configured one, else where it would be)."""
    return _configured_path or log_dir() / LOG_FILE


def setup_logging(*, debug: bool = False, folder: Path | None = None) -> Path | None:
    """Write Teambord's log records to the rotating file; returns its path (None if impossible).

    A log that cannot be written (a read-only home folder) must never stop the app: Teambord then
    runs without a log file and says so in the failure messages that would name it.
    """
    global _configured_path, _setup_failed
    folder = folder or log_dir()
    path = folder / LOG_FILE
    reset_logging()
    try:
        private_folder(folder, tighten_existing=True)  # models/file_modes.py: only this user reads the log
        private_file(path)
        handler = _PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        _setup_failed = True
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    _configured_path = path
    return path


def ensure_logging() -> None:
    """Set up the log file if the command line did not (the app started another way)."""
    if _configured_path is None and not _setup_failed:
        setup_logging()


def reset_logging() -> None:
    """Close the log file (tests, and a second setup in one process)."""
    global _configured_path, _setup_failed
    _setup_failed = False
    for handler in [h for h in logger.handlers if isinstance(h, RotatingFileHandler)]:
        logger.removeHandler(handler)
        handler.close()
    _configured_path = None


def where_to_look() -> str:
    """The Dutch sentence that ends every failure message: where the details are."""
    if _configured_path is None:
        return "Er is geen logboek geschreven (de logmap is niet beschrijfbaar)."
    return f"Details staan in het logboek: {_configured_path}"


def describe_exception(error: BaseException) -> str:
    """The exception's type and the code it passed through — never its message (see above)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = " <- ".join(f"{_short(frame.filename)}:{frame.lineno} {frame.name}" for frame in reversed(frames))
    cause = error.__cause__ or error.__context__
    text = f"{type(error).__module__}.{type(error).__qualname__}" + (f" at {where}" if where else "")
    if cause is not None and cause is not error:
        text += f"; caused by {type(cause).__qualname__}"
    return text


def log_failure(step: str, error: BaseException | None = None, **codes: object) -> None:
    """One line per failure: `step=<step> <codes> error=<type at frames>`."""
    parts = [f"step={step}"] + [f"{key}={value}" for key, value in codes.items()]
    if error is not None:
        parts.append(f"error={describe_exception(error)}")
    logger.error(" ".join(parts))


def log_event(event: str, **codes: object) -> None:
    logger.info(" ".join([f"event={event}"] + [f"{key}={value}" for key, value in codes.items()]))


def _short(filename: str) -> str:
    """A path inside the package or site-packages, without the user's home folder in it."""
    parts = Path(filename).parts
    for anchor in ("site-packages", "teambord"):
        if anchor in parts:
            return os.path.join(*parts[parts.index(anchor) + 1:])
    for package in ("tui", "models", "screens", "fixtures", "migrations"):
        if package in parts:
            return os.path.join(*parts[len(parts) - 1 - parts[::-1].index(package):])
    return Path(filename).name
