"""Who is checking: the settings file (read, write, damaged, private) and what the choice
means for a new visit (role and ticked sections). Every person here is fictional."""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

import pytest

from homecheck import rules
from homecheck.config import Config, resolve_config
from homecheck.model import AssessorRole, Catalog, SectionKind
from homecheck.settings import (
    PERSON_SECTION,
    Checker,
    Settings,
    SettingsError,
    caregiver_sections,
    default_role,
    default_sections,
    load_settings,
    save_settings,
)
from homecheck.store import Store
from homecheck.ui.app import HIGH_CONTRAST
from tests.ui_support import make_app


def test_missing_file_is_no_choice_yet(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none" / "settings.toml") == Settings()


@pytest.mark.parametrize("checker", list(Checker))
def test_written_privately_and_read_back(tmp_path: Path, checker: Checker) -> None:
    path = tmp_path / "config" / "homecheck" / "settings.toml"
    save_settings(path, Settings(checker=checker))
    assert load_settings(path) == Settings(checker=checker)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700


def test_rewriting_replaces_the_choice(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    save_settings(path, Settings(checker=Checker.CAREGIVER))
    save_settings(path, Settings(checker=Checker.PROFESSIONAL))
    assert load_settings(path).checker is Checker.PROFESSIONAL
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]  # no temp file left


@pytest.mark.parametrize(
    "content",
    [
        b'checker = "caregiver',
        b'checker = "grandmother-secret"',
        b"checker = 3",
        b"\xff\xfe\x00",
        b'high_contrast = "grandmother-secret"',
    ],
    ids=["not-toml", "unknown-value", "not-text-value", "not-utf8", "theme-not-true-false"],
)
def test_damaged_file_is_one_line_naming_the_file_not_its_content(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(content)
    with pytest.raises(SettingsError) as raised:
        load_settings(path)
    message = str(raised.value)
    assert "\n" not in message
    assert str(path) in message
    assert "grandmother" not in message


def test_theme_remembered_and_older_files_still_read(tmp_path: Path) -> None:
    """A file written before the theme was remembered has no `high_contrast`: it reads as
    off, and a file with the theme off is written as before, so older readers accept it."""
    path = tmp_path / "settings.toml"
    path.write_text('checker = "caregiver"\n', encoding="utf-8")
    assert load_settings(path) == Settings(checker=Checker.CAREGIVER, high_contrast=False)
    save_settings(path, Settings(checker=Checker.CAREGIVER))
    assert "high_contrast" not in path.read_text(encoding="utf-8")
    save_settings(path, Settings(high_contrast=True))
    assert load_settings(path) == Settings(checker=None, high_contrast=True)


async def test_ctrl_t_is_remembered_for_the_next_start(
    store: Store, mini_catalog: Catalog, config: Config, tmp_path: Path
) -> None:
    path = tmp_path / "settings.toml"
    save_settings(path, Settings(checker=Checker.PROFESSIONAL))
    with_path = replace(config, settings_path=path)
    app = make_app(store, mini_catalog, with_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+t")
        assert app.theme == HIGH_CONTRAST.name
    assert load_settings(path) == Settings(checker=Checker.PROFESSIONAL, high_contrast=True)
    again = make_app(store, mini_catalog, with_path)
    async with again.run_test(size=(80, 24)):
        assert again.theme == HIGH_CONTRAST.name
        # Drawn in it from the first frame: the theme is set before anything is styled.
        assert again.screen.styles.background.hex == HIGH_CONTRAST.background
        assert again.has_class(f"-theme-{HIGH_CONTRAST.name}", "-dark-mode")


def test_a_folder_in_place_of_the_file_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.mkdir()
    with pytest.raises(SettingsError):
        load_settings(path)


def test_settings_live_in_the_user_config_folder(private_user_folders: Path) -> None:
    config = resolve_config()
    assert config.settings_path is not None
    assert config.settings_path.name == "settings.toml"
    assert config.settings_path.parent.name == "homecheck"
    assert config.settings_path.is_relative_to(private_user_folders)
    assert not config.settings_path.parent.exists()  # resolving writes nothing


@pytest.mark.parametrize(
    ("checker", "last_role", "expected"),
    [
        (Checker.CAREGIVER, None, AssessorRole.CAREGIVER),
        (Checker.CAREGIVER, AssessorRole.PT, AssessorRole.CAREGIVER),
        (Checker.PROFESSIONAL, None, AssessorRole.OT),
        (Checker.PROFESSIONAL, AssessorRole.PT, AssessorRole.PT),
        (Checker.PROFESSIONAL, AssessorRole.CAREGIVER, AssessorRole.OT),
        (None, None, AssessorRole.OT),
        (None, AssessorRole.CAREGIVER, AssessorRole.CAREGIVER),
    ],
)
def test_default_role(
    checker: Checker | None, last_role: AssessorRole | None, expected: AssessorRole
) -> None:
    assert default_role(checker, last_role) is expected


@pytest.mark.parametrize("flags", [frozenset(), frozenset({"osteoporosis", "walker"})])
def test_caregiver_sections_are_home_and_person_never_observed_tasks(
    catalog: Catalog, flags: frozenset[str]
) -> None:
    chosen = caregiver_sections(catalog, flags)
    kinds = {s.id: s.kind for s in catalog.sections}
    assert PERSON_SECTION in chosen
    assert all(kinds[s] is not SectionKind.BODY_MECHANICS for s in chosen)
    professional = rules.default_sections(catalog, flags)
    assert [s for s in professional if kinds[s] is SectionKind.HOME] == [
        s for s in chosen if kinds[s] is SectionKind.HOME
    ]
    assert default_sections(catalog, flags, Checker.CAREGIVER) == chosen
    assert default_sections(catalog, flags, Checker.PROFESSIONAL) == professional
    assert default_sections(catalog, flags, None) == professional


def test_no_question_without_a_settings_path_or_with_a_choice(
    store: Store, mini_catalog: Catalog, config: Config, tmp_path: Path
) -> None:
    """Tests and embedding (no path) are never asked; a remembered choice is not asked again."""
    assert not make_app(store, mini_catalog, config)._first_run()
    path = tmp_path / "settings.toml"
    with_path = replace(config, settings_path=path)
    assert make_app(store, mini_catalog, with_path)._first_run()  # empty, nothing chosen
    save_settings(path, Settings(checker=Checker.CAREGIVER))
    app = make_app(store, mini_catalog, with_path)
    assert not app._first_run()
    assert app.settings.checker is Checker.CAREGIVER
