"""The core must not drag in the UI or the PDF library: checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

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


def imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return {name.split(".")[0] for name in out.split()}


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_neither_textual_nor_reportlab(module: str) -> None:
    loaded = imported_after(f"import homecheck.{module}")
    assert "textual" not in loaded and "rich" not in loaded
    assert "reportlab" not in loaded


def test_pdf_module_imports_reportlab_only_when_rendering() -> None:
    assert "reportlab" not in imported_after("import homecheck.pdf")


def test_package_import_loads_nothing_else() -> None:
    loaded = imported_after("import homecheck")
    assert {"sqlite_utils", "textual", "reportlab", "platformdirs"}.isdisjoint(loaded)
