"""The shipped catalog's validated cache file, written once per test run, not once per worker.

Every test's cache folder is seeded with the file homecheck writes after validating the
shipped content (tests/conftest.py). Parsing and validating the TOML for it costs about half
a second of CPU, which each pytest-xdist worker paid again. The workers of one run share
that run's temporary folder (each worker's own is inside it): the first to take the lock
there writes the file, the others wait for it and find it written.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from homecheck.checklists import load_catalog


def shipped_catalog_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cache file for the shipped content: this run's, under xdist; else this process's."""
    if "PYTEST_XDIST_WORKER" in os.environ:
        run = tmp_path_factory.getbasetemp().parent
        folder = run / "catalog-cache"
        with (run / "catalog-cache.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if not any(folder.glob("catalog-*.pickle")):
                load_catalog(cache_dir=folder)
    else:
        folder = tmp_path_factory.mktemp("catalog-cache")
        load_catalog(cache_dir=folder)
    [cached] = folder.glob("catalog-*.pickle")
    return cached
