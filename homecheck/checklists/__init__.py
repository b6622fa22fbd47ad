"""Load and validate the clinical content in checklists/ into a frozen Catalog.

The loader (loader.py) validates; this module finds the content and keeps a cache of
the validated catalog, so that start-up does not parse 40 TOML files every time.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import pickle
from pathlib import Path

from homecheck import __version__, model
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
from homecheck.files import ensure_private_dir, private_output
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
    The name also carries the model's fingerprint, because slotted dataclasses unpickle by
    position: a field added to the model without a version bump would otherwise move
    values into the wrong fields. The cache lives in the user's own cache folder, 0600.
    """
    folder = directory or default_checklists_dir()
    if cache_dir is None:
        return _Loader(folder).load()
    if not folder.is_dir():
        raise ChecklistError([f"{folder}: no such checklist directory"])
    key = f"{content_hash(folder)}-{__version__}-{model_fingerprint()}"
    cache = cache_dir / f"catalog-{key}.pickle"
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


def model_fingerprint() -> str:
    """A short hash of the shape of every dataclass and enum in homecheck.model.

    Field names and declared types, in order, and enum members: whatever a pickle of a
    Catalog relies on to be read back into the same fields.
    """
    digest = hashlib.sha256()
    for name, value in sorted(vars(model).items()):
        if not isinstance(value, type) or value.__module__ != model.__name__:
            continue
        if dataclasses.is_dataclass(value):
            layout = [f"{f.name}:{f.type}" for f in dataclasses.fields(value)]
        elif issubclass(value, enum.Enum):
            layout = [f"{member.name}={member.value!r}" for member in value]
        else:
            continue
        digest.update(f"{name}({','.join(layout)})\n".encode())
    return digest.hexdigest()[:16]


def _write_cache(path: Path, catalog: Catalog) -> None:
    """Best effort: a cache that cannot be written only costs time.

    Written as reports are (private, atomic, never onto anything but a regular file), in
    folders made 0700 whatever the umask.
    """
    try:
        ensure_private_dir(path.parent)
        with private_output(path, binary=True) as handle:
            pickle.dump(catalog, handle, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, pickle.PicklingError):
        pass


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
    "model_fingerprint",
]
