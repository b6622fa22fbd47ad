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


# One interpreter runs stages: in each, it loads that stage's `preload`, then a child forked
# from it runs each of the stage's statements. What the child adds is what that statement
# loads, as in a fresh interpreter with `preload` already loaded, at a fraction of the
# cost (a child costs a fork, not a Python start and every import again). A statement that
# fails is named on stderr and gives None.
FORKED = """
import gc, json, os, sys, traceback
stages = []
for preload, statements in json.loads(sys.argv[1]):
    for name in preload:
        __import__(name)
    before = sorted(sys.modules)
    gc.freeze()
    found = {}
    for key, statement in statements.items():
        read, write = os.pipe()
        if os.fork() == 0:
            os.close(read)
            code = 0
            try:
                exec(statement)
                with os.fdopen(write, "w") as pipe:
                    json.dump(sorted(sys.modules), pipe)
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        os.close(write)
        with os.fdopen(read) as pipe:
            text = pipe.read()
        _, status = os.wait()
        found[key] = json.loads(text) if status == 0 else None
    stages.append({"before": before, "found": found})
print(json.dumps(stages))
"""

Stage = tuple[list[str], dict[str, str]]


def forked_imports(*stages: Stage) -> list[tuple[set[str], dict[str, set[str]]]]:
    """For each stage (preload, statements): the modules loaded once its preload (and every
    earlier stage's) was, and the modules loaded after each statement, run in its own
    child of that interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", FORKED, json.dumps(stages)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    results = []
    for stage in json.loads(out):
        failed = [key for key, modules in stage["found"].items() if modules is None]
        assert not failed, f"failed to import: {failed}"
        found = {key: set(modules) for key, modules in stage["found"].items()}
        results.append((set(stage["before"]), found))
    return results


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


NOT_IN_CORE = {"textual", "rich", "reportlab"}
ALL_CORE = "; ".join(f"import homecheck.{module}" for module in CORE)


@pytest.fixture(scope="module")
def loaded_without_ui() -> dict[str, set[str]]:
    """From a bare interpreter: the package alone, the PDF module, all core modules."""
    [(before, found)] = forked_imports(
        ([], {"package": "import homecheck", "pdf": "import homecheck.pdf", "core": ALL_CORE})
    )
    assert not {name for name in before if name.startswith("homecheck")}
    return found


def test_core_modules_import_neither_textual_nor_reportlab(
    loaded_without_ui: dict[str, set[str]],
) -> None:
    """All core modules in one child: what any of them loads is loaded then, so a clean
    result holds for each alone. Only a failure spends one child per module, to name the
    ones at fault."""
    together = NOT_IN_CORE & top_level(loaded_without_ui["core"])
    if together:
        [(_, alone)] = forked_imports(
            ([], {module: f"import homecheck.{module}" for module in CORE})
        )
        at_fault = {
            module: sorted(NOT_IN_CORE & top_level(loaded)) for module, loaded in alone.items()
        }
        assert not {module: found for module, found in at_fault.items() if found}
        raise AssertionError(f"the core modules together load {sorted(together)}")


def test_pdf_module_imports_reportlab_only_when_rendering(
    loaded_without_ui: dict[str, set[str]],
) -> None:
    assert "homecheck.pdf" in loaded_without_ui["pdf"]
    assert "reportlab" not in top_level(loaded_without_ui["pdf"])


def test_package_import_loads_nothing_else(loaded_without_ui: dict[str, set[str]]) -> None:
    loaded = top_level(loaded_without_ui["package"])
    assert "homecheck" in loaded
    assert {"sqlite_utils", "textual", "reportlab", "platformdirs"}.isdisjoint(loaded)


def ui_modules(folder: str) -> list[str]:
    return sorted(
        f"homecheck.ui.{folder}.{path.stem}"
        for path in (UI / folder).glob("*.py")
        if path.stem != "__init__"
    )


SCREENS = ui_modules("screens")
DIALOGS_AND_WIDGETS = ui_modules("dialogs") + ui_modules("widgets")


@pytest.fixture(scope="module")
def loaded_with_textual() -> dict[str, set[str]]:
    """Every dialog and widget together, from an interpreter that loaded Textual and the
    core (which loads nothing of the UI, as checked above); then each screen alone, once
    the dialogs and widgets (which load no screen, as checked here) are loaded too."""
    core = ["textual.app", "textual.screen", "textual.widgets"]
    core += [f"homecheck.{module}" for module in CORE]
    everything = "; ".join(f"import {name}" for name in DIALOGS_AND_WIDGETS)
    (before_parts, parts), (before_screens, screens) = forked_imports(
        (core, {"dialogs and widgets": everything}),
        (DIALOGS_AND_WIDGETS, {screen: f"import {screen}" for screen in SCREENS}),
    )
    assert not {name for name in before_parts if name.startswith("homecheck.ui")}
    assert not ({"homecheck.ui.app", *SCREENS} & before_screens), (
        "a dialog or widget loads the app or a screen, so no screen can be checked alone"
    )
    return {**parts, **screens}


@pytest.mark.parametrize("screen", SCREENS)
def test_screen_loads_neither_the_app_nor_another_screen(
    screen: str, loaded_with_textual: dict[str, set[str]]
) -> None:
    """The import-linter contract ignores screen -> app, since screens name the App's type
    for type checking only; this keeps that import from becoming a real one."""
    loaded = loaded_with_textual[screen]
    assert screen in loaded, "the screen did not import"
    assert "homecheck.ui.app" not in loaded
    assert set(SCREENS) & loaded == {screen}


def test_dialogs_and_widgets_load_no_screen(loaded_with_textual: dict[str, set[str]]) -> None:
    loaded = loaded_with_textual["dialogs and widgets"]
    assert set(DIALOGS_AND_WIDGETS) <= loaded, "a dialog or widget did not import"
    assert "homecheck.ui.app" not in loaded
    assert not set(SCREENS) & loaded


def test_screen_contract_names_every_screen() -> None:
    """A new screen left out of the independence contract could import any other."""
    config = tomllib.loads((UI.parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    independent = [c["modules"] for c in contracts if c["type"] == "independence"]
    assert [sorted(modules) for modules in independent] == [SCREENS]
