"""Where things live: CLI flag > HOMECHECK_* environment variable > platform default.

Resolving a Config touches nothing on disk; folders are made only when something is
written (`ensure_private_dir`), so importing or asking never leaves a trace.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from homecheck.files import ensure_private_dir as ensure_private_dir

APP_NAME = "homecheck"
DB_ENV = "HOMECHECK_DB"
REPORTS_ENV = "HOMECHECK_REPORTS"
CHECKLISTS_ENV = "HOMECHECK_CHECKLISTS"
SETTINGS_FILE = "settings.toml"


@dataclass(frozen=True, slots=True)
class Config:
    """Resolved paths. `db_is_default` says whether homecheck may create the db's folder."""

    db_path: Path
    reports_dir: Path
    checklists_dir: Path | None = None
    db_is_default: bool = True
    cache_dir: Path | None = None
    settings_path: Path | None = None
    """Where who is checking is remembered; None (tests, embedding) never asks nor writes."""


def resolve_config(
    *,
    db: str | None = None,
    reports_dir: str | None = None,
    checklists_dir: str | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Config:
    env = os.environ if environ is None else environ
    here = cwd or Path.cwd()
    chosen_db = db or env.get(DB_ENV)
    if chosen_db:
        db_path, db_is_default = Path(chosen_db).expanduser(), False
    else:
        db_path, db_is_default = Path(platformdirs.user_data_dir(APP_NAME)) / "homecheck.db", True
    chosen_reports = reports_dir or env.get(REPORTS_ENV)
    if chosen_reports:
        reports = Path(chosen_reports).expanduser()
    elif (here / "reports").is_dir() and is_homecheck_checkout(here):
        reports = here / "reports"
    else:
        reports = Path(platformdirs.user_documents_dir()) / APP_NAME
    chosen_checklists = checklists_dir or env.get(CHECKLISTS_ENV)
    return Config(
        db_path=db_path,
        reports_dir=reports,
        checklists_dir=Path(chosen_checklists).expanduser() if chosen_checklists else None,
        db_is_default=db_is_default,
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME)),
        settings_path=Path(platformdirs.user_config_dir(APP_NAME)) / SETTINGS_FILE,
    )


def is_homecheck_checkout(folder: Path) -> bool:
    """Whether `folder` is a homecheck source checkout (its pyproject.toml names homecheck).

    Only there does a `reports/` folder mean ours: in any other folder it may belong to
    anything else, and health information must not land in it by accident.
    """
    import tomllib

    try:
        with (folder / "pyproject.toml").open("rb") as handle:
            project = tomllib.load(handle).get("project", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False
    return isinstance(project, dict) and project.get("name") == APP_NAME
