"""Shared fixtures: the small fixture catalog, the shipped catalog, in-memory stores.

Every person here is fictional.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from homecheck.checklists import load_catalog
from homecheck.config import Config
from homecheck.model import Catalog
from homecheck.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
MINI_CHECKLISTS = FIXTURES / "mini"
FIXED_DATE = date(2026, 11, 2)


@pytest.fixture(scope="session")
def mini_catalog() -> Catalog:
    return load_catalog(MINI_CHECKLISTS)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped content."""
    return load_catalog()


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
