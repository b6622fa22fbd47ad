"""`homecheck import FILE` reads and checks the whole file before it opens the database:
a refused import leaves no new database (nor its folder) behind.

Before, the store was opened first, so a typo in the file name or a broken export left an
empty homecheck.db (and the data folder) where none had been. Every person is fictional.
"""

from __future__ import annotations

import json
from pathlib import Path

import platformdirs
import pytest

from homecheck.cli import main
from homecheck.exchange import export_json
from homecheck.store import Store
from tests.conftest import MINI_CHECKLISTS
from tests.import_support import fill_store


def a_valid_export(tmp_path: Path) -> Path:
    source = Store()
    fill_store(source)
    path = tmp_path / "export.json"
    path.write_text(export_json(source), encoding="utf-8")
    source.close()
    return path


def a_refused_export(tmp_path: Path) -> Path:
    document = json.loads(a_valid_export(tmp_path).read_text(encoding="utf-8"))
    document["clients"][0]["visits"][0]["date"] = "1066-10-14"
    path = tmp_path / "refused.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize("which", ["refused", "missing", "folder"])
def test_a_refused_import_creates_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], which: str
) -> None:
    source = {
        "refused": a_refused_export(tmp_path),
        "missing": tmp_path / "missing.json",
        "folder": tmp_path,
    }[which]
    db = tmp_path / "new" / "homecheck.db"
    db.parent.mkdir()
    argv = ["--checklists", str(MINI_CHECKLISTS), "--db", str(db), "import", str(source)]
    assert main(argv) == 1
    assert capsys.readouterr().err.startswith("homecheck: import: ")
    assert list(db.parent.iterdir()) == []


def test_a_refused_import_creates_no_default_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = Path(platformdirs.user_data_dir("homecheck"))
    assert not data.exists()
    argv = ["--checklists", str(MINI_CHECKLISTS), "import", str(a_refused_export(tmp_path))]
    assert main(argv) == 1
    assert "visits[0].date" in capsys.readouterr().err
    assert not data.exists()


def test_an_accepted_import_still_creates_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "homecheck.db"
    argv = ["--checklists", str(MINI_CHECKLISTS), "--db", str(db), "import"]
    assert main([*argv, str(a_valid_export(tmp_path))]) == 0
    assert "clients: 2 new" in capsys.readouterr().out
    store = Store(db, read_only=True)
    assert len(store.list_clients()) == 2
    store.close()
