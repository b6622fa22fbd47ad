"""The database file itself, looked at before SQLite opens it: what it is, who may read
and write it, and how to open it for reading without leaving anything beside it."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import quote

SQLITE_HEADER = b"SQLite format 3\x00"
_HEADER_SIZE = 100
_USER_VERSION_AT = 60  # SQLite's header keeps PRAGMA user_version here, big-endian
COMPANIONS = ("-wal", "-shm")


class FileProblem(Exception):
    """The file cannot be used as it is; the message is one line for the user."""


def create_private_file(path: Path) -> None:
    """Create `path` readable by the owner only (0600) unless it already exists."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)


def header_version(path: Path) -> int | None:
    """The schema version in the file's header, read as bytes so that nothing about the
    file changes; None for an empty file. Refuses a file that is not SQLite.

    A write-ahead log not yet copied back may hold a newer version: this is a first look,
    and the version SQLite reports once open still decides.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(_HEADER_SIZE)
    except OSError as error:
        raise FileProblem(f"cannot read {path}: {error.strerror}") from None
    if header and header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise FileProblem(f"{path} is not a homecheck database (not an SQLite file)")
    if len(header) < _HEADER_SIZE:
        return None  # empty, or too short to be one: SQLite will say which
    return int.from_bytes(header[_USER_VERSION_AT : _USER_VERSION_AT + 4], "big", signed=True)


def is_writable(path: Path) -> bool:
    """Whether we may write `path`. A file with no write permission for anyone counts as
    read-only even for root, who could write it: its owner meant it to stay as it is."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & 0o222) and os.access(path, os.W_OK)


def make_private(path: Path) -> bool:
    """Take group and other permissions off the database and its -wal and -shm files
    (only regular files we own); True when something changed, so the user can be told."""
    changed = False
    for name in (str(path), *(f"{path}{suffix}" for suffix in COMPANIONS)):
        try:
            info = os.stat(name, follow_symlinks=False)
            mode = stat.S_IMODE(info.st_mode)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or not mode & 0o077:
                continue
            os.chmod(name, mode & 0o700)
        except OSError:
            continue  # missing, or on a read-only disk: nothing to tighten there
        changed = True
    return changed


def read_only_uri(path: Path) -> str:
    """An SQLite URI to read `path` through, leaving nothing new beside it.

    Reading a database in write-ahead-log mode needs -wal and -shm files beside it. Where
    we may write the file and its folder, it is opened as usual (the Store then makes the
    connection query-only), so closing it tidies those files away as any close does.
    Otherwise SQLite can open it read-only, but would leave the two files behind, made
    read-only, blocking every later save once the file is writable again; or, in a folder
    we may not write, cannot make them at all. There, with no log to read, the file alone
    is the whole database, so it is opened as immutable and nothing is created.
    """
    uri = f"file:{quote(str(path.absolute()))}"
    if is_writable(path) and os.access(path.parent, os.W_OK | os.X_OK):
        return uri + "?mode=rw"
    if Path(f"{path}-wal").exists():
        return uri + "?mode=ro"
    return uri + "?mode=ro&immutable=1"
