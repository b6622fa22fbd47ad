"""Shared fixtures: the small fixture catalog, the shipped catalog, in-memory stores.

Every person here is fictional.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import hypothesis
import platformdirs
import pytest
from textual._styles_cache import StylesCache

from homecheck.checklists import load_catalog
from homecheck.config import APP_NAME, Config
from homecheck.files import ensure_private_dir
from homecheck.model import Catalog
from homecheck.store import Store
from tests import (
    callback_arity,
    fresh_stores,
    headless_frames,
    lasting_messages,
    settled_waits,
    shared_catalog,
    textual_css_cache,
    textual_dispatch,
    textual_rule_match,
)

textual_css_cache.install()
textual_rule_match.install()
textual_dispatch.install()
callback_arity.install()
fresh_stores.install()
lasting_messages.install()
settled_waits.install()
# HOMECHECK_TEST_EVERY_FRAME=1 draws every frame, as the app does (to rule the harness out).
if not os.environ.get("HOMECHECK_TEST_EVERY_FRAME"):
    headless_frames.install()

# Hypothesis times each example against the wall clock (200 ms) and fails a strategy that
# generates slowly: on a crowded machine either can fail a test that is right. What a
# property test checks is its property, so neither clock applies here.
hypothesis.settings.register_profile(
    "homecheck", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.load_profile("homecheck")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Spend less of the run in the garbage collector.

    Every UI test builds and drops thousands of widgets, styles and strips, and the default
    thresholds (a collection every 700 new objects) walk the whole heap again and again,
    imported modules included. Freezing what is alive after collection takes those out of
    every later walk; a higher first threshold runs the youngest generation less often.
    Nothing here changes what a test sees: reference counting still frees everything at
    once, and cycles are still collected.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 100, 1000)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Spend little on pytest's closing garbage collections (five full passes per process,
    to find unraisable errors), which every worker ran at the same moment, at the end.

    `StylesCache.get_inner_outer` is an lru_cache on a method, so it keeps up to 1024
    widgets' style caches alive with every line they drew: emptied here, as the next call
    would only compute them again, and nothing runs after this. Then one full collection
    finds everything already garbage and runs its finalizers (each runs once, so a failing
    one is reported as before), and freezing what is left alive keeps the test run's caches
    out of pytest's five passes, which then walk only what those finalizers left: about
    0.15 s apiece in each worker before.
    """
    StylesCache.get_inner_outer.cache_clear()
    gc.collect()
    gc.freeze()


FIXTURES = Path(__file__).parent / "fixtures"
MINI_CHECKLISTS = FIXTURES / "mini"
FIXED_DATE = date(2026, 11, 2)

# Every variable that names a user folder homecheck (through platformdirs) might write to.
USER_FOLDER_VARIABLES = (
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "XDG_CONFIG_HOME",
    "XDG_STATE_HOME",
    "XDG_RUNTIME_DIR",
    "XDG_DOCUMENTS_DIR",
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "empty_cache: start with an empty user cache folder, without the shipped catalog's"
        " validated copy that every other test finds there",
    )


def fresh_folder(tmp_path_factory: pytest.TempPathFactory, prefix: str) -> Path:
    """A new empty folder in the run's temporary folder, made in one step.

    pytest's own (`mktemp`, and `tmp_path` through it) numbers each folder by listing the
    whole run folder first, which holds every folder made before: the n-th test paid for n
    entries twice, over a second of CPU a run in all."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=tmp_path_factory.getbasetemp()))


@pytest.fixture
def tmp_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pytest's `tmp_path`, a fresh folder named after the test, made in one step.

    The name is the test's first 21 characters and 9 of `mkdtemp`'s, where pytest keeps 30
    and a number: for the long test names here no longer than pytest's, as a test that prints
    a path into a line of a given width expects. pytest's `tmp_path_retention_policy` does
    not apply to these folders (it is not set here); the run's folder is removed with them."""
    return fresh_folder(tmp_path_factory, re.sub(r"\W", "_", request.node.name)[:21])


@pytest.fixture(scope="session")
def shipped_catalog_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cache file homecheck writes for the shipped content, made once per run."""
    return shared_catalog.shipped_catalog_cache(tmp_path_factory)


@pytest.fixture(autouse=True)
def private_user_folders(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> Path:
    """Point HOME and every XDG folder at a fresh temporary folder; clear HOMECHECK_*.

    Tests must never read or write the real database, cache, documents or settings of the
    person running them. Subprocesses inherit os.environ, so they are covered too.

    The fresh cache folder holds what homecheck itself would have left there after one
    run: the shipped catalog, validated. Without it every command run in or out of
    process parsed all the TOML again (half a second each, about 10 % of the suite).
    Its name carries the content's hash, so a test with other content still parses it.
    The file is a hard link to the run's one copy (copying its megabyte cost each test
    3-4 ms of CPU): homecheck only ever replaces a cache file whole (`files.py`), never
    writes into one, so no test can change what the next one finds.
    """
    home = fresh_folder(tmp_path_factory, "home")
    monkeypatch.setenv("HOME", str(home))
    for variable in USER_FOLDER_VARIABLES:
        monkeypatch.setenv(variable, str(home / variable.lower()))
    for variable in list(os.environ):
        if variable.startswith("HOMECHECK_"):
            monkeypatch.delenv(variable)
    if request.node.get_closest_marker("empty_cache") is None:
        seed: Path = request.getfixturevalue("shipped_catalog_cache")
        cache = Path(platformdirs.user_cache_dir(APP_NAME))
        ensure_private_dir(cache)
        try:
            os.link(seed, cache / seed.name)
        except OSError:  # a filesystem without hard links, or another device
            shutil.copyfile(seed, cache / seed.name)
            os.chmod(cache / seed.name, 0o600)
    return home


@pytest.fixture(scope="session")
def mini_catalog() -> Catalog:
    return load_catalog(MINI_CHECKLISTS)


@pytest.fixture(scope="session")
def catalog(shipped_catalog_cache: Path) -> Catalog:
    """The shipped content, as the cached copy just validated for it (parsing the TOML a
    second time per worker cost 0.15 s)."""
    return load_catalog(cache_dir=shipped_catalog_cache.parent)


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store()
    yield s
    s.close()


@pytest.fixture
def file_store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "homecheck.db")
    yield s
    s.close()


@pytest.fixture
def config(tmp_path: Path) -> Config:
    reports = tmp_path / "reports"
    reports.mkdir()
    return Config(db_path=tmp_path / "homecheck.db", reports_dir=reports, db_is_default=False)
