"""Where Teambord keeps its files (platformdirs): the database and the small user config."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "teambord"


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False))


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'teambord.db'}"
