"""Load and validate the clinical content in checklists/ into a frozen Catalog.

The loader (loader.py) validates; this module finds the content and keeps a cache of
the validated catalog, so that start-up does not parse 40 TOML files every time.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from homecheck import __version__
from homecheck.checklists.loader import (
    FLAGS_FILE,
    PRECAUTIONS_FILE,
    RETIRED_FILE,
    SECTIONS_DIR,
    TECHNIQUES_FILE,
    ChecklistError,
    _Loader,
    content_hash,
)
from homecheck.model import Catalog


def default_checklists_dir() -> Path:
    """The shipped content: inside an installed wheel, else the checkout's checklists/."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_checklists"
    if installed.is_dir():
        return installed
    return package.parent / "checklists"


def load_catalog(directory: Path | None = None, *, cache_dir: Path | None = None) -> Catalog:
    """Read every file under `directory`, validate it all, and return the Catalog.

    With `cache_dir`, a catalog already validated for exactly these bytes is reused from
    a pickle named by their hash: parsing 40 TOML files is most of the app's start-up cost.
    The cache lives in the user's own cache folder, written 0600.
    """
    folder = directory or default_checklists_dir()
    if cache_dir is None:
        return _Loader(folder).load()
    if not folder.is_dir():
        raise ChecklistError([f"{folder}: no such checklist directory"])
    cache = cache_dir / f"catalog-{content_hash(folder)}-{__version__}.pickle"
    try:
        with cache.open("rb") as handle:
            cached = pickle.load(handle)  # noqa: S301 - our own file, in the user's cache
        if isinstance(cached, Catalog):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        pass
    catalog = _Loader(folder).load()
    _write_cache(cache, catalog)
    return catalog


def _write_cache(path: Path, catalog: Catalog) -> None:
    """Best effort: a cache that cannot be written only costs time."""
    import tempfile

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".catalog-", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(catalog, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except OSError:
        return


__all__ = [
    "FLAGS_FILE",
    "PRECAUTIONS_FILE",
    "RETIRED_FILE",
    "SECTIONS_DIR",
    "TECHNIQUES_FILE",
    "ChecklistError",
    "content_hash",
    "default_checklists_dir",
    "load_catalog",
]
