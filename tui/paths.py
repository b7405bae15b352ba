"""Where Teambord keeps its files (platformdirs): the database, the user config and the exports."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_dir, user_data_dir, user_documents_dir

APP_NAME = "teambord"
EXPORT_FOLDER_NAME = "Teambord"


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False))


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'teambord.db'}"


def default_export_folder() -> Path:
    """Documents/Teambord, where people look for a file they saved; without a documents folder
    (a server, a bare account) the data dir's export folder."""
    documents = Path(user_documents_dir())
    if documents.is_dir():
        return documents / EXPORT_FOLDER_NAME
    return data_dir() / "export"
