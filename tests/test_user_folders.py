"""The autouse fixture keeps every test away from the real user's folders.

Every person here is fictional.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from homecheck.cli import main
from homecheck.config import resolve_config


def test_every_user_folder_is_a_temporary_one(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """Without asking for the fixture: it is autouse, so in force in every test."""
    home = Path.home()
    assert home.is_relative_to(tmp_path_factory.getbasetemp())
    config = resolve_config(cwd=tmp_path)
    assert config.cache_dir is not None
    for path in (config.db_path, config.reports_dir, config.cache_dir):
        assert path.is_relative_to(home), path
    assert not [name for name in os.environ if name.startswith("HOMECHECK_")]


def test_a_subprocess_sees_the_temporary_folders(private_user_folders: Path) -> None:
    code = (
        "import platformdirs; print(platformdirs.user_data_dir('homecheck'));"
        " print(platformdirs.user_cache_dir('homecheck'));"
        " print(platformdirs.user_documents_dir());"
        " print(platformdirs.user_config_dir('homecheck'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    for line in out.splitlines():
        assert Path(line).is_relative_to(private_user_folders), line


@pytest.mark.empty_cache
def test_the_catalog_cache_is_written_under_the_temporary_home(
    private_user_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["checklists", "list"]) == 0
    capsys.readouterr()
    cached = list(private_user_folders.rglob("catalog-*.pickle"))
    assert cached, "the cache was written somewhere else"
