"""The catalog cache is written like a report: folders 0700 whatever the umask, the file
0600, atomically, and never onto anything but a regular file.

Before, the cache folder was made with `mkdir(parents=True)`, whose parents ignore the
mode (0777 under umask 000), and the cache had its own mkstemp-and-replace.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from homecheck.checklists import load_catalog
from tests.conftest import MINI_CHECKLISTS


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_cache_folders_and_file_are_private_under_umask_000(
    tmp_path: Path, open_umask: None
) -> None:
    cache_dir = tmp_path / "cache" / "homecheck"
    first = load_catalog(MINI_CHECKLISTS, cache_dir=cache_dir)
    assert mode(tmp_path / "cache") == 0o700
    assert mode(cache_dir) == 0o700
    [cache] = cache_dir.iterdir()  # no temporary file left beside it
    assert cache.name.startswith("catalog-") and cache.suffix == ".pickle"
    assert mode(cache) == 0o600
    assert load_catalog(MINI_CHECKLISTS, cache_dir=cache_dir) == first


def test_an_existing_folder_keeps_its_mode(tmp_path: Path, open_umask: None) -> None:
    """Folders that were already there are the user's: left as they are."""
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    load_catalog(MINI_CHECKLISTS, cache_dir=shared / "homecheck")
    assert mode(shared) == 0o755
    assert mode(shared / "homecheck") == 0o700


def test_a_cache_name_taken_by_a_folder_is_left_alone(tmp_path: Path) -> None:
    """Best effort: what cannot be written as a regular file is skipped, the load works."""
    cache_dir = tmp_path / "cache"
    load_catalog(MINI_CHECKLISTS, cache_dir=cache_dir)
    [cache] = cache_dir.iterdir()
    cache.unlink()
    cache.mkdir()
    catalog = load_catalog(MINI_CHECKLISTS, cache_dir=cache_dir)
    assert catalog.sections
    assert cache.is_dir() and list(cache_dir.iterdir()) == [cache]
