"""What the person using homecheck chose once and expects remembered: who is checking,
and the high-contrast theme.

Kept in a small TOML file in the user config folder, written privately (0600) and
atomically, so that a crash never leaves half a file. A file that cannot be read is
reported in one line (`SettingsError`) and the choice is asked again: never a traceback.
"""

from __future__ import annotations

import enum
import tomllib
from dataclasses import dataclass
from pathlib import Path

from homecheck import rules
from homecheck.files import ensure_private_dir, write_private_text
from homecheck.model import AssessorRole, Catalog, SectionKind

PERSON_SECTION = "person"
"""The person's fall-risk factors: falls, getting up, night toileting, fear of falling ...
questions a family member can answer, so a caregiver's visit always starts with them."""


class SettingsError(Exception):
    """The settings file exists but cannot be used; the message names the file only."""


class Checker(enum.Enum):
    """Who is checking homes with this copy of homecheck."""

    CAREGIVER = "caregiver"
    PROFESSIONAL = "professional"


@dataclass(frozen=True, slots=True)
class Settings:
    """`checker` is None until the person has said who is checking; `high_contrast` is
    the Ctrl+T theme, off until switched on (a file without the key reads as off)."""

    checker: Checker | None = None
    high_contrast: bool = False


def load_settings(path: Path) -> Settings:
    """The settings in `path`; a missing file is no choice yet, a damaged one an error."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return Settings()
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        raise SettingsError(f"Settings file {path} cannot be read") from None
    high_contrast = data.get("high_contrast", False)
    if not isinstance(high_contrast, bool):
        raise SettingsError(f"Settings file {path} has an unknown 'high_contrast'")
    checker = data.get("checker")
    if checker is None:
        return Settings(high_contrast=high_contrast)
    try:
        return Settings(checker=Checker(checker), high_contrast=high_contrast)
    except (ValueError, TypeError):
        raise SettingsError(f"Settings file {path} has an unknown 'checker'") from None


def save_settings(path: Path, settings: Settings) -> None:
    """Write `settings` privately; the folder is made (0700) if missing. Raises OSError."""
    ensure_private_dir(path.parent)
    lines = ["# homecheck settings: written by homecheck, safe to delete.\n"]
    if settings.checker is not None:
        lines.append(f'checker = "{settings.checker.value}"\n')
    if settings.high_contrast:
        lines.append("high_contrast = true\n")
    write_private_text(path, "".join(lines))


def default_role(checker: Checker | None, last_role: AssessorRole | None) -> AssessorRole:
    """The role a new visit starts with: a caregiver's is always the caregiver's; a
    professional's is the last professional role used, else occupational therapist."""
    if checker is Checker.CAREGIVER:
        return AssessorRole.CAREGIVER
    if last_role is None or (
        checker is Checker.PROFESSIONAL and last_role is AssessorRole.CAREGIVER
    ):
        return AssessorRole.OT
    return last_role


def caregiver_sections(catalog: Catalog, flags: frozenset[str]) -> tuple[str, ...]:
    """A caregiver's visit: the home sections and person questions the profile calls for,
    and always the person section; never the observed movement tasks, which need a
    therapist's eye (they stay in the list, unticked)."""
    chosen = set(rules.default_sections(catalog, flags)) | {PERSON_SECTION}
    return tuple(
        s.id
        for s in catalog.sections
        if s.id in chosen and s.kind is not SectionKind.BODY_MECHANICS
    )


def default_sections(
    catalog: Catalog, flags: frozenset[str], checker: Checker | None
) -> tuple[str, ...]:
    """The sections a new visit starts with ticked, for who is checking."""
    if checker is Checker.CAREGIVER:
        return caregiver_sections(catalog, flags)
    return rules.default_sections(catalog, flags)
