"""A wheel installed outside the checkout still finds its checklists and fonts."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_checklists_and_works_outside_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "homecheck/_checklists/flags.toml" in names
    assert "homecheck/_checklists/sections/bathroom.toml" in names
    assert "homecheck/fonts/DejaVuSans.ttf" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "HOMECHECK_DB": str(tmp_path / "h.db")}
    code = (
        "import homecheck, homecheck.checklists as c; "
        "print(homecheck.__file__); print(c.default_checklists_dir())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    package_file, checklists_dir = out.split()
    assert package_file.startswith(str(site))
    assert checklists_dir == str(site / "homecheck" / "_checklists")
    result = subprocess.run(
        [sys.executable, "-m", "homecheck", "checklists", "validate"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")
