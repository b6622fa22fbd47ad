"""The core must not drag in the UI or the PDF library: checked in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

UI = Path(__file__).parent.parent / "homecheck" / "ui"

CORE = [
    "model",
    "checklists",
    "rules",
    "store",
    "migrations",
    "report",
    "exchange",
    "config",
    "demo",
    "cli",
]


def modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return set(out.split())


def imported_after(statement: str) -> set[str]:
    return {name.split(".")[0] for name in modules_after(statement)}


NOT_IN_CORE = {"textual", "rich", "reportlab"}


def test_core_modules_import_neither_textual_nor_reportlab() -> None:
    """All core modules in one interpreter: what any of them loads is loaded then, so a
    clean result holds for each alone. Only a failure spends one interpreter per module,
    to name the ones at fault."""
    loaded = imported_after("; ".join(f"import homecheck.{module}" for module in CORE))
    if NOT_IN_CORE & loaded:
        at_fault = {
            module: sorted(NOT_IN_CORE & imported_after(f"import homecheck.{module}"))
            for module in CORE
        }
        assert not {module: found for module, found in at_fault.items() if found}


def test_pdf_module_imports_reportlab_only_when_rendering() -> None:
    assert "reportlab" not in imported_after("import homecheck.pdf")


def test_package_import_loads_nothing_else() -> None:
    loaded = imported_after("import homecheck")
    assert {"sqlite_utils", "textual", "reportlab", "platformdirs"}.isdisjoint(loaded)


def ui_modules(folder: str) -> list[str]:
    return sorted(
        f"homecheck.ui.{folder}.{path.stem}"
        for path in (UI / folder).glob("*.py")
        if path.stem != "__init__"
    )


SCREENS = ui_modules("screens")


# One interpreter loads Textual, then a child forked from it imports one screen: what the
# child adds is what that screen loads, as in a fresh interpreter, at a tenth of the cost.
EACH_SCREEN = """
import json, os, sys
import textual.app, textual.screen, textual.widgets
before = set(sys.modules)
found = {}
for screen in sys.argv[1:]:
    read, write = os.pipe()
    if os.fork() == 0:
        __import__(screen)
        os.write(write, json.dumps(sorted(sys.modules)).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        found[screen] = json.loads(pipe.read() or "[]")
    os.wait()
print(json.dumps({"before": sorted(before), "found": found}))
"""


@pytest.fixture(scope="module")
def loaded_by_screen() -> dict[str, set[str]]:
    out = subprocess.run(
        [sys.executable, "-c", EACH_SCREEN, *SCREENS],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    result = json.loads(out)
    assert not {name for name in result["before"] if name.startswith("homecheck")}
    return {screen: set(modules) for screen, modules in result["found"].items()}


@pytest.mark.parametrize("screen", SCREENS)
def test_screen_loads_neither_the_app_nor_another_screen(
    screen: str, loaded_by_screen: dict[str, set[str]]
) -> None:
    """The import-linter contract ignores screen -> app, since screens name the App's type
    for type checking only; this keeps that import from becoming a real one."""
    loaded = loaded_by_screen[screen]
    assert screen in loaded, "the screen did not import"
    assert "homecheck.ui.app" not in loaded
    assert set(SCREENS) & loaded == {screen}


def test_dialogs_and_widgets_load_no_screen() -> None:
    modules = ui_modules("dialogs") + ui_modules("widgets")
    loaded = modules_after("; ".join(f"import {name}" for name in modules))
    assert "homecheck.ui.app" not in loaded
    assert not set(SCREENS) & loaded


def test_screen_contract_names_every_screen() -> None:
    """A new screen left out of the independence contract could import any other."""
    config = tomllib.loads((UI.parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    independent = [c["modules"] for c in contracts if c["type"] == "independence"]
    assert [sorted(modules) for modules in independent] == [SCREENS]
